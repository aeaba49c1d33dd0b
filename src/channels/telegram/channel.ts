import { createHash, timingSafeEqual } from 'node:crypto';
import express, { Router } from 'express';
import { Telegraf, TelegramError, type Context } from 'telegraf';
import type { Update } from 'telegraf/types';
import type { ConversationCore } from '../../core/conversation.js';
import type { Outcome, Reply } from '../../domain/messages.js';
import type { Logger } from '../../lib/log.js';
import type { OutboxRow, SendResult, Sender } from '../../domain/outreach.js';
import type { Store } from '../../store/store.js';
import { KeyedLock } from '../../lib/keyed-lock.js';
import { splitText, withNumberedOptions } from '../render.js';
import { deliveryKey, InboundQueue, type DeliveryInfo } from '../inbound-queue.js';
import type { TelegramConfig } from './config.js';

const MAX_TEXT = 4096;
/** A reply waits at most this long for a 429; longer, it is queued in the outbox for later. */
const MAX_REPLY_WAIT_MS = 30_000;
const SERVER_ERROR_TRIES = 3;
/** Telegram's callback_data holds 64 bytes; our payloads are short ASCII keys. */
const CALLBACK_LIMIT = 64;
const EMPTY_POLL_PAUSE_MS = 40;

// A Map: a typed "/constructor" must not find Object's own properties.
const COMMANDS = new Map([
  ['start', 'cmd:menu'],
  ['menu', 'cmd:menu'],
  ['help', 'cmd:help'],
  ['stop', 'cmd:reminders-off'],
]);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function safeEqual(a: string, b: string): boolean {
  const x = createHash('sha256').update(a).digest();
  const y = createHash('sha256').update(b).digest();
  return timingSafeEqual(x, y);
}

/** Whose update it is: one person's updates are handled in order. */
function personOf(update: Update): string {
  const u = update as { message?: { chat?: { id?: number } }; callback_query?: { from?: { id?: number } } };
  return String(u.message?.chat?.id ?? u.callback_query?.from?.id ?? '');
}

type Chat = { id: number; type: string };
type Slim = {
  message_id: number;
  date: number;
  chat: Chat;
  from?: { id: number; is_bot: boolean; first_name: string };
  text?: string;
  photo?: [];
};

/**
 * What handling needs of an update, and nothing else: no names, usernames or other fields; the
 * text goes through `hide` (redaction). A message that is not text keeps only that fact.
 */
function minimise(update: Update, hide: (text: string) => string): Update {
  const u = update as {
    update_id: number;
    message?: Record<string, unknown> & Slim;
    callback_query?: { id: string; from: { id: number }; data?: string; message?: Slim };
  };
  const chat = (c: Chat) => ({ id: c.id, type: c.type });
  const from = (f?: { id: number; is_bot?: boolean }) =>
    f ? { from: { id: f.id, is_bot: f.is_bot ?? false, first_name: '' } } : {};
  const slim: Record<string, unknown> = { update_id: u.update_id };
  if (u.message) {
    const m = u.message;
    slim.message = {
      message_id: m.message_id,
      date: m.date,
      chat: chat(m.chat),
      ...from(m.from),
      ...(typeof m.text === 'string' ? { text: hide(m.text) } : { photo: [] }),
    } satisfies Slim;
  }
  if (u.callback_query) {
    const q = u.callback_query;
    slim.callback_query = {
      id: q.id,
      from: { id: q.from.id, is_bot: false, first_name: '' },
      chat_instance: '',
      ...(q.data !== undefined ? { data: q.data } : {}),
      ...(q.message
        ? { message: { message_id: q.message.message_id, date: q.message.date, chat: chat(q.message.chat) } }
        : {}),
    };
  }
  return slim as unknown as Update;
}

/**
 * The Telegram channel on telegraf: webhook on our express server when PUBLIC_URL is set (secret
 * header required, updates de-duplicated by update_id), long polling otherwise. Replies keep their
 * order per chat; 429 waits retry_after, 403 marks the person inactive, 5xx retries.
 */
export class TelegramChannel implements Sender {
  readonly channel = 'telegram' as const;
  readonly perSecond = 25;
  readonly perChatGapMs = 1000;
  readonly bot: Telegraf;
  /** One send queue per chat: replies keep their order. */
  private readonly queues = new KeyedLock();
  private readonly queue: InboundQueue<Update>;
  /** The delivery each update being handled came in (telegraf hands handlers the same object). */
  private readonly deliveries = new WeakMap<Update, DeliveryInfo>();
  private polling = false;

  constructor(
    private readonly config: TelegramConfig,
    private readonly core: ConversationCore,
    private readonly store: Store,
    private readonly logger: Logger,
  ) {
    this.bot = new Telegraf(config.TELEGRAM_BOT_TOKEN, {
      telegram: { apiRoot: config.TELEGRAM_API_ROOT, webhookReply: false },
    });
    this.queue = new InboundQueue<Update>(
      'telegram',
      store,
      logger,
      (u, info) => {
        this.deliveries.set(u, info);
        return this.bot.handleUpdate(u);
      },
      (u) => personOf(u),
      minimise,
      (u, replies) => this.answer(personOf(u), { replies, match: { kind: 'command' } }),
    );
    this.bot.on('callback_query', (ctx) => this.onCallback(ctx));
    this.bot.on('message', (ctx) => this.onMessage(ctx));
    // Without this a throwing handler loses the update (webhook) or stops polling for good.
    this.bot.catch((error, ctx) => {
      this.logger.error({ err: error, update: ctx.update.update_id }, 'telegram update failed');
      const chat = ctx.chat?.id;
      if (chat)
        void this.sendText(String(chat), { text: 'Xin lỗi, có lỗi xảy ra. Ông/Bà thử lại sau ít phút.' }).catch(
          () => undefined,
        );
    });
  }

  async start(): Promise<void> {
    this.bot.botInfo ??= await this.bot.telegram.getMe();
    await this.queue.resume();
    if (this.config.PUBLIC_URL) {
      const url = `${this.config.PUBLIC_URL.replace(/\/$/, '')}/webhooks/telegram`;
      await this.bot.telegram.setWebhook(url, {
        secret_token: this.config.TELEGRAM_WEBHOOK_SECRET!,
        drop_pending_updates: false,
      });
      this.logger.info(`telegram: on, webhook ${url}`);
      return;
    }
    this.throttleEmptyPolls();
    this.polling = true;
    // launch() resolves only when the bot stops: do not await it.
    void this.bot
      .launch({ dropPendingUpdates: false })
      .catch((error) => this.logger.error({ err: error }, 'telegram polling stopped'));
    this.logger.info('telegram: on, long polling (set PUBLIC_URL for a webhook)');
  }

  async stop(): Promise<void> {
    if (this.polling) this.bot.stop('shutdown');
    await this.idle();
  }

  async idle(): Promise<void> {
    await this.queue.idle();
    await this.queues.idle();
  }

  /** POST /webhooks/telegram: the secret header is required; each update is handled once. */
  routes(): Router {
    const router = Router();
    router.post(
      '/webhooks/telegram',
      (req, res, next) => {
        // The secret is checked first, in either mode: without a webhook secret (long polling) every
        // caller is refused, so nothing reaches the bot this way.
        const secret = req.get('x-telegram-bot-api-secret-token');
        if (!secret) return void res.status(401).json({ error: 'x-telegram-bot-api-secret-token: missing' });
        const expected = this.config.TELEGRAM_WEBHOOK_SECRET;
        if (!expected || !this.config.PUBLIC_URL || !safeEqual(secret, expected)) {
          return void res.status(403).json({ error: 'x-telegram-bot-api-secret-token: wrong' });
        }
        next();
      },
      express.json({ limit: '64kb' }),
      async (req, res, next) => {
        const update = req.body as Update;
        if (typeof update?.update_id !== 'number')
          return void res.status(400).json({ error: 'body: not a Telegram update' });
        const id = deliveryKey('telegram', String(update.update_id));
        if (!(await this.store.markSeen(id))) return void res.json({ ok: true, duplicate: true });
        this.queue.accept(id, update).then(
          () => res.json({ ok: true }),
          (error) => next(error),
        );
      },
    );
    return router;
  }

  async send(row: OutboxRow): Promise<SendResult> {
    if (row.broadcastId === 'reply') {
      // A held-back reply: its text already lists the options.
      const keyboard = (row.buttons ?? []).map((b) => [{ text: b.title, callback_data: b.payload }]);
      const chat = row.userKey.slice('telegram:'.length);
      return this.queues.run(chat, () =>
        this.sendPiece(chat, row.text, keyboard.length ? { reply_markup: { inline_keyboard: keyboard } } : {}, false),
      ) as Promise<SendResult>;
    }
    return this.sendText(
      row.userKey.slice('telegram:'.length),
      { text: row.text, ...(row.buttons ? { buttons: row.buttons } : {}) },
      false,
    );
  }

  /** telegram-test-api and some proxies answer an empty getUpdates at once: pause briefly. */
  private throttleEmptyPolls(): void {
    const telegram = this.bot.telegram;
    const call = telegram.callApi.bind(telegram);
    telegram.callApi = (async (method: string, payload: unknown, options?: unknown) => {
      const result = await (call as (m: string, p: unknown, o?: unknown) => Promise<unknown>)(method, payload, options);
      if (method === 'getUpdates' && Array.isArray(result) && result.length === 0) await sleep(EMPTY_POLL_PAUSE_MS);
      return result;
    }) as typeof telegram.callApi;
  }

  private async onMessage(ctx: Context): Promise<void> {
    const message = ctx.message;
    const chat = ctx.chat?.id;
    if (!message || chat === undefined || ctx.chat?.type !== 'private') return;
    const at = new Date(message.date * 1000);
    const info = this.deliveries.get(ctx.update);
    const base = {
      channel: 'telegram' as const,
      userId: String(chat),
      messageId: String(message.message_id),
      at,
      ...(info ? { delivery: info.delivery, sensitive: info.sensitive } : {}),
    };
    if (!('text' in message)) {
      await this.answer(String(chat), await this.core.handle({ ...base, payload: 'cmd:non-text' }));
      return;
    }
    const command = /^\/([a-z]+)(?:@\w+)?(?:\s|$)/i.exec(message.text)?.[1]?.toLowerCase();
    const payload = command ? COMMANDS.get(command) : undefined;
    const inbound = payload ? { payload } : { text: message.text.slice(0, 2000) };
    await this.answer(String(chat), await this.core.handle({ ...base, ...inbound }));
  }

  private async onCallback(ctx: Context): Promise<void> {
    const query = ctx.callbackQuery;
    const chat = ctx.chat?.id ?? query?.from.id;
    await ctx.answerCbQuery().catch(() => undefined);
    if (!query || chat === undefined || !('data' in query) || !query.data) return;
    const delivery = this.deliveries.get(ctx.update)?.delivery;
    const outcome = await this.core.handle({
      channel: 'telegram',
      userId: String(chat),
      messageId: query.id,
      payload: query.data,
      at: new Date(),
      ...(delivery ? { delivery } : {}),
    });
    await this.answer(String(chat), outcome);
  }

  private async answer(chat: string, outcome: Outcome): Promise<void> {
    for (const reply of outcome.replies) {
      const result = await this.sendText(chat, reply);
      if (!result.ok && result.permanent) return;
    }
  }

  /**
   * One reply, in order for its chat: split to 4,096 characters, options numbered in the text and
   * as inline buttons on the last piece. `asReply`: a 429 longer than we wait is queued for later.
   */
  private sendText(chat: string, reply: Reply, asReply = true): Promise<SendResult> {
    const pieces = splitText(withNumberedOptions(reply), MAX_TEXT);
    const keyboard = (reply.buttons ?? [])
      .filter((b) => Buffer.byteLength(b.payload) <= CALLBACK_LIMIT)
      .map((b) => [{ text: b.title, callback_data: b.payload }]);
    return this.queues.run(chat, async () => {
      for (const [i, piece] of pieces.entries()) {
        const extra = i === pieces.length - 1 && keyboard.length ? { reply_markup: { inline_keyboard: keyboard } } : {};
        const result = await this.sendPiece(chat, piece, extra, asReply);
        if (!result.ok) return result;
      }
      return { ok: true };
    }) as Promise<SendResult>;
  }

  private async sendPiece(chat: string, text: string, extra: object, asReply: boolean): Promise<SendResult> {
    for (let attempt = 1; ; attempt++) {
      try {
        await this.bot.telegram.sendMessage(chat, text, extra);
        return { ok: true };
      } catch (error) {
        if (!(error instanceof TelegramError)) {
          if (attempt < SERVER_ERROR_TRIES) {
            await sleep(500 * 2 ** attempt);
            continue;
          }
          return { ok: false, permanent: false, reason: `request failed: ${(error as Error).message}` };
        }
        const code = error.code;
        if (code === 429) {
          const retryAfterMs = (error.parameters?.retry_after ?? 1) * 1000;
          if (asReply && retryAfterMs <= MAX_REPLY_WAIT_MS && attempt < SERVER_ERROR_TRIES) {
            await sleep(retryAfterMs);
            continue;
          }
          if (asReply) this.queueForLater(chat, text, extra, retryAfterMs);
          return { ok: false, permanent: false, reason: '429 too many requests', retryAfterMs };
        }
        if (code === 403) {
          await this.core.updateUser('telegram', chat, (u) => void (u.active = false));
          return { ok: false, permanent: true, reason: `403 ${error.description}`, userGone: true };
        }
        if (code >= 500 && attempt < SERVER_ERROR_TRIES) {
          await sleep(500 * 2 ** attempt);
          continue;
        }
        return { ok: false, permanent: code < 500, reason: `${code} ${error.description}` };
      }
    }
  }

  /** A reply Telegram asked us to hold for long: kept in the outbox and sent when allowed. */
  private queueForLater(chat: string, text: string, extra: object, retryAfterMs: number): void {
    const now = new Date();
    const buttons = (
      extra as { reply_markup?: { inline_keyboard: { text: string; callback_data: string }[][] } }
    ).reply_markup?.inline_keyboard.map(([b]) => ({ title: b!.text, payload: b!.callback_data }));
    this.store.putOutbox({
      id: `reply|${chat}|${now.toISOString()}|${Math.random().toString(36).slice(2)}`,
      broadcastId: 'reply',
      userKey: `telegram:${chat}`,
      channel: 'telegram',
      text,
      ...(buttons?.length ? { buttons } : {}),
      createdAt: now.toISOString(),
      notBefore: new Date(now.getTime() + retryAfterMs).toISOString(),
      status: 'pending',
      attempts: 0,
    });
    void this.store.flush();
  }
}
