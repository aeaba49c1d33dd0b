// What one messaging platform has to say for itself. Everything else (the webhook tail, the reply
// path, reminders) is done once, for every channel, by webhook.ts, reply-path.ts and pipeline.ts.
import type { Channel, Inbound, Reply } from '../domain/messages.js';
import type { SendResult } from '../domain/outreach.js';
import type { Logger } from '../lib/log.js';
import type { SettingsStore, Store } from '../store/store.js';

/** What the platform allows. */
export interface ChannelLimits {
  /** Characters in one message: longer replies are split. */
  maxText: number;
  /** Messages per second across all chats. */
  perSecond: number;
  /** Minimum milliseconds between two messages to one chat. */
  perChatGapMs: number;
  /** Free messages only this long after the person's last message (Zalo: 48 hours). */
  windowMs?: number;
}

/** What a delivery means, in the bot's terms. */
export type ChannelEvent =
  /** A message or a tapped button: handled by the core and answered. */
  | { type: 'message'; inbound: Omit<Inbound, 'delivery' | 'sensitive'> }
  /** The person followed the account: active again, greeted with the menu. */
  | { type: 'follow'; userId: string; at: Date }
  /** The person unfollowed or blocked the account. */
  | { type: 'gone'; userId: string }
  /** The person withdrew their consent: their data is erased. */
  | { type: 'forget'; userId: string };

/** The webhook's answer when a request is refused or acknowledged without work. */
export interface WebhookAnswer {
  status: number;
  body: Record<string, unknown>;
}

/** How the platform calls us: the shared tail (webhook.ts) does dedupe, durable write, ack, handling. */
export interface WebhookSpec<Body> {
  path: string;
  /** Checked before the body is read, so unsigned floods cost little: a refusal, or nothing. */
  precheck(header: (name: string) => string | undefined): WebhookAnswer | undefined;
  /** The raw body, verified and parsed: the delivery and its id for de-duplication, or an answer. */
  read(raw: string, header: (name: string) => string | undefined): { id: string; body: Body } | WebhookAnswer;
}

/**
 * A channel: translation to and from one platform. It verifies and reads deliveries, and sends
 * one piece of text with its buttons. It never retries, never splits, and never changes a person.
 */
export interface ChannelAdapter<Body = unknown> {
  readonly channel: Channel;
  readonly limits: ChannelLimits;
  readonly webhook: WebhookSpec<Body>;
  /** Whose delivery it is: one person's deliveries are handled in order. */
  personOf(body: Body): string;
  /** What handling needs of a delivery and nothing else, free text passed through `hide` (redaction). */
  minimise(body: Body, hide: (text: string) => string): Body;
  /** What the delivery means (none: ignored). May acknowledge it to the platform (a button tap). */
  events(body: Body): Promise<ChannelEvent[]>;
  /** Sends one piece that fits `limits.maxText`, with its buttons; one try. */
  sendPiece(userId: string, piece: Reply): Promise<SendResult>;
  /**
   * Starts receiving. `receive` takes deliveries the channel fetches itself (long polling); they
   * go through the same tail as webhook deliveries.
   */
  start?(receive: (id: string, body: Body) => Promise<void>): Promise<void>;
  stop?(): Promise<void>;
  health?(): 'ok' | 'degraded';
}

/** What building an adapter gets from the composition root. */
export interface AdapterDeps {
  /** Settings an adapter keeps (the Zalo token pair); `exclusively` for work one instance does at a time. */
  store: SettingsStore & Pick<Store, 'flush'>;
  logger: Logger;
}

/** One line of the registry: a channel's settings and how to build its adapter from them. */
export interface ChannelDefinition<Config = unknown> {
  channel: Channel;
  /** As people read it (the admin page's channel filter). */
  label: string;
  /** The settings, or why the channel is off. Invalid settings throw. */
  settings(env: NodeJS.ProcessEnv): { config?: Config; off?: string };
  create(config: Config, deps: AdapterDeps): ChannelAdapter;
}
