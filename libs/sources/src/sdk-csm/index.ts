export {
  AccessKeyMap,
  InvalidAccessKeyMappingError,
  isInvalidAccessKeyMappingError,
  maskAccessKeyId,
  parseAccessKeyMappings,
} from './access-keys.js';
export { AttemptAccessKeys } from './attempt-access-keys.js';
export {
  readSdkCsm,
  readSdkCsmLines,
  type SdkCsmLine,
  type SdkCsmReadOptions,
} from './read-sdk-csm.js';
export { iamActionFor, iamActionsFor, type ActionLookup } from './service-ids.js';
