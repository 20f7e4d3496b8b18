import { execFileSync } from 'node:child_process';

/**
 * Creates and migrates the test database once per run, so `npx vitest run` works on a fresh
 * clone as long as PostgreSQL and Kafka are running.
 */
export default function setup(): void {
  const env = {
    ...process.env,
    DATABASE_URL:
      process.env.DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/policy_ledger_test',
  };

  execFileSync('node', ['scripts/create-database.mjs'], { env, stdio: 'inherit' });
  execFileSync('npx', ['prisma', 'migrate', 'deploy'], { env, stdio: 'inherit' });
}
