import { StoreState, type StateOp } from './state.js';
import { type PendingInbound } from '../domain/inbound.js';
import type { Broadcast, OutboxRow } from '../domain/outreach.js';
import type { HandoffCase } from '../domain/handoff.js';
import type { Reply } from '../domain/messages.js';
import type { EventListener, EventLogPosition, Store } from './store.js';
import type { InboxMessage } from '../domain/messages.js';
import type { ProgressEvent } from '../domain/progress.js';
import type { UserRecord } from '../domain/person.js';

/**
 * The part of every store that keeps state in memory and stages changes. Subclasses decide how a
 * batch of staged changes becomes durable; concurrent `flush()` calls share one batch (group
 * commit), so the cost of a write does not grow with the number of people talking at once.
 */
export abstract class StateStore implements Store {
  protected readonly state = new StoreState();
  private staged: StateOp[] = [];
  private readonly listeners: EventListener[] = [];
  private stagedEvents: ProgressEvent[] = [];
  private writing: Promise<void> = Promise.resolve();
  private nextBatch: Promise<void> | undefined;

  protected abstract persist(ops: StateOp[], events: ProgressEvent[]): Promise<void>;
  /** After an erasure: superseded copies of the state (old journals, the snapshot) are replaced soon. */
  protected schedulePurge(): void {}
  abstract readEvents(): AsyncIterable<ProgressEvent>;

  /** The event log in batches (cheaper than one event at a time for large logs). */
  async *readEventBatches(_from?: EventLogPosition): AsyncIterable<ProgressEvent[]> {
    let batch: ProgressEvent[] = [];
    for await (const event of this.readEvents()) {
      batch.push(event);
      if (batch.length >= 10_000) {
        yield batch;
        batch = [];
      }
    }
    if (batch.length) yield batch;
  }

  getUser(key: string): UserRecord | undefined {
    return this.state.users.get(key);
  }

  putUser(user: UserRecord): void {
    this.stage({ op: 'user', value: user });
  }

  deleteUser(key: string): void {
    this.stage({ op: 'delete-user', key });
  }

  allUsers(): Iterable<UserRecord> {
    return this.state.users.values();
  }

  appendEvents(events: ProgressEvent[]): void {
    this.stagedEvents.push(...events);
    for (const listener of this.listeners) listener.appended(events);
  }

  listen(listener: EventListener): void {
    this.listeners.push(listener);
  }

  pushInbox(userKey: string, message: InboxMessage): void {
    this.stage({ op: 'inbox', key: userKey, value: message });
  }

  inbox(userKey: string): InboxMessage[] {
    return this.state.inboxes.get(userKey) ?? [];
  }

  putBroadcast(broadcast: Broadcast): void {
    this.stage({ op: 'broadcast', value: broadcast });
  }

  getBroadcast(id: string): Broadcast | undefined {
    return this.state.broadcasts.get(id);
  }

  allBroadcasts(): Iterable<Broadcast> {
    return this.state.broadcasts.values();
  }

  putOutbox(row: OutboxRow): void {
    this.stage({ op: 'outbox', value: row });
  }

  dropOutbox(id: string): void {
    if (this.state.outbox.has(id)) this.stage({ op: 'outbox-drop', id });
  }

  allOutbox(): Iterable<OutboxRow> {
    return this.state.outbox.values();
  }

  getOutbox(id: string): OutboxRow | undefined {
    return this.state.outbox.get(id);
  }

  openOutbox(): OutboxRow[] {
    return [...this.state.openRows].map((id) => this.state.outbox.get(id)!);
  }

  outboxOf(broadcastId: string): OutboxRow[] {
    return [...(this.state.rowsOf.get(broadcastId) ?? [])].map((id) => this.state.outbox.get(id)!);
  }

  putInbound(item: PendingInbound): void {
    this.stage({ op: 'inbound', value: item });
  }

  inboundHandled(id: string, replies: Reply[]): void {
    if (this.state.inbound.has(id)) this.stage({ op: 'inbound-handled', id, replies });
  }

  inboundDone(id: string): void {
    if (this.state.inbound.has(id)) this.stage({ op: 'inbound-done', id });
  }

  pendingInbound(channel: string): PendingInbound[] {
    return [...this.state.inbound.values()].filter((i) => i.channel === channel);
  }

  putHandoff(value: HandoffCase): void {
    this.stage({ op: 'handoff', value });
  }

  deleteHandoff(id: string): void {
    if (this.state.handoffs.get(id)) this.stage({ op: 'delete-handoff', id });
  }

  getHandoff(id: string): HandoffCase | undefined {
    return this.state.handoffs.get(id);
  }

  openHandoffOf(userKey: string): HandoffCase | undefined {
    return this.state.handoffs.openOf(userKey);
  }

  allHandoffs(): Iterable<HandoffCase> {
    return this.state.handoffs.all();
  }

  markSeen(key: string): boolean {
    if (this.state.seen.has(key)) return false;
    this.stage({ op: 'seen', key, at: Date.now() });
    return true;
  }

  getMeta<T>(key: string): T | undefined {
    return this.state.meta.get(key) as T | undefined;
  }

  setMeta(key: string, value: unknown): void {
    this.stage({ op: 'meta', key, value });
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

  /**
   * The record holds the only link between the person and their pseudonym, so deleting it makes
   * their events anonymous at once: nothing in the event log is rewritten. The old copies of the
   * record in journals and the snapshot are superseded by a compaction scheduled in the background.
   */
  async forgetUser(key: string): Promise<void> {
    this.deleteUser(key);
    await this.flush();
    this.schedulePurge();
  }

  async close(): Promise<void> {
    await this.flush();
  }

  /**
   * Runs a task when everything staged is on disk and no write is running, so what it sees in
   * memory and in the files agrees; skipped (undefined) when changes are waiting.
   */
  atRest<T>(task: () => T): Promise<T | undefined> {
    return this.exclusive(async () => (this.staged.length || this.stagedEvents.length ? undefined : task()));
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

  private stage(change: StateOp): void {
    this.state.apply(change);
    this.staged.push(change);
  }
}
