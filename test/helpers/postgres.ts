import { randomBytes } from 'node:crypto';
import pg from 'pg';

/**
 * A fresh PostgreSQL database per test run: `CREATE DATABASE bot_test_<random>` on the server of
 * TEST_DATABASE_URL (default: the local one, trust auth), dropped at the end. Without a reachable
 * server the PostgreSQL suites are skipped with a loud line, unless REQUIRE_POSTGRES=1 (as .ci/run
 * sets), where an unreachable server fails the run: CI can never skip them.
 */
export const ADMIN_URL = process.env.TEST_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/postgres';
export const REQUIRED = process.env.REQUIRE_POSTGRES === '1';

async function reachable(): Promise<string | undefined> {
  const client = new pg.Client({ connectionString: ADMIN_URL, connectionTimeoutMillis: 3_000 });
  try {
    await client.connect();
    await client.query('SELECT 1');
    return undefined;
  } catch (error) {
    return (error as Error).message || String(error);
  } finally {
    await client.end().catch(() => undefined);
  }
}

let probe: Promise<string | undefined> | undefined;

/** True when the suite runs; otherwise says loudly why not (or throws when PostgreSQL is required). */
export async function postgresAvailable(suite: string): Promise<boolean> {
  const problem = await (probe ??= reachable());
  if (!problem) return true;
  if (REQUIRED) throw new Error(`REQUIRE_POSTGRES=1 but PostgreSQL at ${ADMIN_URL} is unreachable: ${problem}`);
  const line = '!'.repeat(100);
  console.warn(
    `\n${line}\n${suite}: POSTGRESQL TESTS SKIPPED: ${ADMIN_URL} is unreachable (${problem}). ` +
      'Start PostgreSQL or set TEST_DATABASE_URL; REQUIRE_POSTGRES=1 makes this an error (CI sets it).' +
      `\n${line}\n`,
  );
  return false;
}

export interface TestDatabase {
  url: string;
  name: string;
  drop(): Promise<void>;
}

async function admin<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: ADMIN_URL });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** Creates an empty database; `drop()` removes it, ending any connection still open to it. */
export async function createTestDatabase(): Promise<TestDatabase> {
  const name = `bot_test_${randomBytes(6).toString('hex')}`;
  await admin((c) => c.query(`CREATE DATABASE ${name}`));
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    name,
    drop: () => admin((c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)).then(() => undefined),
  };
}
