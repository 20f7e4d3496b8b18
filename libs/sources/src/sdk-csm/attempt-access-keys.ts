/** Calls whose access key is remembered before the oldest is dropped. */
const DEFAULT_MAX_CALLS = 10_000;

/**
 * Access keys seen on `ApiCallAttempt` records, per call, for the `ApiCall` record that follows.
 *
 * The AWS SDK for Go v1 and botocore (the AWS CLI and boto3) put `AccessKey` on each attempt
 * but not on the final `ApiCall` record, which they send after the attempts. A call is
 * identified by its sender, `ClientId`, `Service` and `Api`, so two concurrent calls of the same
 * operation from one SDK client with different keys can take each other's key.
 */
export class AttemptAccessKeys {
  private readonly keys = new Map<string, string>();

  constructor(private readonly maxCalls = DEFAULT_MAX_CALLS) {}

  remember(call: string, accessKey: string): void {
    this.keys.delete(call);
    this.keys.set(call, accessKey);

    if (this.keys.size > this.maxCalls) {
      const oldest = this.keys.keys().next().value as string;
      this.keys.delete(oldest);
    }
  }

  recall(call: string): string | undefined {
    return this.keys.get(call);
  }
}

/** Builds the key that ties an `ApiCall` record to its attempts. */
export function callKey(
  origin: string | undefined,
  clientId: string | undefined,
  service: string,
  api: string,
): string {
  return JSON.stringify([origin ?? '', clientId ?? '', service, api]);
}
