import type pg from 'pg';
import type { Broadcast, OutboxRow } from '../../domain/outreach.js';
import type { HandoffCase } from '../../domain/handoff.js';
import type { InboxMessage } from '../../domain/messages.js';
import type { PendingInbound } from '../../domain/inbound.js';
import type { UserRecord } from '../../domain/person.js';
import type { ProgressEvent } from '../../domain/progress.js';
import { INBOX_LIMIT } from '../state.js';
import { ForeignCursorError, type EventBatch, type EventCursor } from '../store.js';
import { Instance } from './instance.js';
import type { Overlay, Table, Tables } from './staged.js';
import type { HeldPerson } from './person-locks.js';

const PAGE = 1_000;

/**
 * The store's reads: the database's answer with this instance's staged changes laid over it.
 * `roundTrips` counts the statements sent (the benchmark's cost per message).
 */
export abstract class PostgresReads {
  roundTrips = 0;
  abstract readonly instance: Instance;
  /** People whose lock this instance holds, with what was fetched with it (person-locks.ts). */
  protected held = new Map<string, HeldPerson>();
  /** Deliveries this instance holds (stored or taken over) and has not finished. */
  protected readonly inboundHere = new Set<string>();

  constructor(
    protected readonly pool: pg.Pool,
    protected readonly overlay: Overlay,
    private readonly storeId: string,
    private readonly eventBatch: number,
  ) {}

  protected async query<R extends pg.QueryResultRow>(sql: string, params: unknown[] = []): Promise<R[]> {
    this.roundTrips++;
    return (await this.pool.query<R>(sql, params)).rows;
  }

  private async values<T>(sql: string, params: unknown[] = []): Promise<T[]> {
    return (await this.query<{ value: T }>(sql, params)).map((r) => r.value);
  }

  /** One value by id: staged, else the database's unless a staged erasure hid it. */
  private async one<T extends Table>(table: T, id: string, sql: string): Promise<Tables[T] | undefined> {
    const staged = this.overlay.get(table, id);
    if (staged !== undefined) return staged ?? undefined;
    const [value] = await this.values<Tables[T]>(sql, [id]);
    return value && !this.overlay.erased(table, value) ? value : undefined;
  }

  async getUser(key: string): Promise<UserRecord | undefined> {
    const held = this.held.get(key);
    if (!held) return this.one('users', key, 'SELECT value FROM people WHERE key = $1');
    const staged = this.overlay.get('users', key);
    return staged === undefined ? held.user : (staged ?? undefined);
  }

  /** A person's cases: from the lock's fetch while it is held, else from the database. */
  private async casesOf(userKey: string): Promise<HandoffCase[]> {
    const held = this.held.get(userKey);
    if (held) return held.cases;
    return this.values<HandoffCase>('SELECT value FROM handoffs WHERE user_key = $1', [userKey]);
  }

  /** Every person, a page at a time (then those staged and not yet written). */
  async *users(): AsyncIterable<UserRecord> {
    let after = '';
    for (;;) {
      const page = await this.values<UserRecord>('SELECT value FROM people WHERE key > $1 ORDER BY key LIMIT $2', [
        after,
        PAGE,
      ]);
      for (const user of page)
        if (this.overlay.get('users', user.key) === undefined && !this.overlay.erased('users', user)) yield user;
      if (page.length < PAGE) break;
      after = page[page.length - 1]!.key;
    }
    const staged = this.overlay.merge('users', [], (u) => u.key);
    yield* staged;
  }

  async inbox(userKey: string): Promise<InboxMessage[]> {
    const { pushed, cut } = this.overlay.inbox(userKey);
    const stored = cut
      ? []
      : await this.values<InboxMessage>('SELECT value FROM inbox WHERE user_key = $1 ORDER BY seq', [userKey]);
    const refs = new Set(stored.map((m) => m.ref ?? m.id));
    const all = [...stored, ...pushed.filter((m) => !refs.has(m.ref ?? m.id))];
    return all.slice(-INBOX_LIMIT);
  }

  getBroadcast(id: string): Promise<Broadcast | undefined> {
    return this.one('broadcasts', id, 'SELECT value FROM broadcasts WHERE id = $1');
  }

  async broadcasts(): Promise<Broadcast[]> {
    const rows = await this.values<Broadcast>('SELECT value FROM broadcasts');
    return this.overlay.merge('broadcasts', rows, (b) => b.id);
  }

  getOutbox(id: string): Promise<OutboxRow | undefined> {
    return this.one('outbox', id, 'SELECT value FROM outbox WHERE id = $1');
  }

  async outboxOf(broadcastId: string): Promise<OutboxRow[]> {
    const rows = await this.values<OutboxRow>('SELECT value FROM outbox WHERE broadcast_id = $1', [broadcastId]);
    return this.overlay.merge(
      'outbox',
      rows,
      (r) => r.id,
      (r) => r.broadcastId === broadcastId,
    );
  }

  /** Every row, a page at a time (then those staged and not yet written). */
  async *outbox(): AsyncIterable<OutboxRow> {
    let after = '';
    for (;;) {
      const page = await this.values<OutboxRow>('SELECT value FROM outbox WHERE id > $1 ORDER BY id LIMIT $2', [
        after,
        PAGE,
      ]);
      for (const row of page)
        if (this.overlay.get('outbox', row.id) === undefined && !this.overlay.erased('outbox', row)) yield row;
      if (page.length < PAGE) break;
      after = page[page.length - 1]!.id;
    }
    yield* this.overlay.merge('outbox', [], (r) => r.id);
  }

  /**
   * Deliveries of a channel not done yet that no running instance holds, taken over by this one
   * (each handed out once; the deliveries this instance stored itself are already in hand).
   */
  async pendingInbound(channel: string): Promise<PendingInbound[]> {
    const rows = await this.values<PendingInbound>(
      `UPDATE inbound SET owner = $1
        WHERE channel = $2 AND NOT (id = ANY($3)) AND (owner = $1 OR NOT ${Instance.aliveSql('inbound.owner')})
        RETURNING value`,
      [this.instance.id, channel, [...this.inboundHere]],
    );
    const left = this.overlay
      .merge(
        'inbound',
        rows,
        (i) => i.id,
        (i) => i.channel === channel && !this.inboundHere.has(i.id),
      )
      .sort((a, b) => a.at.localeCompare(b.at) || a.id.localeCompare(b.id));
    for (const item of left) this.inboundHere.add(item.id);
    return left;
  }

  getHandoff(id: string): Promise<HandoffCase | undefined> {
    return this.one('handoffs', id, 'SELECT value FROM handoffs WHERE id = $1');
  }

  async openHandoffOf(userKey: string): Promise<HandoffCase | undefined> {
    const rows = await this.casesOf(userKey);
    const open = (c: HandoffCase) => c.userKey === userKey && c.status === 'open';
    return this.overlay.merge('handoffs', rows, (c) => c.id, open)[0];
  }

  async handoffsOf(userKey: string): Promise<HandoffCase[]> {
    const rows = await this.casesOf(userKey);
    return this.overlay.merge(
      'handoffs',
      rows,
      (c) => c.id,
      (c) => c.userKey === userKey,
    );
  }

  async handoffs(): Promise<HandoffCase[]> {
    const rows = await this.values<HandoffCase>('SELECT value FROM handoffs');
    return this.overlay.merge('handoffs', rows, (c) => c.id);
  }

  async getMeta<T>(key: string): Promise<T | undefined> {
    const staged = this.overlay.get('meta', key);
    if (staged !== undefined) return (staged?.value ?? undefined) as T | undefined;
    const [value] = await this.values<T>('SELECT value FROM meta WHERE key = $1', [key]);
    return value;
  }

  /** The durable events after a cursor `pg:<database id>:<last event id>`, a batch at a time. */
  protected async *eventsAfter(from?: EventCursor): AsyncIterable<EventBatch> {
    const prefix = `pg:${this.storeId}:`;
    if (from !== undefined && (!from.startsWith(prefix) || !/^\d+$/.test(from.slice(prefix.length))))
      throw new ForeignCursorError(from);
    let after = from === undefined ? '0' : from.slice(prefix.length);
    for (;;) {
      const rows = await this.query<{ id: string; value: ProgressEvent }>(
        'SELECT id, value FROM events WHERE id > $1 ORDER BY id LIMIT $2',
        [after, this.eventBatch],
      );
      if (rows.length) after = rows[rows.length - 1]!.id;
      yield { events: rows.map((r) => r.value), cursor: `${prefix}${after}` as EventCursor };
      if (rows.length < this.eventBatch) return;
    }
  }
}
