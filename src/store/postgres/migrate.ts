import type pg from 'pg';
import { MIGRATIONS, type Migration } from './migrations.js';
import { MIGRATION_LOCK } from './locks.js';

/**
 * Brings the schema up to date: each migration not yet in `schema_migrations` runs in its own
 * transaction together with the row that records it. Instances starting together queue on one
 * advisory lock, so the schema is migrated once and the others find it done. Returns the versions
 * applied by this call.
 */
export async function migrate(pool: pg.Pool, migrations: Migration[] = MIGRATIONS): Promise<number[]> {
  const client = await pool.connect();
  const applied: number[] = [];
  try {
    await client.query('SELECT pg_advisory_lock($1, $2)', MIGRATION_LOCK);
    try {
      await client.query(
        `CREATE TABLE IF NOT EXISTS schema_migrations (
           version int PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`,
      );
      const { rows } = await client.query<{ version: number }>('SELECT version FROM schema_migrations');
      const done = new Set(rows.map((r) => r.version));
      const known = Math.max(0, ...migrations.map((m) => m.version));
      const newer = [...done].filter((v) => v > known);
      if (newer.length)
        throw new Error(
          `the database has schema version ${Math.max(...newer)}, newer than this program knows (${known}): run the newer program`,
        );
      for (const m of [...migrations].sort((a, b) => a.version - b.version)) {
        if (done.has(m.version)) continue;
        await client.query('BEGIN');
        try {
          await client.query(m.sql);
          await client.query('INSERT INTO schema_migrations (version, name) VALUES ($1, $2)', [m.version, m.name]);
          await client.query('COMMIT');
        } catch (error) {
          await client.query('ROLLBACK');
          throw new Error(`migration ${m.version} (${m.name}) failed: ${(error as Error).message}`, { cause: error });
        }
        applied.push(m.version);
      }
    } finally {
      await client.query('SELECT pg_advisory_unlock($1, $2)', MIGRATION_LOCK);
    }
  } finally {
    client.release();
  }
  return applied;
}
