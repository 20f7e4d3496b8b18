// Named exports only: the other sources export similar helper names from the same package.
export { splitCloudTrailBody, type BodyRecord as CloudTrailBodyRecord } from './body.js';
export { CloudTrailCatalog, UnknownActionsError, isUnknownActionsError } from './catalog.js';
export {
  SKIP_REASONS as CLOUDTRAIL_SKIP_REASONS,
  type SkipReason as CloudTrailSkipReason,
} from './identity.js';
export {
  MAPPING_TABLE as CLOUDTRAIL_MAPPING_TABLE,
  mappedActions as cloudTrailMappedActions,
} from './mapping/index.js';
export {
  CloudTrailReader,
  type CloudTrailReadResult,
  type SkippedCount as CloudTrailSkippedCount,
} from './reader.js';
