import type pg from 'pg';
import { KeyedLock } from '../../lib/keyed-lock.js';

/**
 * Named locks across instances (`exclusively`): a session-level advisory lock on (class,
 * hashtext(name)), held on a connection of its own for the duration of the work. Within this
 * process a keyed lock queues the callers of one name first, so a name takes at most one
 * connection here. If this process dies the server ends its sessions and the locks go with them.
 * The connections come from a pool of their own: a holder's work queries through another pool,
 * so holders waiting for a query can never starve it. (People's locks: person-locks.ts.)
 */
export class AdvisoryLocks {
  private readonly local = new KeyedLock();

  constructor(
    private readonly pool: pg.Pool,
    private readonly lockClass: number,
    /** Counts the statements sent, for the benchmark's round trips per message. */
    private readonly count: () => void = () => undefined,
  ) {}

  run<T>(key: string, work: () => Promise<T>): Promise<T> {
    return this.local.run(key, async () => {
      const client = await this.pool.connect();
      try {
        this.count();
        await client.query('SELECT pg_advisory_lock($1, hashtext($2))', [this.lockClass, key]);
      } catch (error) {
        client.release(error as Error);
        throw error;
      }
      try {
        return await work();
      } finally {
        try {
          this.count();
          await client.query('SELECT pg_advisory_unlock($1, hashtext($2))', [this.lockClass, key]);
          client.release();
        } catch (error) {
          // The session may still hold the lock: closing it is the only sure way to let go.
          client.release(error as Error);
        }
      }
    });
  }
}
