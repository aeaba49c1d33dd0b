import { createHash, timingSafeEqual } from 'node:crypto';
import { Telegraf, TelegramError } from 'telegraf';
import type { Update } from 'telegraf/types';
import type { Reply } from '../../domain/messages.js';
import type { SendResult } from '../../domain/outreach.js';
import type { Logger } from '../../lib/log.js';
import type { ChannelAdapter, ChannelEvent, WebhookAnswer } from '../adapter.js';
import type { TelegramConfig } from './config.js';
import { minimise, personOf } from './minimise.js';

/** Telegram's callback_data holds 64 bytes; our payloads are short ASCII keys. */
const CALLBACK_LIMIT = 64;
const PATH = '/webhooks/telegram';
// A Map: a typed "/constructor" must not find Object's own properties.
const COMMANDS = new Map([
  ['start', 'cmd:menu'],
  ['menu', 'cmd:menu'],
  ['help', 'cmd:help'],
  ['stop', 'cmd:reminders-off'],
]);

function safeEqual(a: string, b: string): boolean {
  const x = createHash('sha256').update(a).digest();
  const y = createHash('sha256').update(b).digest();
  return timingSafeEqual(x, y);
}

const notAnUpdate: WebhookAnswer = { status: 400, body: { error: 'body: not a Telegram update' } };

type Message = { message_id: number; date: number; chat: { id: number; type: string }; text?: string };
type Callback = { id: string; from: { id: number }; data?: string; message?: Message };

/**
 * Telegram through telegraf's API client: a webhook on our server when PUBLIC_URL is set (secret
 * header required), long polling otherwise. Private chats only; /start, /menu, /help and /stop
 * are the bot's commands; buttons are inline keyboards whose data is the payload.
 */
export class TelegramAdapter implements ChannelAdapter<Update> {
  readonly channel = 'telegram' as const;
  readonly limits = { maxText: 4096, perSecond: 25, perChatGapMs: 1000 };
  readonly bot: Telegraf;
  private polling = false;

  constructor(
    private readonly config: TelegramConfig,
    private readonly logger: Logger,
  ) {
    this.bot = new Telegraf(config.TELEGRAM_BOT_TOKEN, {
      telegram: { apiRoot: config.TELEGRAM_API_ROOT, webhookReply: false },
    });
    this.bot.catch((error, ctx) =>
      this.logger.error({ err: error, update: ctx.update.update_id }, 'telegram update not taken'),
    );
  }

  readonly webhook = {
    path: PATH,
    // Checked first, in either mode: without a webhook secret (long polling) every caller is refused.
    precheck: (header: (name: string) => string | undefined): WebhookAnswer | undefined => {
      const secret = header('x-telegram-bot-api-secret-token');
      if (!secret) return { status: 401, body: { error: 'x-telegram-bot-api-secret-token: missing' } };
      const expected = this.config.TELEGRAM_WEBHOOK_SECRET;
      if (!expected || !this.config.PUBLIC_URL || !safeEqual(secret, expected))
        return { status: 403, body: { error: 'x-telegram-bot-api-secret-token: wrong' } };
      return undefined;
    },
    read: (raw: string): { id: string; body: Update } | WebhookAnswer => {
      let update: unknown;
      try {
        update = JSON.parse(raw);
      } catch {
        return notAnUpdate;
      }
      const id = (update as { update_id?: unknown } | null)?.update_id;
      return typeof id === 'number' ? { id: String(id), body: update as Update } : notAnUpdate;
    },
  };

  personOf = personOf;
  minimise = minimise;

  async events(update: Update): Promise<ChannelEvent[]> {
    const u = update as { message?: Message; callback_query?: Callback };
    if (u.callback_query) {
      const q = u.callback_query;
      await this.bot.telegram.answerCbQuery(q.id).catch(() => undefined);
      if (!q.data) return [];
      const userId = String(q.message?.chat.id ?? q.from.id);
      return [
        { type: 'message', inbound: { channel: 'telegram', userId, messageId: q.id, payload: q.data, at: new Date() } },
      ];
    }
    const m = u.message;
    if (!m || m.chat?.type !== 'private') return [];
    const base = {
      channel: 'telegram' as const,
      userId: String(m.chat.id),
      messageId: String(m.message_id),
      at: new Date(m.date * 1000),
    };
    if (typeof m.text !== 'string') return [{ type: 'message', inbound: { ...base, payload: 'cmd:non-text' } }];
    const command = /^\/([a-z]+)(?:@\w+)?(?:\s|$)/i.exec(m.text)?.[1]?.toLowerCase();
    const payload = command ? COMMANDS.get(command) : undefined;
    return [{ type: 'message', inbound: { ...base, ...(payload ? { payload } : { text: m.text.slice(0, 2000) }) } }];
  }

  async sendPiece(chat: string, piece: Reply): Promise<SendResult> {
    const keyboard = (piece.buttons ?? [])
      .filter((b) => Buffer.byteLength(b.payload) <= CALLBACK_LIMIT)
      .map((b) => [{ text: b.title, callback_data: b.payload }]);
    try {
      await this.bot.telegram.sendMessage(
        chat,
        piece.text,
        keyboard.length ? { reply_markup: { inline_keyboard: keyboard } } : {},
      );
      return { ok: true };
    } catch (error) {
      if (!(error instanceof TelegramError))
        return { ok: false, permanent: false, reason: `request failed: ${(error as Error).message}` };
      const code = error.code;
      if (code === 429)
        return {
          ok: false,
          permanent: false,
          reason: '429 too many requests',
          retryAfterMs: (error.parameters?.retry_after ?? 1) * 1000,
        };
      if (code === 403) return { ok: false, permanent: true, reason: `403 ${error.description}`, userGone: true };
      if (code >= 500) return { ok: false, permanent: false, reason: `${code} ${error.description}` };
      return { ok: false, permanent: true, reason: `${code} ${error.description}` };
    }
  }

  async start(receive: (id: string, update: Update) => Promise<void>): Promise<void> {
    this.bot.botInfo ??= await this.bot.telegram.getMe();
    if (this.config.PUBLIC_URL) {
      const url = `${this.config.PUBLIC_URL.replace(/\/$/, '')}${PATH}`;
      await this.bot.telegram.setWebhook(url, {
        secret_token: this.config.TELEGRAM_WEBHOOK_SECRET!,
        drop_pending_updates: false,
      });
      this.logger.info(`telegram: on, webhook ${url}`);
      return;
    }
    // Each polled update goes through the same durable tail as a webhook's before the next poll.
    this.bot.use((ctx) => receive(String(ctx.update.update_id), ctx.update));
    this.polling = true;
    // launch() resolves only when the bot stops: do not await it.
    void this.bot
      .launch({ dropPendingUpdates: false })
      .catch((error) => this.logger.error({ err: error }, 'telegram polling stopped'));
    this.logger.info('telegram: on, long polling (set PUBLIC_URL for a webhook)');
  }

  async stop(): Promise<void> {
    if (this.polling) this.bot.stop('shutdown');
  }
}
