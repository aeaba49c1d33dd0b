import { randomBytes } from 'node:crypto';
import { createTask, type ScheduledTask } from 'node-cron';
import type { FlowBook } from '../flows/flow-book.js';
import type { OutreachStore, PeopleStore, SettingsStore, Store } from '../store/store.js';
import type { UserRecord } from '../domain/person.js';
import { inAudience } from './audience.js';
import type { Audience, Broadcast, OutboxRow } from '../domain/outreach.js';

export const TIMEZONE = 'Asia/Ho_Chi_Minh';
const MINUTE = 60_000;
const WEEK = 7 * 24 * 60 * MINUTE;
/** A recurring broadcast does not catch up more than a day of runs missed while the server was down. */
const MAX_CATCH_UP_MINUTES = 24 * 60;
const NUDGE_SCAN_EVERY_MS = 5 * MINUTE;

export interface BroadcastInput {
  text: string;
  buttons?: { title: string; payload: string }[];
  audience: Audience;
  at?: string;
  cron?: string;
}

export interface BroadcastCounts {
  status: Broadcast['status'];
  total: number;
  pending: number;
  sent: number;
  failed: number;
  skipped: number;
  unknown: number;
}

export interface SchedulerOptions {
  store: OutreachStore & PeopleStore & SettingsStore & Pick<Store, 'flush'>;
  flows: FlowBook;
  /** Nudge someone who has not moved inside a flow for this many days. */
  nudgeAfterDays: number;
}

const isoWeek = (at: Date) => {
  const d = new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), at.getUTCDate()));
  d.setUTCDate(d.getUTCDate() + 4 - (d.getUTCDay() || 7));
  const year = d.getUTCFullYear();
  return `${year}-W${Math.ceil(((d.getTime() - Date.UTC(year, 0, 1)) / 86_400_000 + 1) / 7)}`;
};

/**
 * Turns broadcasts and stalled flows into outbox rows. Row ids are derived from what they deliver
 * (broadcast run + person, nudge flow + person + week), so planning twice — after a crash in the
 * middle of it — never makes a second row for the same message.
 */
export class Scheduler {
  private readonly cronTasks = new Map<string, ScheduledTask>();
  /** Stalled flows are looked for every few minutes, not at every tick: it walks every person. */
  private nextNudgeScan = 0;

  constructor(private readonly options: SchedulerOptions) {}

  create(input: BroadcastInput, createdBy: string, now: Date): Broadcast {
    const broadcast: Broadcast = {
      id: `b-${now.getTime().toString(36)}-${randomBytes(4).toString('hex')}`,
      text: input.text,
      ...(input.buttons ? { buttons: input.buttons } : {}),
      audience: input.audience,
      ...(input.at ? { at: new Date(input.at).toISOString() } : {}),
      ...(input.cron ? { cron: input.cron, checkedUntil: now.toISOString() } : {}),
      ...(!input.at && !input.cron ? { at: now.toISOString() } : {}),
      status: 'scheduled',
      createdAt: now.toISOString(),
      createdBy,
      runs: 0,
    };
    this.options.store.putBroadcast(broadcast);
    return broadcast;
  }

  async cancel(broadcast: Broadcast): Promise<void> {
    const store = this.options.store;
    for (const row of await store.outboxOf(broadcast.id)) {
      if (row.status === 'pending') store.putOutbox({ ...row, status: 'skipped', reason: 'cancelled' });
    }
    store.putBroadcast({ ...broadcast, status: 'cancelled' });
    this.cronTasks.get(broadcast.id)?.destroy();
    this.cronTasks.delete(broadcast.id);
  }

  async counts(broadcast: Broadcast): Promise<BroadcastCounts> {
    const archived = broadcast.archived ?? { sent: 0, failed: 0, skipped: 0, unknown: 0 };
    const total = archived.sent + archived.failed + archived.skipped + archived.unknown;
    const counts: BroadcastCounts = { status: broadcast.status, total, pending: 0, ...archived };
    for (const row of await this.options.store.outboxOf(broadcast.id)) {
      counts.total++;
      if (row.status === 'pending' || row.status === 'sending') counts.pending++;
      else counts[row.status]++;
    }
    return counts;
  }

  /**
   * Everything due at `now`: broadcast runs, nudges, and broadcasts that have finished. One
   * planner at a time across instances sharing the store, and durable before the next one looks.
   */
  plan(now: Date): Promise<number> {
    const store = this.options.store;
    return store.exclusively('plan-reminders', async () => {
      let rows = 0;
      for (const listed of await store.broadcasts()) {
        // Read again: another planner may have moved it on since the list was taken.
        const broadcast = (await store.getBroadcast(listed.id)) ?? listed;
        if (broadcast.status === 'cancelled' || broadcast.status === 'done') continue;
        if (broadcast.cron) rows += await this.planRecurring(broadcast, now);
        else if (broadcast.status === 'scheduled' && Date.parse(broadcast.at!) <= now.getTime()) {
          rows += await this.expand(broadcast, broadcast.id, now);
          store.putBroadcast({
            ...((await store.getBroadcast(broadcast.id)) ?? broadcast),
            status: 'sending',
            runs: 1,
          });
        } else if (broadcast.status === 'sending' && (await this.counts(broadcast)).pending === 0) {
          store.putBroadcast({ ...broadcast, status: 'done' });
        }
      }
      if (now.getTime() >= this.nextNudgeScan) {
        this.nextNudgeScan = now.getTime() + NUDGE_SCAN_EVERY_MS;
        rows += await this.planNudges(now);
      }
      await store.flush();
      return rows;
    });
  }

  private async planRecurring(broadcast: Broadcast, now: Date): Promise<number> {
    let task = this.cronTasks.get(broadcast.id);
    if (!task) {
      task = createTask(broadcast.cron!, () => undefined, { timezone: TIMEZONE });
      this.cronTasks.set(broadcast.id, task);
    }
    const from = Math.max(
      Date.parse(broadcast.checkedUntil ?? broadcast.createdAt),
      now.getTime() - MAX_CATCH_UP_MINUTES * MINUTE,
    );
    let rows = 0;
    let runs = broadcast.runs;
    // Each whole minute after the last check and up to now is a possible run.
    for (let minute = Math.floor(from / MINUTE) * MINUTE + MINUTE; minute <= now.getTime(); minute += MINUTE) {
      if (!task.match(new Date(minute))) continue;
      rows += await this.expand(broadcast, `${broadcast.id}@${new Date(minute).toISOString()}`, new Date(minute));
      runs++;
    }
    this.options.store.putBroadcast({ ...broadcast, checkedUntil: now.toISOString(), runs });
    return rows;
  }

  /** One row per person in the audience; people who opted out are skipped at delivery, with a reason. */
  private async expand(broadcast: Broadcast, runId: string, at: Date): Promise<number> {
    const store = this.options.store;
    let rows = 0;
    for await (const user of store.users()) {
      if (!inAudience(user, broadcast.audience)) continue;
      const id = `${runId}|${user.key}`;
      if (await store.getOutbox(id)) continue;
      store.putOutbox(
        this.row(id, { kind: 'broadcast', broadcastId: broadcast.id }, user, broadcast.text, broadcast.buttons, at),
      );
      rows++;
    }
    return rows;
  }

  private async planNudges(now: Date): Promise<number> {
    const store = this.options.store;
    const after = this.options.nudgeAfterDays * 24 * 60 * MINUTE;
    let rows = 0;
    for await (const user of store.users()) {
      const session = user.session;
      if (!session || now.getTime() - Date.parse(session.updatedAt) < after) continue;
      const flow = this.options.flows.get(session.flowId);
      if (!flow) continue;
      // At most one nudge per flow per week: the week is part of the row's id.
      const id = `nudge|${session.flowId}|${isoWeek(now)}|${user.key}`;
      if (await store.getOutbox(id)) continue;
      const recent = await store.getOutbox(
        `nudge|${session.flowId}|${isoWeek(new Date(now.getTime() - WEEK))}|${user.key}`,
      );
      if (recent && now.getTime() - Date.parse(recent.createdAt) < WEEK) continue;
      const text =
        `Ông/Bà đang làm dở phần "${flow.title}". Khi rảnh, bấm "Tiếp tục hướng dẫn" để làm tiếp nhé.\n` +
        'Không muốn nhận tin nhắc, ông/bà gõ "dừng nhắc".';
      store.putOutbox({
        ...this.row(id, { kind: 'nudge' }, user, text, [{ title: 'Tiếp tục hướng dẫn', payload: 'cmd:resume' }], now),
        flow: flow.id,
      });
      rows++;
    }
    return rows;
  }

  private row(
    id: string,
    what: Pick<OutboxRow, 'kind' | 'broadcastId'>,
    user: UserRecord,
    text: string,
    buttons: Broadcast['buttons'],
    at: Date,
  ): OutboxRow {
    return {
      id,
      ...what,
      userKey: user.key,
      channel: user.channel,
      text,
      ...(buttons ? { buttons } : {}),
      createdAt: at.toISOString(),
      notBefore: at.toISOString(),
      status: 'pending',
      attempts: 0,
    };
  }

  stop(): void {
    for (const task of this.cronTasks.values()) task.destroy();
    this.cronTasks.clear();
  }
}
