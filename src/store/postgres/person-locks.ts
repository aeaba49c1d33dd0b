import type pg from 'pg';
import type { HandoffCase } from '../../domain/handoff.js';
import type { UserRecord } from '../../domain/person.js';
import { KeyedLock } from '../../lib/keyed-lock.js';
import { PERSON_LOCK_CLASS } from './locks.js';
import type { Layer } from './staged.js';

/** What a message of a person reads first, fetched with the lock. */
export interface HeldPerson {
  user: UserRecord | undefined;
  cases: HandoffCase[];
}

/**
 * One message of a person at a time across instances: a session advisory lock on the person's key,
 * held on a connection of its own while the work runs (this process queues its own callers of one
 * key first, so a key takes one connection here). The lock, the person's record and their handoff
 * cases come in one round trip: three statements in one simple query, each with a snapshot taken
 * after the one before, so the reads see what the previous holder committed. While the lock is
 * held no other instance changes that person, so their reads are served from what was fetched
 * (with this instance's staged writes laid over it). The unlock is sent after the work has
 * returned, off the caller's path: until the database has it, the next holder just waits there.
 */
export class PersonLocks {
  readonly held = new Map<string, HeldPerson>();
  private readonly local = new KeyedLock();

  constructor(
    private readonly pool: pg.Pool,
    private readonly count: () => void,
  ) {}

  run<T>(key: string, work: () => Promise<T>): Promise<T> {
    return this.local.run(key, async () => {
      const client = await this.pool.connect();
      const k = client.escapeLiteral(key);
      try {
        this.count();
        const results = (await client.query(
          `SELECT pg_advisory_lock(${PERSON_LOCK_CLASS}, hashtext(${k}));
           SELECT value FROM people WHERE key = ${k};
           SELECT value FROM handoffs WHERE user_key = ${k};`,
        )) as unknown as pg.QueryResult<{ value: never }>[];
        this.held.set(key, {
          user: results[1]!.rows[0]?.value,
          cases: results[2]!.rows.map((r) => r.value),
        });
      } catch (error) {
        client.release(error as Error);
        throw error;
      }
      try {
        return await work();
      } finally {
        this.held.delete(key);
        this.count();
        // A failed unlock closes the connection: the only sure way to let go of the lock.
        client.query(`SELECT pg_advisory_unlock(${PERSON_LOCK_CLASS}, hashtext(${k}))`).then(
          () => client.release(),
          (error: Error) => client.release(error),
        );
      }
    });
  }
}

/** What a written layer changed for the people whose lock is held: their fetched values follow. */
export function absorb(held: Map<string, HeldPerson>, layer: Layer): void {
  for (const [key, person] of held) {
    if (layer.forgotten.has(key)) {
      person.user = undefined;
      person.cases = [];
    }
    const user = layer.of('users').get(key);
    if (user !== undefined) person.user = user ?? undefined;
    for (const [id, value] of layer.of('handoffs')) {
      person.cases = person.cases.filter((c) => c.id !== id);
      if (value?.userKey === key) person.cases.push(value);
    }
  }
}
