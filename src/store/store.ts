import type { InboxMessage } from '../domain/messages.js';
import type { UserRecord } from '../domain/person.js';
import type { ProgressEvent } from '../domain/progress.js';
import type { Reply } from '../domain/messages.js';
import type { Broadcast, OutboxRow } from '../domain/outreach.js';
import type { PendingInbound } from '../domain/inbound.js';
import type { HandoffCase } from '../domain/handoff.js';

/** A place in the event log file: its inode (a rewrite makes a new file) and a byte offset. */
export interface EventLogPosition {
  ino: number;
  bytes: number;
}

export interface EventListener {
  appended(events: ProgressEvent[]): void;
}

/**
 * The narrow storage interface. Writes are staged in memory and become durable at `flush()`,
 * which the conversation core awaits before a reply is sent.
 */
export interface Store {
  getUser(key: string): UserRecord | undefined;
  putUser(user: UserRecord): void;
  deleteUser(key: string): void;
  allUsers(): Iterable<UserRecord>;
  appendEvents(events: ProgressEvent[]): void;
  readEvents(): AsyncIterable<ProgressEvent>;
  /** The event log in batches; from a saved position when the store can resume there. */
  readEventBatches(from?: EventLogPosition): AsyncIterable<ProgressEvent[]>;
  pushInbox(userKey: string, message: InboxMessage): void;
  inbox(userKey: string): InboxMessage[];
  /**
   * Erases a person: their record (which alone links them to the pseudonym of their progress
   * events), web inbox and outbox rows go, so counts stay right but nothing leads back to them.
   * Resolves once it is durable; older copies in journals and the snapshot are folded away by a
   * compaction within a bounded time (FileStore's `purgeAfterMs`).
   */
  forgetUser(key: string): Promise<void>;
  /** Hears every event appended from now on. */
  listen(listener: EventListener): void;
  putBroadcast(broadcast: Broadcast): void;
  getBroadcast(id: string): Broadcast | undefined;
  allBroadcasts(): Iterable<Broadcast>;
  putOutbox(row: OutboxRow): void;
  /** Forgets a finished row past its retention period. */
  dropOutbox(id: string): void;
  getOutbox(id: string): OutboxRow | undefined;
  /** Every row, for the retention sweep. */
  allOutbox(): Iterable<OutboxRow>;
  /** Rows still to deliver: pending, or sending (in flight). */
  openOutbox(): OutboxRow[];
  /** Every row of one broadcast (for its counts). */
  outboxOf(broadcastId: string): OutboxRow[];
  /** Keeps an acknowledged webhook delivery until `inboundDone`; durable at the next flush. */
  putInbound(item: PendingInbound): void;
  /**
   * Marks a delivery handled, in the same write as its effects (stage it before that flush): a
   * restart then only sends its replies, if they may not have gone out, instead of replaying it.
   */
  inboundHandled(id: string, replies: Reply[]): void;
  inboundDone(id: string): void;
  pendingInbound(channel: string): PendingInbound[];
  /** Handoff cases: a citizen asked for a person. Erasing the person (forgetUser) removes theirs. */
  putHandoff(value: HandoffCase): void;
  deleteHandoff(id: string): void;
  getHandoff(id: string): HandoffCase | undefined;
  /** The citizen's open case, if any: while it is open the bot does not answer their free text. */
  openHandoffOf(userKey: string): HandoffCase | undefined;
  allHandoffs(): Iterable<HandoffCase>;
  /** Records a delivery id; false when it was seen before (a redelivery to ignore). */
  markSeen(key: string): boolean;
  getMeta<T>(key: string): T | undefined;
  setMeta(key: string, value: unknown): void;
  flush(): Promise<void>;
  close(): Promise<void>;
  /** A consistent copy of the store's files taken while it runs (stores kept on disk only). */
  copy?(): Promise<StoreCopy>;
}

/** The files of a DATA_DIR that holds a store as it was at one moment, ready to be streamed out. */
export interface StoreCopy {
  files: { name: string; bytes: number; read(): AsyncIterable<Uint8Array> }[];
  /** Lets go of the files the copy holds open. */
  release(): Promise<void>;
}
