import type { Channel, InboxMessage, Reply } from '../domain/messages.js';
import type { UserRecord } from '../domain/person.js';
import type { ProgressEvent } from '../domain/progress.js';
import type { Broadcast, OutboxRow } from '../domain/outreach.js';
import type { PendingInbound } from '../domain/inbound.js';
import type { HandoffCase } from '../domain/handoff.js';

// The store seam: what the application needs from storage, grouped by concern. Reads are async
// (a server database cannot answer from memory); writes are staged by synchronous `put…` calls
// and become durable together at `await flush()`. A store lets its own instance read what it has
// staged (read-your-writes). Consumers take the narrow part they need.

/** A place in the event log. Opaque: only the store that made it can read it. */
export type EventCursor = string & { readonly __brand: 'EventCursor' };

/** Events read from the log, and the cursor just past the last of them. */
export interface EventBatch {
  events: ProgressEvent[];
  cursor: EventCursor;
}

/** A cursor this log cannot resume from (another store's, or a log replaced by a restore): read from the start. */
export class ForeignCursorError extends Error {
  constructor(cursor: string) {
    super(`event cursor ${JSON.stringify(cursor)} does not belong to this event log`);
    this.name = 'ForeignCursorError';
  }
}

/** People: their records, and the rule of one message at a time per person. */
export interface PeopleStore {
  /**
   * Runs `work` while no other work of this person runs, on any instance sharing the store (file
   * and memory: a keyed lock; PostgreSQL: an advisory lock on the person's key). Not re-entrant.
   */
  withPerson<T>(key: string, work: () => Promise<T>): Promise<T>;
  getUser(key: string): Promise<UserRecord | undefined>;
  putUser(user: UserRecord): void;
  /**
   * Erases a person: their record (which alone links them to the pseudonym of their progress
   * events), web inbox, outbox rows and handoff cases go; counts stay right but nothing leads back
   * to them. Stages and flushes: durable when it resolves. Older copies a store keeps (journals,
   * snapshots) are folded away within a bounded time.
   */
  forgetUser(key: string): Promise<void>;
  /** Every person, in no particular order (broadcast audiences, nudges, retention). */
  users(): AsyncIterable<UserRecord>;
}

/** The append-only log of progress events the statistics are computed from. */
export interface EventLog {
  /** Staged; durable at the next flush. */
  appendEvents(events: ProgressEvent[]): void;
  /**
   * The durable events after `from` (from the start when absent), in batches, each with the cursor
   * just past it. Flushes this instance's staged events first. Always yields at least one batch (maybe
   * empty): the last batch's cursor is where the log ended as read. A cursor it cannot resume from
   * is refused with ForeignCursorError.
   */
  readEvents(from?: EventCursor): AsyncIterable<EventBatch>;
}

/** The web chat's inbox of each person (replies, reminders and team messages the page fetches). */
export interface InboxStore {
  /** Staged; a message with the `ref` (or `id`) of one already there is not added again. */
  pushInbox(userKey: string, message: InboxMessage): void;
  /** The person's last messages, oldest first. */
  inbox(userKey: string): Promise<InboxMessage[]>;
}

/** Broadcasts and the outbox that delivers them (and nudges, team replies, held-back replies). */
export interface OutreachStore {
  putBroadcast(broadcast: Broadcast): void;
  getBroadcast(id: string): Promise<Broadcast | undefined>;
  broadcasts(): Promise<Broadcast[]>;
  putOutbox(row: OutboxRow): void;
  getOutbox(id: string): Promise<OutboxRow | undefined>;
  /** Forgets a finished row past its retention period. */
  dropOutbox(id: string): void;
  /** Every row of one broadcast (for its counts). */
  outboxOf(broadcastId: string): Promise<OutboxRow[]>;
  /** Every row, for the retention sweep. */
  outbox(): AsyncIterable<OutboxRow>;
  /**
   * Pending rows due by `now`, oldest first, at most `limit`, claimed for this instance: no other
   * instance gets them until they are written back or a short lease runs out (PostgreSQL: FOR UPDATE
   * SKIP LOCKED and a claim column). This instance gets its own claimed rows again at its next claim,
   * so a row it did not send this round is not lost. Callers in one instance claim one round at a time.
   */
  claimDue(now: Date, limit: number): Promise<OutboxRow[]>;
  /** When the earliest pending row of each channel falls due (channels with none are absent). */
  nextDue(): Promise<Map<Channel, Date>>;
  /**
   * Rows left `sending` by an instance that died (file store: every `sending` row at start-up; a
   * shared store: those claimed by an instance that is gone). The caller counts them `unknown`.
   */
  strandedSending(): Promise<OutboxRow[]>;
}

/** Webhook deliveries: acknowledged once durable, handled once. */
export interface InboundStore {
  /** Keeps an acknowledged webhook delivery until `inboundDone`; durable at the next flush. */
  putInbound(item: PendingInbound): void;
  /**
   * Marks a delivery handled, in the same write as its effects (stage it before that flush): a
   * restart then only sends its replies, if they may not have gone out, instead of replaying it.
   */
  inboundHandled(id: string, replies: Reply[]): void;
  inboundDone(id: string): void;
  /**
   * Deliveries of a channel not done yet (handled or not) that no running process holds, oldest
   * first, each handed out once: at start-up those left by the last stop; on a shared store also
   * those of instances that stopped since. The ones this process stored are already in its hands.
   */
  pendingInbound(channel: string): Promise<PendingInbound[]>;
  /**
   * Records a delivery id; false when it was seen before (a redelivery to ignore). Unique across
   * instances (PostgreSQL: a unique key); staged with the next flush in the file store.
   */
  markSeen(key: string): Promise<boolean>;
}

/** Handoff cases: a citizen asked for a person. Erasing the person (forgetUser) removes theirs. */
export interface HandoffStore {
  putHandoff(value: HandoffCase): void;
  deleteHandoff(id: string): void;
  getHandoff(id: string): Promise<HandoffCase | undefined>;
  /** The citizen's open case, if any: while it is open the bot does not answer their free text. */
  openHandoffOf(userKey: string): Promise<HandoffCase | undefined>;
  /** Every case of one citizen, open or closed. */
  handoffsOf(userKey: string): Promise<HandoffCase[]>;
  handoffs(): Promise<HandoffCase[]>;
}

/** Small settings (the Zalo token pair, …) and work only one instance may do at a time. */
export interface SettingsStore {
  getMeta<T>(key: string): Promise<T | undefined>;
  /** Staged; `undefined` removes the key. */
  setMeta(key: string, value: unknown): void;
  /**
   * Runs `work` as the only holder of `name` across instances sharing the store (the Zalo token
   * refresh, planning broadcasts). Not re-entrant.
   */
  exclusively<T>(name: string, work: () => Promise<T>): Promise<T>;
}

export interface Store
  extends PeopleStore, EventLog, InboxStore, OutreachStore, InboundStore, HandoffStore, SettingsStore {
  /** Resolves once everything staged before the call is durable (concurrent calls share one write). */
  flush(): Promise<void>;
  /** Flushes and lets go of the store's files or connections. */
  close(): Promise<void>;
  /** A consistent copy for `npm run backup` (stores kept on disk only). */
  copy?(): Promise<StoreCopy>;
}

/** The files of a DATA_DIR that holds a store as it was at one moment, ready to be streamed out. */
export interface StoreCopy {
  files: { name: string; bytes: number; read(): AsyncIterable<Uint8Array> }[];
  /** Lets go of the files the copy holds open. */
  release(): Promise<void>;
}
