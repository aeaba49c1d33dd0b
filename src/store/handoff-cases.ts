import type { HandoffCase } from '../domain/handoff.js';

/** The handoff cases in memory, with the open case of each citizen at hand. */
export class HandoffCases {
  private readonly byId = new Map<string, HandoffCase>();
  private readonly openByUser = new Map<string, string>();

  put(value: HandoffCase): void {
    const old = this.byId.get(value.id);
    if (old && this.openByUser.get(old.userKey) === old.id) this.openByUser.delete(old.userKey);
    this.byId.set(value.id, value);
    if (value.status === 'open') this.openByUser.set(value.userKey, value.id);
  }

  delete(id: string): void {
    const old = this.byId.get(id);
    if (!old) return;
    this.byId.delete(id);
    if (this.openByUser.get(old.userKey) === id) this.openByUser.delete(old.userKey);
  }

  /** Erasure: every case of this person goes. */
  deleteOf(userKey: string): void {
    for (const c of [...this.byId.values()]) if (c.userKey === userKey) this.delete(c.id);
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
