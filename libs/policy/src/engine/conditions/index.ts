export type { ContextKeyValue, ContextOptions } from './context.js';
export { getContextKeyValue } from './context.js';
export type { ConditionOptions } from './evaluate-condition.js';
export { evaluateCondition, findConditionOperator } from './evaluate-condition.js';
export type { ConditionOperator, ConditionOutcome, PolicyValue } from './operator.js';
