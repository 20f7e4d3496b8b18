export const DEFAULT_DATABASE_URL = 'postgresql://postgres@127.0.0.1:5432/policy_ledger';

/** Returns DATABASE_URL, or the local default that setup creates. */
export function databaseUrl(): string {
  return process.env.DATABASE_URL ?? DEFAULT_DATABASE_URL;
}
