import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type pg from 'pg';
import { connect } from '../src/store/postgres/connect.js';
import { migrate } from '../src/store/postgres/migrate.js';
import { MIGRATIONS } from '../src/store/postgres/migrations.js';
import { createTestDatabase, postgresAvailable, type TestDatabase } from './helpers/postgres.js';

const available = await postgresAvailable('postgres-migrations');

describe.runIf(available)('PostgreSQL migrations', () => {
  let db: TestDatabase;
  const pools: pg.Pool[] = [];
  const pool = () => {
    const p = connect(db.url, { max: 2 });
    pools.push(p);
    return p;
  };

  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(async () => {
    await Promise.all(pools.map((p) => p.end()));
    await db?.drop();
  });

  it('should migrate once when several instances start together', async () => {
    const results = await Promise.all([pool(), pool(), pool(), pool()].map((p) => migrate(p)));
    const all = MIGRATIONS.map((m) => m.version);
    expect(results.flat().sort()).toEqual(all);
    expect(results.filter((r) => r.length > 0)).toHaveLength(1);
    const { rows } = await pool().query('SELECT version FROM schema_migrations ORDER BY version');
    expect(rows.map((r) => r.version)).toEqual(all);
  });

  it('should find nothing to do on the next start', async () => {
    expect(await migrate(pool())).toEqual([]);
  });

  it('should make the tables the store needs', async () => {
    const { rows } = await pool().query<{ tablename: string }>(
      "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename",
    );
    expect(rows.map((r) => r.tablename)).toEqual([
      'broadcasts',
      'events',
      'handoffs',
      'inbound',
      'inbox',
      'instances',
      'meta',
      'outbox',
      'people',
      'rate_limits',
      'schema_migrations',
      'seen',
      'store_identity',
    ]);
  });

  it('should apply a later migration and record it', async () => {
    const next = { version: 1000, name: 'test column', sql: 'ALTER TABLE meta ADD COLUMN note text' };
    expect(await migrate(pool(), [...MIGRATIONS, next])).toEqual([1000]);
    await pool().query("INSERT INTO meta (key, value, note) VALUES ('k', '1', 'x')");
  });

  it('should roll back a failing migration whole and say which one failed', async () => {
    const bad = { version: 1001, name: 'half broken', sql: 'CREATE TABLE half (id int); SELECT no_such_function()' };
    await expect(migrate(pool(), [...MIGRATIONS, bad])).rejects.toThrow(/migration 1001 \(half broken\) failed/);
    const { rows } = await pool().query("SELECT to_regclass('half') AS t");
    expect(rows[0].t).toBeNull();
  });

  it('should refuse a database migrated by a newer program', async () => {
    await expect(migrate(pool(), MIGRATIONS)).rejects.toThrow(/schema version 1000, newer than this program knows/);
  });
});
