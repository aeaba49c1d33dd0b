import type { Channel } from '../domain/messages.js';
import type { ProgressEvent } from '../domain/progress.js';
import type { EventLog, OutreachStore, PeopleStore, Store } from '../store/store.js';
import type { UserRecord } from '../domain/person.js';
import { previewAudience, skipReason, type AudiencePreview, type ChannelRules } from './audience.js';
import type { QuietHours } from './quiet-hours.js';
import {
  isAnswer,
  MAX_SEND_ATTEMPTS,
  retryDelayMs,
  type Audience,
  type OutboxRow,
  type SendResult,
  type Sender,
} from '../domain/outreach.js';

/** A retry_after longer than this is capped; the message stays queued for later. */
const MAX_PAUSE_MS = 15 * 60_000;
/** Rows claimed for one round at most; more wait for the next round. */
const ROUND_LIMIT = 50_000;

export interface DeliveryOptions {
  store: OutreachStore & PeopleStore & EventLog & Pick<Store, 'flush'>;
  senders: Sender[];
  quiet: QuietHours;
  pseudonym: (userKey: string) => Promise<string>;
  now?: () => Date;
  sleep?: (ms: number) => Promise<void>;
  /** Marks a person the channel says is gone (blocked the bot), in turn with their messages. */
  markGone?: (userKey: string) => Promise<void>;
}

/** A team's message in a handoff case is not a reminder: the reminder figures do not count it. */
const counted = (event: ProgressEvent) => event.topic !== 'handoff';

/**
 * Delivers the outbox at each channel's pace. A row is marked `sending` durably before the
 * channel is called (unless the channel's send is itself a store write, as for the web inbox),
 * so after a crash a row is either delivered, still pending, or `unknown` — never sent twice.
 */
export class Delivery {
  private readonly senders = new Map<Channel, Sender>();
  private readonly pausedUntil = new Map<Channel, number>();
  private readonly lastToChat = new Map<string, number>();
  private readonly now: () => Date;
  private readonly sleep: (ms: number) => Promise<void>;
  /** Rounds run one at a time in this instance (the store keeps other instances off claimed rows). */
  private rounds: Promise<unknown> = Promise.resolve();

  constructor(private readonly options: DeliveryOptions) {
    for (const sender of options.senders) this.senders.set(sender.channel, sender);
    this.now = options.now ?? (() => new Date());
    this.sleep = options.sleep ?? ((ms) => new Promise((r) => setTimeout(r, ms)));
  }

  private readonly channels: ChannelRules = {
    on: (channel) => this.senders.has(channel),
    windowMs: (channel) => this.senders.get(channel)?.windowMs,
  };

  addSender(sender: Sender): void {
    this.senders.set(sender.channel, sender);
  }

  /** Rows a crash left in flight are counted `unknown` and never sent again. */
  async recover(): Promise<number> {
    const inFlight = await this.options.store.strandedSending();
    for (const row of inFlight)
      this.options.store.putOutbox({ ...row, status: 'unknown', reason: 'in flight at a restart' });
    await this.options.store.flush();
    return inFlight.length;
  }

  /** Sends everything due, in rounds of one second per channel's rate, for at most `budgetMs`. */
  async deliverDue(budgetMs = 9_000): Promise<number> {
    const started = this.now().getTime();
    let sent = 0;
    for (;;) {
      const round = await this.round();
      sent += round.sent;
      const now = this.now().getTime();
      // Nothing more this second: wait for the next row that falls due within the budget, if any.
      const next = round.more ? now + 1000 : await this.nextDue();
      if (next === undefined || next - started > budgetMs) return sent;
      await this.sleep(Math.max(0, next - now));
    }
  }

  private async nextDue(): Promise<number | undefined> {
    let next: number | undefined;
    for (const [channel, due] of await this.options.store.nextDue()) {
      const at = Math.max(due.getTime(), this.pausedUntil.get(channel) ?? 0);
      if (next === undefined || at < next) next = at;
    }
    return next;
  }

  /** One second's worth of sends per channel. */
  round(): Promise<{ sent: number; more: boolean }> {
    const run = this.rounds.then(() => this.oneRound());
    this.rounds = run.catch(() => undefined);
    return run;
  }

  private async oneRound(): Promise<{ sent: number; more: boolean }> {
    const store = this.options.store;
    const now = this.now();
    const due = await store.claimDue(now, ROUND_LIMIT);
    const events: ProgressEvent[] = [];
    const batches = new Map<Channel, OutboxRow[]>();
    let more = due.length >= ROUND_LIMIT;

    for (const row of due) {
      const user = await store.getUser(row.userKey);
      const verdict = this.check(row, user, now);
      if (verdict === 'wait') {
        more = true;
        continue;
      }
      if (verdict) {
        store.putOutbox({ ...row, status: 'skipped', reason: verdict });
        events.push(await this.event('reminder_skipped', row, user, now, verdict));
        continue;
      }
      const sender = this.senders.get(row.channel)!;
      // Quiet hours keep phones from ringing at night; a web inbox rings nothing, it is read when the page is opened.
      if (this.options.quiet.isQuiet(now) && !isAnswer(row) && !sender.sendIsStoreWrite) {
        store.putOutbox({ ...row, notBefore: this.options.quiet.endOf(now).toISOString() });
        continue;
      }
      const batch = batches.get(row.channel) ?? [];
      if (
        batch.length >= sender.perSecond ||
        (this.lastToChat.get(row.userKey) ?? 0) + sender.perChatGapMs > now.getTime()
      ) {
        more = true;
        continue;
      }
      this.lastToChat.set(row.userKey, now.getTime());
      batch.push(row);
      batches.set(row.channel, batch);
    }

    // In flight from here: durable before any channel is called.
    for (const [channel, batch] of batches) {
      if (this.senders.get(channel)!.sendIsStoreWrite) continue;
      for (const row of batch) store.putOutbox({ ...row, status: 'sending', attempts: row.attempts + 1 });
    }
    store.appendEvents(events.filter(counted));
    await store.flush();

    let sent = 0;
    const results = await Promise.all(
      [...batches].flatMap(([, batch]) => batch.map(async (row) => [row, await this.sendOne(row)] as const)),
    );
    const after: ProgressEvent[] = [];
    for (const [row, result] of results) {
      const attempts = row.attempts + 1;
      const user = await store.getUser(row.userKey);
      if (result.ok) {
        sent++;
        store.putOutbox({ ...row, status: 'sent', attempts });
        after.push(await this.event('reminder_sent', row, user, now));
      } else if (result.permanent) {
        store.putOutbox({ ...row, status: 'failed', attempts, reason: result.reason });
        after.push(await this.event('reminder_failed', row, user, now, result.reason));
        if (result.userGone && !this.senders.get(row.channel)!.recordsRefusals) await this.markGone(row.userKey);
      } else if (attempts >= MAX_SEND_ATTEMPTS) {
        store.putOutbox({ ...row, status: 'failed', attempts, reason: `gave up: ${result.reason}` });
        after.push(await this.event('reminder_failed', row, user, now, result.reason));
      } else {
        const wait = Math.min(MAX_PAUSE_MS, result.retryAfterMs ?? retryDelayMs(attempts));
        if (result.retryAfterMs) this.pausedUntil.set(row.channel, now.getTime() + wait);
        store.putOutbox({
          ...row,
          status: 'pending',
          attempts,
          reason: result.reason,
          notBefore: new Date(now.getTime() + wait).toISOString(),
        });
        more = true;
      }
    }
    store.appendEvents(after.filter(counted));
    await store.flush();
    return { sent, more: more || results.length > 0 };
  }

  private async markGone(userKey: string): Promise<void> {
    if (this.options.markGone) return this.options.markGone(userKey);
    const user = await this.options.store.getUser(userKey);
    if (user) this.options.store.putUser({ ...user, active: false });
  }

  private async sendOne(row: OutboxRow): Promise<SendResult> {
    try {
      return await this.senders.get(row.channel)!.send(row);
    } catch (error) {
      return { ok: false, permanent: false, reason: `send failed: ${(error as Error).message}` };
    }
  }

  /** Who a broadcast to this audience would reach now, by the same rules as `check`. */
  preview(audience: Audience): Promise<AudiencePreview> {
    return previewAudience(this.options.store.users(), audience, this.now(), this.channels);
  }

  /** Why a row is skipped, "wait" when its channel is paused, or undefined when it may go. */
  private check(row: OutboxRow, user: UserRecord | undefined, now: Date): string | 'wait' | undefined {
    // A reply held back by a channel's rate limit, or a team's answer to a person who asked, is not
    // a reminder: opt-out and quiet hours do not apply.
    const message = { channel: row.channel, reply: isAnswer(row), ...(row.flow ? { flow: row.flow } : {}) };
    const reason = skipReason(user, message, now, this.channels);
    if (reason) return reason;
    if ((this.pausedUntil.get(row.channel) ?? 0) > now.getTime()) return 'wait';
    return undefined;
  }

  private async event(
    type: ProgressEvent['type'],
    row: OutboxRow,
    user: UserRecord | undefined,
    now: Date,
    reason?: string,
  ): Promise<ProgressEvent> {
    return {
      type,
      at: now.toISOString(),
      uid: user?.uid ?? (await this.options.pseudonym(row.userKey)),
      channel: row.channel,
      topic: row.broadcastId ?? row.kind,
      ...(user?.area ? { area: user.area } : {}),
      ...(row.flow ? { flow: row.flow } : {}),
      ...(reason ? { reason } : {}),
    };
  }
}
