import { schedule, type ScheduledTask } from 'node-cron';
import type { FlowBook } from '../flows/flow-book.js';
import type { Logger } from '../lib/log.js';
import type { Store } from '../store/store.js';
import { Delivery } from './delivery.js';
import { QuietHours } from './quiet-hours.js';
import { Scheduler, TIMEZONE } from './scheduler.js';
import type { Sender } from '../domain/outreach.js';
import { WebSender } from './web-sender.js';

export interface ReminderOptions {
  store: Store;
  flows: FlowBook;
  pseudonym: (userKey: string) => Promise<string>;
  quietHours: string;
  nudgeAfterDays: number;
  tickSeconds: number;
  logger: Logger;
  senders?: Sender[];
  markGone?: (userKey: string) => Promise<void>;
  /** Handoff cases: closed at each tick after 24 hours without a team reply (core/handoff-desk.ts). */
  handoffs?: { expire(now: Date): Promise<number> };
}

/** node-cron ticks; each tick plans what is due and delivers it. Ticks never overlap. */
export class ReminderEngine {
  readonly scheduler: Scheduler;
  readonly delivery: Delivery;
  private task?: ScheduledTask;
  private running: Promise<void> = Promise.resolve();

  constructor(private readonly options: ReminderOptions) {
    this.scheduler = new Scheduler({
      store: options.store,
      flows: options.flows,
      nudgeAfterDays: options.nudgeAfterDays,
    });
    this.delivery = new Delivery({
      store: options.store,
      senders: [new WebSender(options.store), ...(options.senders ?? [])],
      quiet: new QuietHours(options.quietHours),
      pseudonym: options.pseudonym,
      ...(options.markGone ? { markGone: options.markGone } : {}),
    });
  }

  async start(): Promise<void> {
    const unknown = await this.delivery.recover();
    if (unknown)
      this.options.logger.warn({ unknown }, 'reminders in flight at the last stop are counted unknown, not resent');
    const seconds = Math.max(1, Math.min(59, this.options.tickSeconds));
    this.task = schedule(`*/${seconds} * * * * *`, () => this.tick(), {
      timezone: TIMEZONE,
      noOverlap: true,
      name: 'reminders',
    });
  }

  /** Plans and delivers what is due now. Safe to call at any time; calls queue behind each other. */
  tick(now = new Date()): Promise<void> {
    this.running = this.running.then(async () => {
      try {
        // Another instance on a shared store may have died since the last tick.
        const unknown = await this.delivery.recover();
        if (unknown)
          this.options.logger.warn({ unknown }, 'reminders left in flight by a stopped instance are counted unknown');
        const planned = await this.scheduler.plan(now);
        const expired = (await this.options.handoffs?.expire(now)) ?? 0;
        await this.options.store.flush();
        if (expired) this.options.logger.info({ expired }, 'handoff cases closed after 24 hours without a team reply');
        if (planned) this.options.logger.info({ planned }, 'reminders planned');
        await this.delivery.deliverDue((this.options.tickSeconds - 1) * 1000);
      } catch (error) {
        this.options.logger.error({ err: error }, 'reminder tick failed');
      }
    });
    return this.running;
  }

  async stop(): Promise<void> {
    await this.task?.destroy();
    this.scheduler.stop();
    await this.running;
  }
}
