import type { AreaList } from '../content/areas.js';
import { ZALO_FREE_WINDOW_MS } from '../domain/messages.js';
import type { OutboxRow } from '../domain/outreach.js';
import type { HandoffStore, OutreachStore, PeopleStore, Store } from '../store/store.js';
import type { UserRecord } from '../domain/person.js';
import { CLOSED_CASE_KEEP_MS, type HandoffCase } from '../domain/handoff.js';
import { expiresAt, withMessage } from './handoff-case.js';
import { closedByTeam, closedByTimeout, fromTeam, note } from './handoff-messages.js';

/** Why a team's message cannot reach the citizen any more; undefined when it can. */
export type Unreachable = 'zalo-window' | 'gone' | 'erased';

/** The case changed before the team's action could be applied: it closed, or the citizen cannot be reached. */
export class CaseRefused extends Error {
  constructor(readonly why: 'closed' | Unreachable) {
    super(`handoff case refused: ${why}`);
    this.name = 'CaseRefused';
  }
}

export interface HandoffDeskOptions {
  store: HandoffStore & PeopleStore & OutreachStore & Pick<Store, 'flush'>;
  areas?: AreaList;
  now?: () => Date;
  /** Asks the outbox to deliver soon (a reply should not wait for the next tick). */
  deliverSoon?: () => void;
}

/**
 * The team's side of a handoff: read the cases of an area, answer (through the outbox, on the
 * citizen's channel), close, and close by itself after 24 hours without a team reply. The citizen's
 * side is core/handoff.ts. Every change here reads the case again and writes it durably inside
 * `withPerson` of its citizen, so it cannot interleave with a message of theirs being handled.
 */
export class HandoffDesk {
  private readonly now: () => Date;

  constructor(private readonly options: HandoffDeskOptions) {
    this.now = options.now ?? (() => new Date());
  }

  get(id: string): Promise<HandoffCase | undefined> {
    return this.options.store.getHandoff(id);
  }

  /** The area the case belongs to now: the person may have told the bot their area after opening it. */
  async areaOf(c: HandoffCase): Promise<string | undefined> {
    return (await this.options.store.getUser(c.userKey))?.area ?? c.area;
  }

  /** Cases in these areas (all when undefined), newest first. */
  async list(areas: Set<string> | undefined, status: HandoffCase['status']): Promise<HandoffCase[]> {
    let cases = (await this.options.store.handoffs()).filter((c) => c.status === status);
    if (areas) {
      const areaOf = await Promise.all(cases.map((c) => this.areaOf(c)));
      cases = cases.filter((_, i) => areas.has(areaOf[i] ?? ''));
    }
    return cases.sort((a, b) => b.openedAt.localeCompare(a.openedAt) || b.id.localeCompare(a.id));
  }

  async countOpen(areas: Set<string> | undefined): Promise<number> {
    return (await this.list(areas, 'open')).length;
  }

  /** Until when a reply can still reach the person (Zalo: 48 hours after their last message). */
  async replyableUntil(c: HandoffCase): Promise<Date | undefined> {
    const user = await this.options.store.getUser(c.userKey);
    return user && until(c, user);
  }

  async unreachable(c: HandoffCase, now = this.now()): Promise<Unreachable | undefined> {
    const user = await this.options.store.getUser(c.userKey);
    if (!user) return 'erased';
    if (!user.active) return 'gone';
    const last = until(c, user);
    if (last && last.getTime() < now.getTime()) return 'zalo-window';
    return undefined;
  }

  /** A team's message: kept in the case (redacted), delivered in full through the outbox. Durable when it resolves. */
  async reply(c: HandoffCase, text: string): Promise<HandoffCase> {
    const updated = await this.change(c, async (current, now) => {
      const unreachable = await this.unreachable(current, now);
      if (unreachable) throw new CaseRefused(unreachable);
      const row = this.queue(current, fromTeam(text), now);
      return { ...withMessage(current, 'team', text, now, row.id), lastTeamReplyAt: now.toISOString() };
    });
    this.options.deliverSoon?.();
    return updated;
  }

  /** The team closes the case: the bot answers the person again, and tells them. */
  async close(c: HandoffCase): Promise<HandoffCase> {
    const closed = await this.change(c, async (current, now) => {
      if (!(await this.unreachable(current, now))) this.queue(current, closedByTeam, now);
      return this.closed(withMessage(current, 'bot', note.closedByTeam, now), 'team', now);
    });
    this.options.deliverSoon?.();
    return closed;
  }

  /**
   * Called at every reminder tick: closes cases 24 hours without a team reply (an apology and the
   * contacts go to the person) and removes closed cases past their keeping time. Returns how many
   * cases it closed.
   */
  async expire(now: Date): Promise<number> {
    const store = this.options.store;
    const closing = await Promise.all(
      (await store.handoffs()).map(async (c) => {
        if (c.status === 'closed') {
          if (Date.parse(c.closedAt ?? c.openedAt) + CLOSED_CASE_KEEP_MS < now.getTime()) store.deleteHandoff(c.id);
          return false;
        }
        if (expiresAt(c) > now.getTime()) return false;
        return store.withPerson(c.userKey, async () => {
          const current = await store.getHandoff(c.id);
          if (current?.status !== 'open' || expiresAt(current) > now.getTime()) return false;
          const contacts = this.options.areas?.contactsFor(await this.areaOf(current)) ?? [];
          if (!(await this.unreachable(current, now))) this.queue(current, closedByTimeout(contacts), now);
          store.putHandoff(this.closed(withMessage(current, 'bot', note.timedOut, now), 'timeout', now));
          await store.flush();
          return true;
        });
      }),
    );
    return closing.filter(Boolean).length;
  }

  /** The outbox row that delivers one of the case's messages, if any. */
  async delivery(rowId: string | undefined): Promise<OutboxRow | undefined> {
    return rowId ? this.options.store.getOutbox(rowId) : undefined;
  }

  /**
   * A team's change to an open case, applied to the case as it is now, inside the citizen's turn,
   * and durable when it resolves. Refused when the case has closed meanwhile.
   */
  private change(
    c: HandoffCase,
    next: (current: HandoffCase, now: Date) => Promise<HandoffCase>,
  ): Promise<HandoffCase> {
    const store = this.options.store;
    return store.withPerson(c.userKey, async () => {
      const current = await store.getHandoff(c.id);
      if (current?.status !== 'open') throw new CaseRefused('closed');
      const updated = await next(current, this.now());
      store.putHandoff(updated);
      await store.flush();
      return updated;
    });
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

/** Zalo: a reply reaches the person until 48 hours after their last message. */
function until(c: HandoffCase, user: UserRecord): Date | undefined {
  if (c.channel !== 'zalo') return undefined;
  return new Date(Date.parse(user.lastSeenAt) + ZALO_FREE_WINDOW_MS);
}
