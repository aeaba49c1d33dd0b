import type { HandoffCase } from '../domain/handoff.js';

/** The handoff cases in memory, with each citizen's cases (and the open one) at hand. */
export class HandoffCases {
  private readonly byId = new Map<string, HandoffCase>();
  private readonly openByUser = new Map<string, string>();
  private readonly idsByUser = new Map<string, Set<string>>();

  put(value: HandoffCase): void {
    const old = this.byId.get(value.id);
    if (old && old.userKey !== value.userKey) this.delete(old.id);
    else if (old && this.openByUser.get(old.userKey) === old.id) this.openByUser.delete(old.userKey);
    this.byId.set(value.id, value);
    if (value.status === 'open') this.openByUser.set(value.userKey, value.id);
    let ids = this.idsByUser.get(value.userKey);
    if (!ids) this.idsByUser.set(value.userKey, (ids = new Set()));
    ids.add(value.id);
  }

  delete(id: string): void {
    const old = this.byId.get(id);
    if (!old) return;
    this.byId.delete(id);
    if (this.openByUser.get(old.userKey) === id) this.openByUser.delete(old.userKey);
    const ids = this.idsByUser.get(old.userKey);
    ids?.delete(id);
    if (ids?.size === 0) this.idsByUser.delete(old.userKey);
  }

  /** Erasure: every case of this person goes. */
  deleteOf(userKey: string): void {
    for (const id of [...(this.idsByUser.get(userKey) ?? [])]) this.delete(id);
  }

  /** Every case of one citizen, in the order they were opened. */
  of(userKey: string): HandoffCase[] {
    return [...(this.idsByUser.get(userKey) ?? [])].map((id) => this.byId.get(id)!);
  }

  get(id: string): HandoffCase | undefined {
    return this.byId.get(id);
  }

  openOf(userKey: string): HandoffCase | undefined {
    const id = this.openByUser.get(userKey);
    return id ? this.byId.get(id) : undefined;
  }

  all(): IterableIterator<HandoffCase> {
    return this.byId.values();
  }
}
