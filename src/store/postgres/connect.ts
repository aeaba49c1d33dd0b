import pg from 'pg';

export interface PoolOptions {
  /** Connections kept at most by this instance. */
  max?: number;
}

/**
 * A pool on `DATABASE_URL` (postgres://user:password@host:port/database?sslmode=…). Timestamps
 * come back as the text PostgreSQL sends; the store keeps its own times as ISO strings in jsonb.
 */
export function connect(url: string, options: PoolOptions = {}): pg.Pool {
  const pool = new pg.Pool({
    connectionString: url,
    max: options.max ?? 20,
    application_name: 'tro-ly-cong-dan-so',
    connectionTimeoutMillis: 10_000,
  });
  // An idle connection that the server drops must not crash the process: the pool replaces it.
  pool.on('error', () => undefined);
  return pool;
}

/** The URL with its password hidden, for log lines and errors. */
export function describeUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return 'an unparsable DATABASE_URL';
  }
}
