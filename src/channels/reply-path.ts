import type { Reply } from '../domain/messages.js';
import { MAX_SEND_ATTEMPTS, retryDelayMs, type OutboxRow, type SendResult } from '../domain/outreach.js';
import type { UserRecord } from '../domain/person.js';
import { KeyedLock } from '../lib/keyed-lock.js';
import type { Logger } from '../lib/log.js';
import type { OutreachStore, Store } from '../store/store.js';
import type { ChannelAdapter } from './adapter.js';
import { toPieces } from './render.js';

/** Tries of a live reply before it is handed to the outbox (which tries the rest of MAX_SEND_ATTEMPTS). */
const LIVE_TRIES = 3;
/** A live reply waits at most this long for the platform; a longer wait is left to the outbox. */
const MAX_LIVE_WAIT_MS = 30_000;

export interface ReplyPathDeps {
  store: OutreachStore & Pick<Store, 'flush'>;
  logger: Logger;
  /** Changes a person's record in turn with their messages (the core's `updateUser`). */
  updateUser(userId: string, change: (user: UserRecord) => void): Promise<void>;
  sleep?: (ms: number) => Promise<void>;
}

/**
 * Everything between the bot's replies and a channel's `sendPiece`, once for every channel:
 * conversion into pieces the platform can hold, one person's pieces in order, one retry policy,
 * and what a refusal means for the person (gone, outside the window), recorded here and only here.
 * A live reply is tried a few times; what still does not go is queued in the outbox as `reply`
 * rows, each carrying its piece (text and buttons), which delivery sends through `send`.
 */
export class ReplyPath {
  private readonly order = new KeyedLock();
  private readonly sleep: (ms: number) => Promise<void>;
  private held = 0;
  /** People with replies waiting in the outbox, and until when: newer replies queue behind them. */
  private readonly heldUntil = new Map<string, number>();

  constructor(
    private readonly adapter: ChannelAdapter,
    private readonly deps: ReplyPathDeps,
  ) {
    this.sleep = deps.sleep ?? ((ms) => new Promise((r) => setTimeout(r, ms)));
  }

  /** The replies to a person who just wrote, in order; resolves when sent, refused or queued. */
  answer(userId: string, replies: Reply[]): Promise<void> {
    const pieces = replies.flatMap((reply) => toPieces(reply, this.adapter.limits.maxText));
    return this.order.run(userId, async () => {
      const waiting = (this.heldUntil.get(userId) ?? 0) - Date.now();
      if (waiting > 0) return this.holdBack(userId, pieces, 0, waiting);
      this.heldUntil.delete(userId);
      for (const [i, piece] of pieces.entries()) {
        const { result, tries } = await this.tryLive(userId, piece);
        if (result.ok) continue;
        this.deps.logger.warn({ channel: this.adapter.channel, reason: result.reason }, 'reply not delivered');
        if (result.permanent) return this.refused(userId, result);
        // The rest goes through the outbox, in order, so nothing of the answer is lost or reordered.
        return this.holdBack(userId, pieces.slice(i), tries, result.retryAfterMs ?? retryDelayMs(tries));
      }
    });
  }

  /** An outbox row (the channel as a reminders `Sender`): one try; delivery retries by the same policy. */
  send(row: OutboxRow): Promise<SendResult> {
    const userId = row.userKey.slice(this.adapter.channel.length + 1);
    const message = { text: row.text, ...(row.buttons?.length ? { buttons: row.buttons } : {}) };
    // A held-back reply row carries one piece, already converted; other rows carry a whole message.
    const pieces = row.kind === 'reply' ? [message] : toPieces(message, this.adapter.limits.maxText);
    return this.order.run(userId, async () => {
      for (const piece of pieces) {
        const result = await this.sendOnce(userId, piece);
        if (result.ok) continue;
        if (result.permanent) await this.refused(userId, result);
        return result;
      }
      return { ok: true } as const;
    });
  }

  /** The person unfollowed or blocked the account, or the platform said so when we wrote. */
  gone(userId: string): Promise<void> {
    return this.deps.updateUser(userId, (u) => void (u.active = false));
  }

  /** Resolves when every reply started so far is sent, refused or queued. */
  idle(): Promise<void> {
    return this.order.idle();
  }

  private async tryLive(userId: string, piece: Reply): Promise<{ result: SendResult; tries: number }> {
    for (let tries = 1; ; tries++) {
      const result = await this.sendOnce(userId, piece);
      if (result.ok || result.permanent || tries >= LIVE_TRIES) return { result, tries };
      const wait = result.retryAfterMs ?? retryDelayMs(tries);
      if (wait > MAX_LIVE_WAIT_MS) return { result, tries };
      await this.sleep(wait);
    }
  }

  private async sendOnce(userId: string, piece: Reply): Promise<SendResult> {
    try {
      return await this.adapter.sendPiece(userId, piece);
    } catch (error) {
      return { ok: false, permanent: false, reason: `send failed: ${(error as Error).message}` };
    }
  }

  private async refused(userId: string, result: Extract<SendResult, { permanent: true }>): Promise<void> {
    if (result.userGone) await this.gone(userId);
    else if (result.outsideWindow) await this.deps.updateUser(userId, (u) => void (u.unreachable = result.reason));
  }

  private async holdBack(userId: string, pieces: Reply[], tries: number, waitMs: number): Promise<void> {
    if (tries >= MAX_SEND_ATTEMPTS) return;
    const now = new Date();
    this.heldUntil.set(userId, Math.max(this.heldUntil.get(userId) ?? 0, now.getTime() + waitMs));
    const channel = this.adapter.channel;
    for (const [i, piece] of pieces.entries()) {
      // The id sorts the pieces in order among rows created in the same millisecond.
      const seq = String(this.held++ % 1e6).padStart(6, '0');
      this.deps.store.putOutbox({
        id: `reply|${channel}:${userId}|${now.toISOString()}|${seq}`,
        kind: 'reply',
        userKey: `${channel}:${userId}`,
        channel,
        text: piece.text,
        ...(piece.buttons?.length ? { buttons: piece.buttons } : {}),
        createdAt: now.toISOString(),
        notBefore: new Date(now.getTime() + waitMs).toISOString(),
        status: 'pending',
        attempts: i === 0 ? tries : 0,
      });
    }
    await this.deps.store.flush();
  }
}
