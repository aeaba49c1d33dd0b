import express, { Router } from 'express';
import { z } from 'zod';
import type { ConversationCore } from '../../core/conversation.js';
import type { Outcome } from '../../domain/messages.js';
import type { Logger } from '../../lib/log.js';
import type { OutboxRow, SendResult, Sender } from '../../domain/outreach.js';
import type { Store } from '../../store/store.js';
import { KeyedLock } from '../../lib/keyed-lock.js';
import { splitText, withNumberedOptions } from '../render.js';
import { ZaloClient } from './client.js';
import type { ZaloConfig } from './config.js';
import { deliveryKey, InboundQueue, type DeliveryInfo } from '../inbound-queue.js';
import { isFresh, looksSigned, verifyZaloSignature } from './signature.js';
import { ZaloTokenStore } from './tokens.js';

const MAX_TEXT = 2000;
const PAYLOAD = /^(cmd|flow|kb|s):[\x21-\x7e]{1,80}$/;
const MEDIA = new Set([
  'user_send_image',
  'user_send_gif',
  'user_send_link',
  'user_send_sticker',
  'user_send_location',
  'user_send_file',
  'user_send_audio',
  'user_send_video',
  'user_send_business_card',
]);

/** Ids stay strings: Zalo's exceed 2^53. */
const event = z.looseObject({
  app_id: z.string(),
  event_name: z.string(),
  timestamp: z.string(),
  sender: z.looseObject({ id: z.string() }).optional(),
  follower: z.looseObject({ id: z.string() }).optional(),
  user_id: z.string().optional(),
  message: z.looseObject({ msg_id: z.string().optional(), text: z.string().optional() }).optional(),
});
type ZaloEvent = z.output<typeof event>;

/** What handling needs of an event, and nothing else: the text goes through `hide` (redaction). */
function minimise(e: ZaloEvent, hide: (text: string) => string): ZaloEvent {
  return {
    app_id: e.app_id,
    event_name: e.event_name,
    timestamp: e.timestamp,
    ...(e.sender ? { sender: { id: e.sender.id } } : {}),
    ...(e.follower ? { follower: { id: e.follower.id } } : {}),
    ...(e.user_id ? { user_id: e.user_id } : {}),
    ...(e.message
      ? {
          message: {
            ...(e.message.msg_id ? { msg_id: e.message.msg_id } : {}),
            ...(e.message.text !== undefined ? { text: hide(e.message.text) } : {}),
          },
        }
      : {}),
  };
}

/**
 * The Zalo OA channel: a signed webhook that answers at once and works after, replies sent
 * through the OA API in order per user, and a Sender for reminders.
 */
export class ZaloChannel implements Sender {
  readonly channel = 'zalo' as const;
  /** Zalo allows 4,000 requests a minute per app. */
  readonly perSecond = 50;
  readonly perChatGapMs = 0;
  readonly tokens: ZaloTokenStore;
  private readonly client: ZaloClient;
  /** One send queue per chat: replies keep their order. */
  private readonly queues = new KeyedLock();
  private readonly queue: InboundQueue<ZaloEvent>;

  constructor(
    private readonly config: ZaloConfig,
    private readonly core: ConversationCore,
    private readonly store: Store,
    private readonly logger: Logger,
  ) {
    this.tokens = new ZaloTokenStore(store, config, logger);
    this.client = new ZaloClient(config, this.tokens, logger);
    this.queue = new InboundQueue<ZaloEvent>(
      'zalo',
      store,
      logger,
      (e, info) => this.process(e, info),
      (e) => e.sender?.id ?? e.follower?.id ?? e.user_id ?? '',
      minimise,
      (e, replies) => this.answer(e.sender?.id ?? e.follower?.id ?? '', { replies, match: { kind: 'command' } }),
    );
  }

  async start(): Promise<void> {
    await this.tokens.seed();
    const resumed = await this.queue.resume();
    if (resumed) this.logger.info({ resumed }, 'zalo: handling deliveries acknowledged before the last stop');
    this.logger.info(
      (await this.tokens.tokens())
        ? 'zalo: on, webhook at /webhooks/zalo'
        : 'zalo: on, but no tokens yet: set ZALO_ACCESS_TOKEN and ZALO_REFRESH_TOKEN',
    );
  }

  health(): 'ok' | 'degraded' {
    return this.tokens.lastError || !this.tokens.known ? 'degraded' : 'ok';
  }

  routes(): Router {
    const router = Router();
    // No signature header, no body read: an unsigned flood is refused cheaply. (Webhooks have no
    // per-address limit: every genuine delivery comes from Zalo's own servers.)
    const signatureFirst: express.RequestHandler = (req, res, next) => {
      if (looksSigned(req.get('x-zevent-signature'))) return next();
      res.status(401).json({ error: 'x-zevent-signature: invalid' });
    };
    // The raw body is needed byte for byte: the signature covers it.
    router.post(
      '/webhooks/zalo',
      signatureFirst,
      express.raw({ type: () => true, limit: '64kb' }),
      async (req, res, next) => {
        const raw = Buffer.isBuffer(req.body) ? req.body.toString('utf8') : '';
        let parsed: ZaloEvent;
        try {
          parsed = event.parse(JSON.parse(raw));
        } catch {
          this.logger.warn({ bytes: raw.length }, 'zalo webhook: not a Zalo event');
          res.status(400).json({ error: 'body: not a Zalo event' });
          return;
        }
        const signed =
          parsed.app_id === this.config.ZALO_APP_ID &&
          verifyZaloSignature(
            req.get('x-zevent-signature'),
            parsed.app_id,
            raw,
            parsed.timestamp,
            this.config.ZALO_OA_SECRET_KEY,
          );
        if (!signed) {
          this.logger.warn({ event: parsed.event_name }, 'zalo webhook: bad or missing signature; ignored');
          res.status(401).json({ error: 'x-zevent-signature: invalid' });
          return;
        }
        // A genuine but stale (or far-future) delivery: 200 so Zalo does not retry it, and ignored.
        if (!isFresh(parsed.timestamp, Date.now(), this.config.ZALO_EVENT_MAX_AGE_SECONDS * 1000)) {
          this.logger.warn(
            { event: parsed.event_name, timestamp: parsed.timestamp },
            'zalo webhook: timestamp outside the accepted window; ignored',
          );
          res.json({ ok: true, ignored: 'timestamp' });
          return;
        }
        const deliveryId = deliveryKey(
          'zalo',
          parsed.message?.msg_id ??
            `${parsed.event_name}|${parsed.sender?.id ?? parsed.follower?.id ?? ''}|${parsed.timestamp}`,
        );
        if (!(await this.store.markSeen(deliveryId))) {
          res.json({ ok: true, duplicate: true });
          return;
        }
        // Acknowledge once the delivery is on disk (Zalo wants 200 within 2 seconds), then do the work.
        this.queue.accept(deliveryId, parsed).then(
          () => res.json({ ok: true }),
          (error) => next(error),
        );
      },
    );
    return router;
  }

  /** Resolves when every accepted event has been handled and answered. */
  async idle(): Promise<void> {
    await this.queue.idle();
    await this.queues.idle();
  }

  async send(row: OutboxRow): Promise<SendResult> {
    const userId = row.userKey.slice('zalo:'.length);
    return this.sendReply(userId, { text: row.text, ...(row.buttons ? { buttons: row.buttons } : {}) });
  }

  private async process(e: ZaloEvent, { delivery, sensitive }: DeliveryInfo): Promise<void> {
    const at = new Date(Number(e.timestamp) || Date.now());
    const userId = e.sender?.id;
    switch (true) {
      case e.event_name === 'user_send_text' && !!userId && e.message?.text !== undefined: {
        const text = e.message!.text!.trim().slice(0, 2000);
        if (!text) return;
        // A tapped button arrives as a text message whose text is the button's payload.
        const inbound = PAYLOAD.test(text) ? { payload: text } : { text };
        await this.answer(
          userId!,
          await this.core.handle({
            channel: 'zalo',
            userId: userId!,
            messageId: e.message?.msg_id,
            ...inbound,
            at,
            delivery,
            sensitive,
          }),
        );
        return;
      }
      case e.event_name === 'follow': {
        const id = e.follower?.id;
        if (!id) return;
        await this.core.updateUser('zalo', id, (u) => void (u.active = true), false);
        await this.answer(
          id,
          await this.core.handle({ channel: 'zalo', userId: id, payload: 'cmd:menu', at, delivery }),
        );
        return;
      }
      case e.event_name === 'unfollow': {
        const id = e.follower?.id;
        if (id) await this.core.updateUser('zalo', id, (u) => void (u.active = false));
        return;
      }
      case e.event_name === 'user_withdraw': {
        const id = userId ?? e.user_id ?? e.follower?.id;
        if (id) await this.core.forget('zalo', id, delivery);
        return;
      }
      case MEDIA.has(e.event_name) && !!userId:
        await this.answer(
          userId!,
          await this.core.handle({ channel: 'zalo', userId: userId!, payload: 'cmd:non-text', at, delivery }),
        );
        return;
      case e.event_name.startsWith('oa_send_') ||
        e.event_name === 'user_received_message' ||
        e.event_name === 'user_seen_message':
        return;
      default:
        this.logger.info({ event: e.event_name }, 'zalo webhook: event ignored');
    }
  }

  private async answer(userId: string, outcome: Outcome): Promise<void> {
    for (const reply of outcome.replies) {
      const result = await this.sendReply(userId, reply);
      if (!result.ok) {
        this.logger.warn({ reason: result.reason }, 'zalo reply not delivered');
        if (result.permanent && result.userGone)
          await this.core.updateUser('zalo', userId, (u) => void (u.active = false));
        else if (result.permanent && result.reason.startsWith('zalo-window'))
          await this.core.updateUser('zalo', userId, (u) => void (u.unreachable = result.reason));
        if (result.permanent) return;
      }
    }
  }

  /** One reply: split to Zalo's 2,000 characters, options numbered in the text, buttons on the last piece. */
  private sendReply(
    userId: string,
    reply: { text: string; buttons?: { title: string; payload: string }[] },
  ): Promise<SendResult> {
    const pieces = splitText(withNumberedOptions(reply), MAX_TEXT);
    return this.queues.run(userId, async () => {
      let result: SendResult = { ok: true };
      for (const [i, piece] of pieces.entries()) {
        result = await this.client.sendText(userId, piece, i === pieces.length - 1 ? reply.buttons : []);
        if (!result.ok) return result;
      }
      return result;
    }) as Promise<SendResult>;
  }
}
