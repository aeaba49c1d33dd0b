import type { AreaList } from '../content/areas.js';
import { ZALO_FREE_WINDOW_MS } from '../domain/messages.js';
import type { OutboxRow } from '../domain/outreach.js';
import type { Store } from '../store/store.js';
import { CLOSED_CASE_KEEP_MS, type HandoffCase } from '../domain/handoff.js';
import { expiresAt, withMessage } from './handoff-case.js';
import { closedByTeam, closedByTimeout, fromTeam, note } from './handoff-messages.js';

/** Why a team's message cannot reach the citizen any more; undefined when it can. */
export type Unreachable = 'zalo-window' | 'gone' | 'erased';

export interface HandoffDeskOptions {
  store: Store;
  areas?: AreaList;
  now?: () => Date;
  /** Asks the outbox to deliver soon (a reply should not wait for the next tick). */
  deliverSoon?: () => void;
}

/**
 * The team's side of a handoff: read the cases of an area, answer (through the outbox, on the
 * citizen's channel), close, and close by itself after 24 hours without a team reply. The citizen's
 * side is core/handoff.ts. Every change here is a synchronous read-modify-write of one case, so it
 * cannot interleave with a citizen's message being handled.
 */
export class HandoffDesk {
  private readonly now: () => Date;

  constructor(private readonly options: HandoffDeskOptions) {
    this.now = options.now ?? (() => new Date());
  }

  get(id: string): HandoffCase | undefined {
    return this.options.store.getHandoff(id);
  }

  /** The area the case belongs to now: the person may have told the bot their area after opening it. */
  areaOf(c: HandoffCase): string | undefined {
    return this.options.store.getUser(c.userKey)?.area ?? c.area;
  }

  /** Cases in these areas (all when undefined), newest first. */
  list(areas: Set<string> | undefined, status: HandoffCase['status']): HandoffCase[] {
    return [...this.options.store.allHandoffs()]
      .filter((c) => c.status === status && (!areas || areas.has(this.areaOf(c) ?? '')))
      .sort((a, b) => b.openedAt.localeCompare(a.openedAt) || b.id.localeCompare(a.id));
  }

  countOpen(areas: Set<string> | undefined): number {
    return this.list(areas, 'open').length;
  }

  /** Until when a reply can still reach the person (Zalo: 48 hours after their last message). */
  replyableUntil(c: HandoffCase): Date | undefined {
    const user = this.options.store.getUser(c.userKey);
    if (!user || c.channel !== 'zalo') return undefined;
    return new Date(Date.parse(user.lastSeenAt) + ZALO_FREE_WINDOW_MS);
  }

  unreachable(c: HandoffCase, now = this.now()): Unreachable | undefined {
    const user = this.options.store.getUser(c.userKey);
    if (!user) return 'erased';
    if (!user.active) return 'gone';
    const until = this.replyableUntil(c);
    if (until && until.getTime() < now.getTime()) return 'zalo-window';
    return undefined;
  }

  /** A team's message: kept in the case (redacted), delivered in full through the outbox. Durable when it resolves. */
  async reply(c: HandoffCase, text: string): Promise<HandoffCase> {
    const now = this.now();
    const row = this.queue(c, fromTeam(text), now);
    const updated = { ...withMessage(c, 'team', text, now, row.id), lastTeamReplyAt: now.toISOString() };
    this.options.store.putHandoff(updated);
    await this.options.store.flush();
    this.options.deliverSoon?.();
    return updated;
  }

  /** The team closes the case: the bot answers the person again, and tells them. */
  async close(c: HandoffCase): Promise<HandoffCase> {
    const now = this.now();
    const closed = this.closed(withMessage(c, 'bot', note.closedByTeam, now), 'team', now);
    if (!this.unreachable(c, now)) this.queue(c, closedByTeam, now);
    this.options.store.putHandoff(closed);
    await this.options.store.flush();
    this.options.deliverSoon?.();
    return closed;
  }

  /**
   * Called at every reminder tick: closes cases 24 hours without a team reply (an apology and the
   * contacts go to the person) and removes closed cases past their keeping time. Staged, not
   * flushed: the tick flushes. Returns how many cases it closed.
   */
  expire(now: Date): number {
    const store = this.options.store;
    let closed = 0;
    for (const c of [...store.allHandoffs()]) {
      if (c.status === 'closed') {
        if (Date.parse(c.closedAt ?? c.openedAt) + CLOSED_CASE_KEEP_MS < now.getTime()) store.deleteHandoff(c.id);
        continue;
      }
      if (expiresAt(c) > now.getTime()) continue;
      const contacts = this.options.areas?.contactsFor(this.areaOf(c)) ?? [];
      if (!this.unreachable(c, now)) this.queue(c, closedByTimeout(contacts), now);
      store.putHandoff(this.closed(withMessage(c, 'bot', note.timedOut, now), 'timeout', now));
      closed++;
    }
    return closed;
  }

  /** The outbox row that delivers one of the case's messages, if any. */
  delivery(rowId: string | undefined): OutboxRow | undefined {
    return rowId ? this.options.store.getOutbox(rowId) : undefined;
  }

  private closed(c: HandoffCase, by: HandoffCase['closedBy'], now: Date): HandoffCase {
    return { ...c, status: 'closed', closedAt: now.toISOString(), closedBy: by };
  }

  private queue(c: HandoffCase, text: string, now: Date): OutboxRow {
    const row: OutboxRow = {
      id: `handoff|${c.id}|${now.toISOString()}|${c.messages.length}`,
      kind: 'handoff',
      handoff: c.id,
      userKey: c.userKey,
      channel: c.channel,
      text,
      createdAt: now.toISOString(),
      // Due at once, by the outbox's own clock (a tick may be run with another time in tests).
      notBefore: new Date(Math.min(now.getTime(), this.now().getTime())).toISOString(),
      status: 'pending',
      attempts: 0,
    };
    this.options.store.putOutbox(row);
    return row;
  }
}
