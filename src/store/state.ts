import type { PendingInbound } from '../domain/inbound.js';
import type { Broadcast, OutboxRow } from '../domain/outreach.js';
import type { Reply } from '../domain/messages.js';
import type { InboxMessage } from '../domain/messages.js';
import type { UserRecord } from '../domain/person.js';
import type { HandoffCase } from '../domain/handoff.js';
import { HandoffCases } from './handoff-cases.js';

export const INBOX_LIMIT = 100;
/**
 * Delivery ids are remembered for de-duplication (webhooks are delivered at least once) for a
 * day: longer than Zalo's and Telegram's retries and any timestamp freshness window. The count
 * cap only guards memory against a flood far beyond any real OA's traffic.
 */
export const SEEN_KEEP_MS = 24 * 3_600_000;
export const SEEN_CAP = 2_000_000;

/** A change to the state, as written to the journal. Each carries the full new value, so replay is idempotent. */
export type StateOp =
  | { op: 'user'; value: UserRecord }
  | { op: 'delete-user'; key: string }
  | { op: 'inbox'; key: string; value: InboxMessage }
  | { op: 'meta'; key: string; value: unknown }
  | { op: 'broadcast'; value: Broadcast }
  | { op: 'outbox'; value: OutboxRow }
  /** A finished outbox row past its retention period. */
  | { op: 'outbox-drop'; id: string }
  /** `at`: when it was first seen (ms); older journals have none. */
  | { op: 'seen'; key: string; at?: number }
  | { op: 'inbound'; value: PendingInbound }
  /** Handled: the person's new state is in the same write; only the replies may still be unsent. */
  | { op: 'inbound-handled'; id: string; replies: Reply[] }
  | { op: 'inbound-done'; id: string }
  | { op: 'handoff'; value: HandoffCase }
  | { op: 'delete-handoff'; id: string };

export interface Snapshot {
  schema: 1;
  /** The first journal file not yet folded into this snapshot. */
  journal: number;
  users: Record<string, UserRecord>;
  inbox: Record<string, InboxMessage[]>;
  meta: Record<string, unknown>;
  broadcasts?: Record<string, Broadcast>;
  outbox?: Record<string, OutboxRow>;
  /** Delivery ids, with when they were seen (plain strings in older snapshots). */
  seen?: (string | [string, number])[];
  inbound?: PendingInbound[];
  handoffs?: HandoffCase[];
}

/** The in-memory state both stores share: users, web inboxes and small settings. */
export class StoreState {
  readonly users = new Map<string, UserRecord>();
  readonly inboxes = new Map<string, InboxMessage[]>();
  readonly meta = new Map<string, unknown>();
  readonly broadcasts = new Map<string, Broadcast>();
  readonly outbox = new Map<string, OutboxRow>();
  /** Rows still to deliver (pending or sending), so delivery never scans finished ones. */
  readonly openRows = new Set<string>();
  /** Row ids per broadcast, so a broadcast's counts do not scan every row. */
  readonly rowsOf = new Map<string, Set<string>>();
  /** Row ids per person, so erasing someone does not scan every row. */
  readonly rowsFor = new Map<string, Set<string>>();
  /** Delivery id → when first seen (ms); insertion-ordered, so the oldest come first. */
  readonly seen = new Map<string, number>();
  readonly inbound = new Map<string, PendingInbound>();
  /** Handoff cases (a person asked for a person), with an index of the open one per citizen. */
  readonly handoffs = new HandoffCases();

  apply(change: StateOp): void {
    switch (change.op) {
      case 'user':
        this.users.set(change.value.key, change.value);
        break;
      case 'delete-user':
        this.users.delete(change.key);
        this.inboxes.delete(change.key);
        for (const id of this.rowsFor.get(change.key) ?? []) this.dropRow(id);
        this.rowsFor.delete(change.key);
        this.handoffs.deleteOf(change.key);
        break;
      case 'handoff':
        this.handoffs.put(change.value);
        break;
      case 'delete-handoff':
        this.handoffs.delete(change.id);
        break;
      case 'broadcast':
        this.broadcasts.set(change.value.id, change.value);
        break;
      case 'seen':
        this.remember(change.key, change.at ?? Date.now());
        break;
      case 'inbound':
        this.inbound.set(change.value.id, change.value);
        break;
      case 'inbound-handled': {
        const item = this.inbound.get(change.id);
        if (item) this.inbound.set(change.id, { ...item, replies: change.replies });
        break;
      }
      case 'inbound-done':
        this.inbound.delete(change.id);
        break;
      case 'outbox': {
        const row = change.value;
        this.outbox.set(row.id, row);
        if (row.broadcastId) indexed(this.rowsOf, row.broadcastId).add(row.id);
        indexed(this.rowsFor, row.userKey).add(row.id);
        if (row.status === 'pending' || row.status === 'sending') this.openRows.add(row.id);
        else this.openRows.delete(row.id);
        break;
      }
      case 'outbox-drop':
        this.dropRow(change.id);
        break;
      case 'inbox': {
        const list = this.inboxes.get(change.key) ?? [];
        const ref = change.value.ref ?? change.value.id;
        if (!list.some((m) => (m.ref ?? m.id) === ref)) list.push(change.value);
        if (list.length > INBOX_LIMIT) list.splice(0, list.length - INBOX_LIMIT);
        this.inboxes.set(change.key, list);
        break;
      }
      case 'meta':
        if (change.value === undefined) this.meta.delete(change.key);
        else this.meta.set(change.key, change.value);
        break;
    }
  }

  load(snapshot: Snapshot): void {
    for (const user of Object.values(snapshot.users)) this.users.set(user.key, user);
    for (const [key, list] of Object.entries(snapshot.inbox)) this.inboxes.set(key, list);
    for (const [key, value] of Object.entries(snapshot.meta)) this.meta.set(key, value);
    for (const value of Object.values(snapshot.broadcasts ?? {})) this.apply({ op: 'broadcast', value });
    for (const value of Object.values(snapshot.outbox ?? {})) this.apply({ op: 'outbox', value });
    const now = Date.now();
    for (const entry of snapshot.seen ?? []) {
      if (typeof entry === 'string') this.remember(entry, now);
      else this.remember(entry[0], entry[1]);
    }
    for (const value of snapshot.inbound ?? []) this.inbound.set(value.id, value);
    for (const value of snapshot.handoffs ?? []) this.handoffs.put(value);
  }

  snapshot(journal: number): Snapshot {
    return {
      schema: 1,
      journal,
      users: Object.fromEntries(this.users),
      inbox: Object.fromEntries(this.inboxes),
      meta: Object.fromEntries(this.meta),
      broadcasts: Object.fromEntries(this.broadcasts),
      outbox: Object.fromEntries(this.outbox),
      seen: [...this.seen],
      inbound: [...this.inbound.values()],
      handoffs: [...this.handoffs.all()],
    };
  }

  private remember(key: string, at: number): void {
    this.seen.delete(key);
    this.seen.set(key, at);
    // Forget ids older than the window, and the oldest beyond the cap.
    const horizon = Date.now() - SEEN_KEEP_MS;
    for (const [oldest, when] of this.seen) {
      if (when >= horizon && this.seen.size <= SEEN_CAP) break;
      this.seen.delete(oldest);
    }
  }

  private dropRow(id: string): void {
    const row = this.outbox.get(id);
    if (!row) return;
    this.outbox.delete(id);
    this.openRows.delete(id);
    if (row.broadcastId) {
      this.rowsOf.get(row.broadcastId)?.delete(id);
      if (this.rowsOf.get(row.broadcastId)?.size === 0) this.rowsOf.delete(row.broadcastId);
    }
    this.rowsFor.get(row.userKey)?.delete(id);
    if (this.rowsFor.get(row.userKey)?.size === 0) this.rowsFor.delete(row.userKey);
  }
}

function indexed(map: Map<string, Set<string>>, key: string): Set<string> {
  let ids = map.get(key);
  if (!ids) map.set(key, (ids = new Set()));
  return ids;
}
