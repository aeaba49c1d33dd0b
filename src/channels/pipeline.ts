import type { Router } from 'express';
import type { ConversationCore } from '../core/conversation.js';
import type { Channel } from '../domain/messages.js';
import type { OutboxRow, SendResult, Sender } from '../domain/outreach.js';
import type { Logger } from '../lib/log.js';
import type { InboundStore, OutreachStore, Store } from '../store/store.js';
import type { ChannelAdapter, ChannelEvent } from './adapter.js';
import { deliveryKey, InboundQueue, type DeliveryInfo } from './inbound-queue.js';
import { ReplyPath } from './reply-path.js';
import { webhookRoutes } from './webhook.js';

const SORRY = 'Xin lỗi, có lỗi xảy ra. Ông/Bà thử lại sau ít phút.';

export interface PipelineDeps {
  core: ConversationCore;
  store: InboundStore & OutreachStore & Pick<Store, 'flush'>;
  logger: Logger;
}

/**
 * One channel at work: its adapter between the shared webhook tail (webhook.ts, inbound-queue.ts)
 * and the shared reply path (reply-path.ts). What a delivery means is the adapter's to say; what
 * the bot does about it is decided here, the same for every channel. It is also the channel's
 * reminders `Sender`, through the same reply path.
 */
export class ChannelPipeline<Body = unknown> implements Sender {
  readonly channel: Channel;
  readonly perSecond: number;
  readonly perChatGapMs: number;
  readonly windowMs?: number;
  readonly recordsRefusals = true;
  readonly replies: ReplyPath;
  private readonly queue: InboundQueue<Body>;

  constructor(
    readonly adapter: ChannelAdapter<Body>,
    private readonly deps: PipelineDeps,
  ) {
    const { channel, limits } = adapter;
    this.channel = channel;
    this.perSecond = limits.perSecond;
    this.perChatGapMs = limits.perChatGapMs;
    if (limits.windowMs !== undefined) this.windowMs = limits.windowMs;
    this.replies = new ReplyPath(adapter, {
      store: deps.store,
      logger: deps.logger,
      updateUser: (userId, change) => deps.core.updateUser(channel, userId, change),
    });
    this.queue = new InboundQueue<Body>(
      channel,
      deps.store,
      deps.logger,
      (body, info) => this.handle(body, info),
      (body) => adapter.personOf(body),
      (body, hide) => adapter.minimise(body, hide),
      (body, replies) => this.replies.answer(adapter.personOf(body), replies),
    );
  }

  /** Takes up the deliveries acknowledged before the last stop: before listening, so they come first. */
  async resume(): Promise<void> {
    const resumed = await this.queue.resume();
    if (resumed)
      this.deps.logger.info({ resumed }, `${this.channel}: handling deliveries acknowledged before the last stop`);
  }

  /** Starts the adapter (tokens, webhook or polling): after listening, since a platform may call at once. */
  async start(): Promise<void> {
    await this.adapter.start?.((id, body) => this.accept(id, body));
  }

  async stop(): Promise<void> {
    await this.adapter.stop?.();
    await this.idle();
  }

  /** Resolves when every accepted delivery has been handled and answered. */
  async idle(): Promise<void> {
    await this.queue.idle();
    await this.replies.idle();
  }

  health(): 'ok' | 'degraded' {
    return this.adapter.health?.() ?? 'ok';
  }

  routes(): Router {
    return webhookRoutes(this.adapter, this.deps.store, (id, body) => this.queue.accept(id, body));
  }

  send(row: OutboxRow): Promise<SendResult> {
    return this.replies.send(row);
  }

  /** A delivery the adapter fetched itself (long polling): the same tail as a webhook's, without HTTP. */
  private async accept(id: string, body: Body): Promise<void> {
    const key = deliveryKey(this.channel, id);
    if (!(await this.deps.store.markSeen(key))) return;
    await this.queue.accept(key, body);
  }

  private async handle(body: Body, info: DeliveryInfo): Promise<void> {
    try {
      for (const event of await this.adapter.events(body)) await this.act(event, info);
    } catch (error) {
      this.deps.logger.error({ err: error, channel: this.channel }, 'delivery not handled');
      const person = this.adapter.personOf(body);
      if (person) await this.replies.answer(person, [{ text: SORRY }]).catch(() => undefined);
    }
  }

  private async act(event: ChannelEvent, { delivery, sensitive }: DeliveryInfo): Promise<void> {
    const { core } = this.deps;
    switch (event.type) {
      case 'message': {
        const { inbound } = event;
        const said = inbound.text !== undefined ? { sensitive } : {};
        const outcome = await core.handle({ ...inbound, delivery, ...said });
        return this.replies.answer(inbound.userId, outcome.replies);
      }
      case 'follow': {
        await core.updateUser(this.channel, event.userId, (u) => void (u.active = true));
        const outcome = await core.handle({
          channel: this.channel,
          userId: event.userId,
          payload: 'cmd:menu',
          at: event.at,
          delivery,
        });
        return this.replies.answer(event.userId, outcome.replies);
      }
      case 'gone':
        return this.replies.gone(event.userId);
      case 'forget':
        return core.forget(this.channel, event.userId, delivery);
    }
  }
}
