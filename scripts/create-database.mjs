// Creates the database named in DATABASE_URL when it does not exist yet, by connecting to the
// server's maintenance database `postgres` with the same credentials.
import pg from 'pg';

const DEFAULT_DATABASE_URL = 'postgresql://postgres@127.0.0.1:5432/policy_ledger';

const target = new URL(process.env.DATABASE_URL ?? DEFAULT_DATABASE_URL);
const database = decodeURIComponent(target.pathname.replace(/^\//, ''));
if (!/^[A-Za-z0-9_-]+$/.test(database)) {
  console.error(
    `create-database: database name "${database}" in DATABASE_URL must match [A-Za-z0-9_-]+`,
  );
  process.exit(2);
}

const maintenance = new URL(target);
maintenance.pathname = '/postgres';
const client = new pg.Client({ connectionString: maintenance.toString() });

try {
  await client.connect();
  const existing = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
  if (existing.rowCount === 0) {
    await client.query(`CREATE DATABASE "${database}"`);
    console.log(`create-database: created database ${database}`);
  } else {
    console.log(`create-database: database ${database} already exists`);
  }
} catch (error) {
  console.error(`create-database: failed on ${target.host}: ${error.message}`);
  console.error('create-database: check that PostgreSQL is running and DATABASE_URL is right');
  process.exit(1);
} finally {
  await client.end().catch(() => {});
}
