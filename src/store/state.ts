import type { InboxMessage, UserRecord } from './types.js';

export const INBOX_LIMIT = 100;

/** A change to the state, as written to the journal. Each carries the full new value, so replay is idempotent. */
export type StateOp =
  | { op: 'user'; value: UserRecord }
  | { op: 'delete-user'; key: string }
  | { op: 'inbox'; key: string; value: InboxMessage }
  | { op: 'meta'; key: string; value: unknown };

export interface Snapshot {
  schema: 1;
  /** The first journal file not yet folded into this snapshot. */
  journal: number;
  users: Record<string, UserRecord>;
  inbox: Record<string, InboxMessage[]>;
  meta: Record<string, unknown>;
}

/** The in-memory state both stores share: users, web inboxes and small settings. */
export class StoreState {
  readonly users = new Map<string, UserRecord>();
  readonly inboxes = new Map<string, InboxMessage[]>();
  readonly meta = new Map<string, unknown>();

  apply(change: StateOp): void {
    switch (change.op) {
      case 'user':
        this.users.set(change.value.key, change.value);
        break;
      case 'delete-user':
        this.users.delete(change.key);
        this.inboxes.delete(change.key);
        break;
      case 'inbox': {
        const list = this.inboxes.get(change.key) ?? [];
        if (!list.some((m) => m.id === change.value.id)) list.push(change.value);
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
  }

  snapshot(journal: number): Snapshot {
    return {
      schema: 1,
      journal,
      users: Object.fromEntries(this.users),
      inbox: Object.fromEntries(this.inboxes),
      meta: Object.fromEntries(this.meta),
    };
  }
}
