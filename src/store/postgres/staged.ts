import type { Broadcast, OutboxRow } from '../../domain/outreach.js';
import type { HandoffCase } from '../../domain/handoff.js';
import type { InboxMessage, Reply } from '../../domain/messages.js';
import type { PendingInbound } from '../../domain/inbound.js';
import type { ProgressEvent } from '../../domain/progress.js';
import type { UserRecord } from '../../domain/person.js';

/** One staged change as store_flush (migrations.ts) applies it. */
export type FlushOp =
  | { op: 'user'; value: UserRecord }
  | { op: 'forget-user'; key: string }
  | { op: 'inbox'; key: string; value: InboxMessage; limit: number }
  | { op: 'meta'; key: string; value: unknown }
  | { op: 'meta-delete'; key: string }
  | { op: 'broadcast'; value: Broadcast }
  | { op: 'outbox'; value: OutboxRow }
  | { op: 'outbox-drop'; id: string }
  | { op: 'inbound'; value: PendingInbound }
  | { op: 'inbound-handled'; id: string; replies: Reply[] }
  | { op: 'inbound-done'; id: string }
  | { op: 'handoff'; value: HandoffCase }
  | { op: 'delete-handoff'; id: string };

/** The kinds of value kept by id; `null` marks one removed. */
export interface Tables {
  users: UserRecord;
  broadcasts: Broadcast;
  outbox: OutboxRow;
  inbound: PendingInbound;
  handoffs: HandoffCase;
  meta: { value: unknown };
}
export type Table = keyof Tables;

/** The person a value belongs to, so an erasure hides it before the database has it. */
const ownerOf = (table: Table, value: unknown): string | undefined => {
  if (table === 'users') return (value as UserRecord).key;
  if (table === 'outbox' || table === 'handoffs') return (value as { userKey: string }).userKey;
  return undefined;
};

/**
 * Changes staged since the last flush began (or one batch being written): the ops to send, and
 * the same changes by id so this instance reads what it wrote before the database has it.
 */
export class Layer {
  readonly ops: FlushOp[] = [];
  readonly events: ProgressEvent[] = [];
  readonly forgotten = new Set<string>();
  readonly inboxes = new Map<string, InboxMessage[]>();
  private readonly values = new Map<Table, Map<string, unknown>>();

  get empty(): boolean {
    return this.ops.length === 0 && this.events.length === 0;
  }

  of<T extends Table>(table: T): Map<string, Tables[T] | null> {
    let map = this.values.get(table);
    if (!map) this.values.set(table, (map = new Map()));
    return map as Map<string, Tables[T] | null>;
  }

  set<T extends Table>(table: T, id: string, value: Tables[T] | null, op: FlushOp): void {
    this.of(table).set(id, value);
    this.ops.push(op);
  }

  forget(key: string): void {
    this.forgotten.add(key);
    this.inboxes.delete(key);
    for (const [table, map] of this.values)
      for (const [id, value] of map) if (value && ownerOf(table, value) === key) map.delete(id);
    this.of('users').set(key, null);
    this.ops.push({ op: 'forget-user', key });
  }
}

/**
 * The staged layers, oldest first: at most the batch being written and the one being staged.
 * Reads look here first, newest layer first, then at the database.
 */
export class Overlay {
  layers: Layer[] = [new Layer()];

  get top(): Layer {
    return this.layers[this.layers.length - 1]!;
  }

  /** Starts a new layer for later changes and hands back the one to write. */
  seal(): Layer {
    const sealed = this.top;
    this.layers.push(new Layer());
    return sealed;
  }

  /** A written (or failed) batch: reads go to the database for what it held. */
  drop(layer: Layer): void {
    this.layers = this.layers.filter((l) => l !== layer);
  }

  /** A value staged here: the value, `null` when removed, `undefined` when the database knows. */
  get<T extends Table>(table: T, id: string): Tables[T] | null | undefined {
    for (let i = this.layers.length - 1; i >= 0; i--) {
      const layer = this.layers[i]!;
      const map = layer.of(table);
      if (map.has(id)) return map.get(id)!;
      if (table === 'users' && layer.forgotten.has(id)) return null;
    }
    return undefined;
  }

  /** Whether a value read from the database was erased by a staged forget. */
  erased(table: Table, value: unknown): boolean {
    const owner = ownerOf(table, value);
    return owner !== undefined && this.layers.some((l) => l.forgotten.has(owner));
  }

  /**
   * Rows read from the database with the staged changes laid over them: `wanted` says which values
   * belong in the answer (a staged change may move a row in or out of it).
   */
  merge<T extends Table>(table: T, rows: Tables[T][], idOf: (v: Tables[T]) => string, wanted = (_: Tables[T]) => true) {
    const result = new Map<string, Tables[T]>();
    for (const row of rows) if (wanted(row) && !this.erased(table, row)) result.set(idOf(row), row);
    for (const layer of this.layers) {
      if (layer.forgotten.size)
        for (const [id, value] of result) if (layer.forgotten.has(ownerOf(table, value) ?? '')) result.delete(id);
      for (const [id, value] of layer.of(table)) {
        if (value && wanted(value)) result.set(id, value);
        else result.delete(id);
      }
    }
    return [...result.values()];
  }

  /** Messages pushed to a person's inbox and not yet written, oldest first; `cut` when erased since. */
  inbox(key: string): { pushed: InboxMessage[]; cut: boolean } {
    let pushed: InboxMessage[] = [];
    let cut = false;
    for (const layer of this.layers) {
      if (layer.forgotten.has(key)) {
        pushed = [];
        cut = true;
      }
      pushed.push(...(layer.inboxes.get(key) ?? []));
    }
    return { pushed, cut };
  }

  get events(): ProgressEvent[] {
    return this.layers.flatMap((l) => l.events);
  }
}
