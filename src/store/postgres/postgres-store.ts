import type pg from 'pg';
import type { Broadcast, OutboxRow } from '../../domain/outreach.js';
import type { HandoffCase } from '../../domain/handoff.js';
import type { Channel, InboxMessage, Reply } from '../../domain/messages.js';
import type { PendingInbound } from '../../domain/inbound.js';
import type { ProgressEvent } from '../../domain/progress.js';
import type { UserRecord } from '../../domain/person.js';
import { INBOX_LIMIT } from '../state.js';
import type { EventBatch, EventCursor, Store } from '../store.js';
import { AdvisoryLocks } from './advisory.js';
import { connect } from './connect.js';
import { Instance, type InstanceOptions } from './instance.js';
import { NAMED_LOCK_CLASS } from './locks.js';
import { absorb, PersonLocks } from './person-locks.js';
import { migrate } from './migrate.js';
import { claimDue, nextDue, strandedSending } from './outbox-claims.js';
import { PostgresReads } from './reads.js';
import { RateCounters } from './rate-counters.js';
import { Layer, Overlay } from './staged.js';

export interface PostgresStoreOptions extends InstanceOptions {
  /** Connections for queries and flushes. */
  queryConnections?: number;
  /** Connections that hold a person's lock while their message is handled (people served at once). */
  personConnections?: number;
  /** Event log batch size. */
  eventBatch?: number;
}

/**
 * The store on PostgreSQL, shared by several instances. Reads go to the database, with what this
 * instance staged laid over them (read-your-writes); writes are staged and sent at `flush()` as
 * one call of store_flush, one transaction, concurrent flushes sharing one batch (group commit).
 * One message per person at a time and the named locks are advisory locks held across instances.
 */
export class PostgresStore extends PostgresReads implements Store {
  readonly instance: Instance;
  private readonly lockPool: pg.Pool;
  /**
   * Named locks have connections of their own: a person's work may wait for one (the Zalo token
   * refresh while answering), so it must never wait behind every connection held by people.
   */
  private readonly namePool: pg.Pool;
  private readonly people: PersonLocks;
  private readonly names: AdvisoryLocks;
  private writing: Promise<void> = Promise.resolve();
  private nextBatch: Promise<void> | undefined;
  private closing: Promise<void> | undefined;

  private constructor(url: string, pool: pg.Pool, lockPool: pg.Pool, storeId: string, options: PostgresStoreOptions) {
    super(pool, new Overlay(), storeId, options.eventBatch ?? 5_000);
    this.lockPool = lockPool;
    this.instance = new Instance(url, pool, options);
    this.people = new PersonLocks(lockPool, () => this.roundTrips++);
    this.held = this.people.held;
    this.namePool = connect(url, { max: 4 });
    this.names = new AdvisoryLocks(this.namePool, NAMED_LOCK_CLASS, () => this.roundTrips++);
  }

  /** Connects, migrates the schema (once across instances) and joins the instances. */
  static async open(url: string, options: PostgresStoreOptions = {}): Promise<PostgresStore> {
    const pool = connect(url, { max: options.queryConnections ?? 10 });
    const lockPool = connect(url, { max: options.personConnections ?? 16 });
    try {
      await migrate(pool);
      const { rows } = await pool.query<{ id: string }>('SELECT id FROM store_identity');
      const store = new PostgresStore(url, pool, lockPool, rows[0]!.id, options);
      await store.instance.start();
      return store;
    } catch (error) {
      await Promise.all([pool.end(), lockPool.end()]);
      throw error;
    }
  }

  /** Hit counters for one rate limiter, shared with every instance on this database. */
  rateCounters(prefix: string): RateCounters {
    return new RateCounters(this.pool, prefix);
  }

  withPerson<T>(key: string, work: () => Promise<T>): Promise<T> {
    return this.people.run(key, work);
  }

  exclusively<T>(name: string, work: () => Promise<T>): Promise<T> {
    return this.names.run(`name:${name}`, work);
  }

  putUser(user: UserRecord): void {
    this.top.set('users', user.key, user, { op: 'user', value: user });
  }

  async forgetUser(key: string): Promise<void> {
    this.top.forget(key);
    await this.flush();
  }

  appendEvents(events: ProgressEvent[]): void {
    this.top.events.push(...events);
  }

  pushInbox(userKey: string, message: InboxMessage): void {
    const list = this.top.inboxes.get(userKey) ?? [];
    const ref = message.ref ?? message.id;
    if (list.some((m) => (m.ref ?? m.id) === ref)) return;
    list.push(message);
    this.top.inboxes.set(userKey, list);
    this.top.ops.push({ op: 'inbox', key: userKey, value: message, limit: INBOX_LIMIT });
  }

  putBroadcast(broadcast: Broadcast): void {
    this.top.set('broadcasts', broadcast.id, broadcast, { op: 'broadcast', value: broadcast });
  }

  putOutbox(row: OutboxRow): void {
    this.top.set('outbox', row.id, row, { op: 'outbox', value: row });
  }

  dropOutbox(id: string): void {
    this.top.set('outbox', id, null, { op: 'outbox-drop', id });
  }

  async claimDue(now: Date, limit: number): Promise<OutboxRow[]> {
    this.roundTrips++;
    const rows = await claimDue(this.pool, this.instance, now, limit);
    // A row this instance already moved on (staged, not yet written) is not due any more.
    return rows.filter((r) => {
      const staged = this.overlay.get('outbox', r.id);
      return staged === undefined || staged?.status === 'pending';
    });
  }

  async nextDue(): Promise<Map<Channel, Date>> {
    this.roundTrips++;
    const next = await nextDue(this.pool);
    for (const layer of this.overlay.layers)
      for (const row of layer.of('outbox').values()) {
        if (row?.status !== 'pending') continue;
        const at = new Date(row.notBefore);
        if (at < (next.get(row.channel) ?? new Date(8.64e15))) next.set(row.channel, at);
      }
    return next;
  }

  async strandedSending(): Promise<OutboxRow[]> {
    this.roundTrips++;
    const rows = await strandedSending(this.pool, this.instance);
    return rows.filter((r) => this.overlay.get('outbox', r.id) === undefined);
  }

  putInbound(item: PendingInbound): void {
    this.inboundHere.add(item.id);
    this.top.set('inbound', item.id, item, { op: 'inbound', value: item });
  }

  inboundHandled(id: string, replies: Reply[]): void {
    const op = { op: 'inbound-handled', id, replies } as const;
    const staged = this.overlay.get('inbound', id);
    if (staged) this.top.set('inbound', id, { ...staged, replies }, op);
    else this.top.ops.push(op);
  }

  inboundDone(id: string): void {
    this.inboundHere.delete(id);
    this.top.set('inbound', id, null, { op: 'inbound-done', id });
  }

  /**
   * Not staged: the unique key answers at once, for every instance. A delivery taken by an
   * instance that stopped before storing it (its `putInbound` confirms it) is new again.
   */
  async markSeen(key: string): Promise<boolean> {
    this.roundTrips++;
    const { rowCount } = await this.pool.query(
      `INSERT INTO seen AS s (key, instance) VALUES ($1, $2)
       ON CONFLICT (key) DO UPDATE SET instance = EXCLUDED.instance, at = now()
         WHERE NOT s.confirmed AND s.instance IS DISTINCT FROM EXCLUDED.instance AND NOT ${Instance.aliveSql('s.instance')}`,
      [key, this.instance.id],
    );
    return rowCount === 1;
  }

  putHandoff(value: HandoffCase): void {
    this.top.set('handoffs', value.id, value, { op: 'handoff', value });
  }

  deleteHandoff(id: string): void {
    this.top.set('handoffs', id, null, { op: 'delete-handoff', id });
  }

  setMeta(key: string, value: unknown): void {
    if (value === undefined) this.top.set('meta', key, null, { op: 'meta-delete', key });
    else this.top.set('meta', key, { value }, { op: 'meta', key, value });
  }

  async *readEvents(from?: EventCursor): AsyncIterable<EventBatch> {
    await this.flush();
    yield* this.eventsAfter(from);
  }

  /** Resolves once everything staged before the call is durable. */
  flush(): Promise<void> {
    if (this.top.empty) return this.writing;
    if (!this.nextBatch) {
      this.nextBatch = this.writing.then(() => {
        this.nextBatch = undefined;
        return this.write(this.overlay.seal());
      });
      this.writing = this.nextBatch.catch(() => undefined);
    }
    return this.nextBatch;
  }

  /** Flushes, leaves the instances and closes the connections; a second call waits for the first. */
  close(): Promise<void> {
    this.closing ??= (async () => {
      try {
        await this.flush();
        await this.instance.stop();
      } finally {
        await Promise.all([this.pool.end(), this.lockPool.end(), this.namePool.end()]);
      }
    })();
    return this.closing;
  }

  private get top(): Layer {
    return this.overlay.top;
  }

  private async write(layer: Layer): Promise<void> {
    try {
      this.roundTrips++;
      await this.pool.query('SELECT store_flush($1, $2::jsonb, $3::jsonb)', [
        this.instance.id,
        JSON.stringify(layer.ops),
        JSON.stringify(layer.events),
      ]);
      absorb(this.held, layer);
    } finally {
      this.overlay.drop(layer);
    }
  }
}
