import { ZALO_FREE_WINDOW_MS, type Reply } from '../../domain/messages.js';
import type { SendResult } from '../../domain/outreach.js';
import type { Logger } from '../../lib/log.js';
import type { SettingsStore, Store } from '../../store/store.js';
import type { ChannelAdapter, ChannelEvent, WebhookAnswer } from '../adapter.js';
import { ZaloClient } from './client.js';
import type { ZaloConfig } from './config.js';
import { minimise, personOf, zaloEvent, type ZaloEvent } from './event.js';
import { isFresh, looksSigned, verifyZaloSignature } from './signature.js';
import { ZaloTokenStore } from './tokens.js';

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
/** Zalo telling us about our own messages: nothing to do. */
const RECEIPTS = new Set(['user_received_message', 'user_seen_message']);
const invalidSignature: WebhookAnswer = { status: 401, body: { error: 'x-zevent-signature: invalid' } };

/**
 * Zalo OA: a signed webhook (answered within Zalo's 2 seconds by the shared tail) and the
 * consultation-message API, with the OA's tokens refreshed before they expire.
 */
export class ZaloAdapter implements ChannelAdapter<ZaloEvent> {
  readonly channel = 'zalo' as const;
  /** Zalo allows 4,000 requests a minute per app; free messages only within 48 hours of the person's last. */
  readonly limits = { maxText: 2000, perSecond: 50, perChatGapMs: 0, windowMs: ZALO_FREE_WINDOW_MS };
  readonly tokens: ZaloTokenStore;
  private readonly client: ZaloClient;

  constructor(
    private readonly config: ZaloConfig,
    store: SettingsStore & Pick<Store, 'flush'>,
    private readonly logger: Logger,
  ) {
    this.tokens = new ZaloTokenStore(store, config, logger);
    this.client = new ZaloClient(config, this.tokens, logger);
  }

  readonly webhook = {
    path: '/webhooks/zalo',
    // No signature header, no body read: an unsigned flood is refused cheaply. (Webhooks have no
    // per-address limit: every genuine delivery comes from Zalo's own servers.)
    precheck: (header: (name: string) => string | undefined) =>
      looksSigned(header('x-zevent-signature')) ? undefined : invalidSignature,
    read: (raw: string, header: (name: string) => string | undefined) => this.read(raw, header),
  };

  personOf = personOf;
  minimise = minimise;

  private read(
    raw: string,
    header: (name: string) => string | undefined,
  ): { id: string; body: ZaloEvent } | WebhookAnswer {
    let e: ZaloEvent;
    try {
      e = zaloEvent.parse(JSON.parse(raw));
    } catch {
      this.logger.warn({ bytes: raw.length }, 'zalo webhook: not a Zalo event');
      return { status: 400, body: { error: 'body: not a Zalo event' } };
    }
    const { ZALO_APP_ID, ZALO_OA_SECRET_KEY, ZALO_EVENT_MAX_AGE_SECONDS } = this.config;
    const signed =
      e.app_id === ZALO_APP_ID &&
      verifyZaloSignature(header('x-zevent-signature'), e.app_id, raw, e.timestamp, ZALO_OA_SECRET_KEY);
    if (!signed) {
      this.logger.warn({ event: e.event_name }, 'zalo webhook: bad or missing signature; ignored');
      return invalidSignature;
    }
    // A genuine but stale (or far-future) delivery: 200 so Zalo does not retry it, and ignored.
    if (!isFresh(e.timestamp, Date.now(), ZALO_EVENT_MAX_AGE_SECONDS * 1000)) {
      this.logger.warn(
        { event: e.event_name, timestamp: e.timestamp },
        'zalo webhook: timestamp outside the accepted window; ignored',
      );
      return { status: 200, body: { ok: true, ignored: 'timestamp' } };
    }
    const id = e.message?.msg_id ?? `${e.event_name}|${e.sender?.id ?? e.follower?.id ?? ''}|${e.timestamp}`;
    return { id, body: e };
  }

  async events(e: ZaloEvent): Promise<ChannelEvent[]> {
    const at = new Date(Number(e.timestamp) || Date.now());
    const userId = e.sender?.id;
    const name = e.event_name;
    if (name === 'user_send_text' && userId && e.message?.text !== undefined) {
      const text = e.message.text.trim().slice(0, 2000);
      if (!text) return [];
      // A tapped button arrives as a text message whose text is the button's payload.
      const said = PAYLOAD.test(text) ? { payload: text } : { text };
      const messageId = e.message.msg_id;
      return [
        { type: 'message', inbound: { channel: 'zalo', userId, ...(messageId ? { messageId } : {}), ...said, at } },
      ];
    }
    if (name === 'follow') return e.follower?.id ? [{ type: 'follow', userId: e.follower.id, at }] : [];
    if (name === 'unfollow') return e.follower?.id ? [{ type: 'gone', userId: e.follower.id }] : [];
    if (name === 'user_withdraw') {
      const id = userId ?? e.user_id ?? e.follower?.id;
      return id ? [{ type: 'forget', userId: id }] : [];
    }
    if (MEDIA.has(name) && userId)
      return [{ type: 'message', inbound: { channel: 'zalo', userId, payload: 'cmd:non-text', at } }];
    if (!name.startsWith('oa_send_') && !RECEIPTS.has(name))
      this.logger.info({ event: name }, 'zalo webhook: event ignored');
    return [];
  }

  /** One piece of at most 2,000 characters, its buttons under it. */
  sendPiece(userId: string, piece: Reply): Promise<SendResult> {
    return this.client.sendText(userId, piece.text, piece.buttons ?? []);
  }

  async start(): Promise<void> {
    await this.tokens.seed();
    this.logger.info(
      (await this.tokens.tokens())
        ? 'zalo: on, webhook at /webhooks/zalo'
        : 'zalo: on, but no tokens yet: set ZALO_ACCESS_TOKEN and ZALO_REFRESH_TOKEN',
    );
  }

  health(): 'ok' | 'degraded' {
    return this.tokens.lastError || !this.tokens.known ? 'degraded' : 'ok';
  }
}
