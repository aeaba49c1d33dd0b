import { KeyedLock } from '../lib/keyed-lock.js';
import { StoreState, type StateOp } from './state.js';
import { type PendingInbound } from '../domain/inbound.js';
import type { Broadcast, OutboxRow } from '../domain/outreach.js';
import type { HandoffCase } from '../domain/handoff.js';
import type { Channel, InboxMessage, Reply } from '../domain/messages.js';
import type { EventBatch, EventCursor, Store } from './store.js';
import type { ProgressEvent } from '../domain/progress.js';
import type { UserRecord } from '../domain/person.js';

/**
 * The part of the file and memory stores that keeps state in memory and stages changes. Reads
 * answer from memory at once (staged changes included). Subclasses decide how a batch of staged
 * changes becomes durable; concurrent `flush()` calls share one batch (group commit), so the cost
 * of a write does not grow with the number of people talking at once. One process holds the
 * store, so the per-person and named locks are in-process keyed locks.
 */
export abstract class StateStore implements Store {
  protected readonly state = new StoreState();
  private staged: StateOp[] = [];
  private stagedEvents: ProgressEvent[] = [];
  private writing: Promise<void> = Promise.resolve();
  private nextBatch: Promise<void> | undefined;
  private readonly people = new KeyedLock();
  private readonly names = new KeyedLock();
  /** Rows this process marked `sending` and has not written back yet. */
  private readonly sendingHere = new Set<string>();
  /** Deliveries this process holds (stored or handed out by pendingInbound) and has not finished. */
  private readonly inboundHere = new Set<string>();

  protected abstract persist(ops: StateOp[], events: ProgressEvent[]): Promise<void>;
  /** After an erasure: superseded copies of the state (old journals, the snapshot) are replaced soon. */
  protected schedulePurge(): void {}
  abstract readEvents(from?: EventCursor): AsyncIterable<EventBatch>;

  withPerson<T>(key: string, work: () => Promise<T>): Promise<T> {
    return this.people.run(key, work);
  }

  async getUser(key: string): Promise<UserRecord | undefined> {
    return this.state.users.get(key);
  }

  putUser(user: UserRecord): void {
    this.stage({ op: 'user', value: user });
  }

  async *users(): AsyncIterable<UserRecord> {
    yield* this.state.users.values();
  }

  /**
   * The record holds the only link between the person and their pseudonym, so deleting it makes
   * their events anonymous at once: nothing in the event log is rewritten. The old copies of the
   * record in journals and the snapshot are superseded by a compaction scheduled in the background.
   */
  async forgetUser(key: string): Promise<void> {
    this.stage({ op: 'delete-user', key });
    await this.flush();
    this.schedulePurge();
  }

  appendEvents(events: ProgressEvent[]): void {
    this.stagedEvents.push(...events);
  }

  pushInbox(userKey: string, message: InboxMessage): void {
    this.stage({ op: 'inbox', key: userKey, value: message });
  }

  async inbox(userKey: string): Promise<InboxMessage[]> {
    return this.state.inboxes.get(userKey) ?? [];
  }

  putBroadcast(broadcast: Broadcast): void {
    this.stage({ op: 'broadcast', value: broadcast });
  }

  async getBroadcast(id: string): Promise<Broadcast | undefined> {
    return this.state.broadcasts.get(id);
  }

  async broadcasts(): Promise<Broadcast[]> {
    return [...this.state.broadcasts.values()];
  }

  putOutbox(row: OutboxRow): void {
    if (row.status === 'sending') this.sendingHere.add(row.id);
    else this.sendingHere.delete(row.id);
    this.stage({ op: 'outbox', value: row });
  }

  dropOutbox(id: string): void {
    if (this.state.outbox.has(id)) this.stage({ op: 'outbox-drop', id });
  }

  async *outbox(): AsyncIterable<OutboxRow> {
    yield* [...this.state.outbox.values()];
  }

  async getOutbox(id: string): Promise<OutboxRow | undefined> {
    return this.state.outbox.get(id);
  }

  async outboxOf(broadcastId: string): Promise<OutboxRow[]> {
    return [...(this.state.rowsOf.get(broadcastId) ?? [])].map((id) => this.state.outbox.get(id)!);
  }

  /** One process delivers from this store, one round at a time: no claim to record. */
  async claimDue(now: Date, limit: number): Promise<OutboxRow[]> {
    const due: OutboxRow[] = [];
    for (const row of this.openRows())
      if (row.status === 'pending' && Date.parse(row.notBefore) <= now.getTime()) due.push(row);
    due.sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id));
    return due.slice(0, limit);
  }

  async nextDue(): Promise<Map<Channel, Date>> {
    const next = new Map<Channel, number>();
    for (const row of this.openRows()) {
      if (row.status !== 'pending') continue;
      const at = Date.parse(row.notBefore);
      if (at < (next.get(row.channel) ?? Infinity)) next.set(row.channel, at);
    }
    return new Map([...next].map(([channel, at]) => [channel, new Date(at)]));
  }

  /**
   * `sending` rows this process did not mark: the process that was sending them is gone (this one
   * holds DATA_DIR now). Its own rows in flight are not stranded, whenever it asks.
   */
  async strandedSending(): Promise<OutboxRow[]> {
    return [...this.openRows()].filter((r) => r.status === 'sending' && !this.sendingHere.has(r.id));
  }

  putInbound(item: PendingInbound): void {
    this.inboundHere.add(item.id);
    this.stage({ op: 'inbound', value: item });
  }

  inboundHandled(id: string, replies: Reply[]): void {
    if (this.state.inbound.has(id)) this.stage({ op: 'inbound-handled', id, replies });
  }

  inboundDone(id: string): void {
    this.inboundHere.delete(id);
    if (this.state.inbound.has(id)) this.stage({ op: 'inbound-done', id });
  }

  /** Those of an earlier process, each handed out once (this process's own are already in hand). */
  async pendingInbound(channel: string): Promise<PendingInbound[]> {
    const left = [...this.state.inbound.values()].filter((i) => i.channel === channel && !this.inboundHere.has(i.id));
    for (const item of left) this.inboundHere.add(item.id);
    return left;
  }

  async markSeen(key: string): Promise<boolean> {
    if (this.state.seen.has(key)) return false;
    this.stage({ op: 'seen', key, at: Date.now() });
    return true;
  }

  putHandoff(value: HandoffCase): void {
    this.stage({ op: 'handoff', value });
  }

  deleteHandoff(id: string): void {
    if (this.state.handoffs.get(id)) this.stage({ op: 'delete-handoff', id });
  }

  async getHandoff(id: string): Promise<HandoffCase | undefined> {
    return this.state.handoffs.get(id);
  }

  async openHandoffOf(userKey: string): Promise<HandoffCase | undefined> {
    return this.state.handoffs.openOf(userKey);
  }

  async handoffsOf(userKey: string): Promise<HandoffCase[]> {
    return this.state.handoffs.of(userKey);
  }

  async handoffs(): Promise<HandoffCase[]> {
    return [...this.state.handoffs.all()];
  }

  async getMeta<T>(key: string): Promise<T | undefined> {
    return this.state.meta.get(key) as T | undefined;
  }

  setMeta(key: string, value: unknown): void {
    this.stage({ op: 'meta', key, value });
  }

  exclusively<T>(name: string, work: () => Promise<T>): Promise<T> {
    return this.names.run(name, work);
  }

  /** Resolves once everything staged before the call is durable. */
  flush(): Promise<void> {
    if (this.staged.length === 0 && this.stagedEvents.length === 0) return this.writing;
    if (!this.nextBatch) {
      this.nextBatch = this.writing.then(() => {
        const ops = this.staged;
        const events = this.stagedEvents;
        this.staged = [];
        this.stagedEvents = [];
        this.nextBatch = undefined;
        return this.persist(ops, events);
      });
      this.writing = this.nextBatch.catch(() => undefined);
    }
    return this.nextBatch;
  }

  async close(): Promise<void> {
    await this.flush();
  }

  /**
   * Runs a task between batches, handing it the events staged for the next one: the state in
   * memory holds exactly the changes persisted so far plus those staged with these events, so a
   * copy of the persisted files plus these events agrees with a snapshot of the state taken now.
   */
  protected betweenBatches<T>(task: (stagedEvents: readonly ProgressEvent[]) => T | Promise<T>): Promise<T> {
    return this.exclusive(async () => task(this.stagedEvents));
  }

  /** Runs a task between batches: no persist runs while it does. */
  protected exclusive<T>(task: () => Promise<T>): Promise<T> {
    const run = this.writing.then(task);
    this.writing = run.then(
      () => undefined,
      () => undefined,
    );
    return run;
  }

  private openRows(): OutboxRow[] {
    return [...this.state.openRows].map((id) => this.state.outbox.get(id)!);
  }

  private stage(change: StateOp): void {
    this.state.apply(change);
    this.staged.push(change);
  }
}
