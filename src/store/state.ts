import type { Broadcast, OutboxRow } from '../reminders/types.js';
import type { InboxMessage, UserRecord } from './types.js';
import type { HandoffCase } from '../core/handoff-case.js';
import { HandoffCases } from './handoff-cases.js';

export const INBOX_LIMIT = 100;
/** Delivery ids remembered for de-duplication (webhooks are delivered at least once). */
export const SEEN_LIMIT = 20_000;

/** A change to the state, as written to the journal. Each carries the full new value, so replay is idempotent. */
export type StateOp =
  | { op: 'user'; value: UserRecord }
  | { op: 'delete-user'; key: string }
  | { op: 'inbox'; key: string; value: InboxMessage }
  | { op: 'meta'; key: string; value: unknown }
  | { op: 'broadcast'; value: Broadcast }
  | { op: 'outbox'; value: OutboxRow }
  | { op: 'seen'; key: string }
  | { op: 'inbound'; value: PendingInbound }
  | { op: 'inbound-done'; id: string }
  | { op: 'handoff'; value: HandoffCase }
  | { op: 'delete-handoff'; id: string };

/** A webhook delivery acknowledged but not yet handled: kept until handled, so a crash loses none. */
export interface PendingInbound {
  id: string;
  channel: string;
  body: unknown;
  at: string;
}

export interface Snapshot {
  schema: 1;
  /** The first journal file not yet folded into this snapshot. */
  journal: number;
  users: Record<string, UserRecord>;
  inbox: Record<string, InboxMessage[]>;
  meta: Record<string, unknown>;
  broadcasts?: Record<string, Broadcast>;
  outbox?: Record<string, OutboxRow>;
  seen?: string[];
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
  /** Insertion-ordered, oldest dropped first. */
  readonly seen = new Set<string>();
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
        for (const [id, row] of this.outbox) {
          if (row.userKey !== change.key) continue;
          this.outbox.delete(id);
          this.openRows.delete(id);
          this.rowsOf.get(row.broadcastId)?.delete(id);
        }
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
        this.seen.add(change.key);
        if (this.seen.size > SEEN_LIMIT) this.seen.delete(this.seen.values().next().value!);
        break;
      case 'inbound':
        this.inbound.set(change.value.id, change.value);
        break;
      case 'inbound-done':
        this.inbound.delete(change.id);
        break;
      case 'outbox': {
        this.outbox.set(change.value.id, change.value);
        let ids = this.rowsOf.get(change.value.broadcastId);
        if (!ids) this.rowsOf.set(change.value.broadcastId, (ids = new Set()));
        ids.add(change.value.id);
        if (change.value.status === 'pending' || change.value.status === 'sending') this.openRows.add(change.value.id);
        else this.openRows.delete(change.value.id);
        break;
      }
      case 'inbox': {
        const list = this.inboxes.get(change.key) ?? [];
        const ref = change.value.ref ?? change.value.id;
        if (!list.some((m) => (m.ref ?? m.id) === ref)) list.push(change.value);
        if (list.length > INBOX_LIMIT) list.splice(0, list.length - INBOX_LIMIT);
        this.inboxes.set(change.key, list);
        break;
      }
      case 'meta':
        this.meta.set(change.key, change.value);
        break;
    }
  }

  load(snapshot: Snapshot): void {
    for (const user of Object.values(snapshot.users)) this.users.set(user.key, user);
    for (const [key, list] of Object.entries(snapshot.inbox)) this.inboxes.set(key, list);
    for (const [key, value] of Object.entries(snapshot.meta)) this.meta.set(key, value);
    for (const value of Object.values(snapshot.broadcasts ?? {})) this.apply({ op: 'broadcast', value });
    for (const value of Object.values(snapshot.outbox ?? {})) this.apply({ op: 'outbox', value });
    for (const key of snapshot.seen ?? []) this.seen.add(key);
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
}
