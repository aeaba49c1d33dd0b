import { createHash } from 'node:crypto';
import { KeyedLock } from '../lib/keyed-lock.js';
import { findSensitive, withoutSensitive } from '../core/sensitive.js';
import { type SensitiveKind } from '../domain/messages.js';
import type { Reply } from '../domain/messages.js';
import type { Logger } from '../lib/log.js';
import type { InboundStore, Store } from '../store/store.js';

/** What handling a queued delivery is told besides its body. */
export interface DeliveryInfo {
  /** The queue's id of the delivery: pass it to the core as `Inbound.delivery`. */
  delivery: string;
  /** Kinds of sensitive value taken out of its text before it was stored. */
  sensitive: SensitiveKind[];
}

/**
 * A channel's delivery id as the store keeps it (de-duplication, queue): hashed, since ids of
 * events without a message id are built from the person's channel id.
 */
export const deliveryKey = (channel: string, raw: string) =>
  `${channel}:${createHash('sha256').update(raw).digest('hex').slice(0, 32)}`;

/**
 * Webhook deliveries between "acknowledged" and "handled". Each is written durably before the
 * 200 goes out and removed once handled, in the same write as the person's new state, so a crash
 * neither loses an acknowledged delivery nor replays a handled one. Before anything is written,
 * the channel's `minimise` keeps only what handling needs and passes free text through `hide`,
 * which replaces ID numbers, phone and card numbers, OTPs and passwords by placeholders. A few
 * deliveries are worked on at a time, one at a time per person.
 */
export class InboundQueue<T> {
  private readonly backlog: { id: string; body: T; person: string; sensitive: SensitiveKind[]; replies?: Reply[] }[] =
    [];
  private readonly perPerson = new KeyedLock();
  private readonly running = new Set<Promise<unknown>>();
  private active = 0;

  constructor(
    private readonly channel: string,
    private readonly store: InboundStore & Pick<Store, 'flush'>,
    private readonly logger: Logger,
    private readonly handle: (body: T, info: DeliveryInfo) => Promise<void>,
    private readonly personOf: (body: T) => string,
    private readonly minimise: (body: T, hide: (text: string) => string) => T,
    /** Sends the replies of a delivery handled before a crash that may not have gone out. */
    private readonly resend: (body: T, replies: Reply[]) => Promise<void>,
    private readonly workers = 4,
  ) {}

  /** Records the delivery durably (minimised and redacted); resolve, then acknowledge it. */
  async accept(id: string, body: T): Promise<void> {
    const found = new Set<SensitiveKind>();
    const hide = (text: string) => {
      for (const kind of findSensitive(text)) found.add(kind);
      return withoutSensitive(text);
    };
    const kept = this.minimise(body, hide);
    const sensitive = [...found];
    this.store.putInbound({
      id,
      channel: this.channel,
      body: kept,
      at: new Date().toISOString(),
      ...(sensitive.length ? { sensitive } : {}),
    });
    await this.store.flush();
    this.backlog.push({ id, body: kept, person: this.personOf(kept), sensitive });
    this.drain();
  }

  /** Deliveries acknowledged before the last stop but never handled. */
  async resume(): Promise<number> {
    const pending = await this.store.pendingInbound(this.channel);
    for (const item of pending) {
      const body = item.body as T;
      this.backlog.push({
        id: item.id,
        body,
        person: this.personOf(body),
        sensitive: item.sensitive ?? [],
        ...(item.replies ? { replies: item.replies } : {}),
      });
    }
    this.drain();
    return pending.length;
  }

  async idle(): Promise<void> {
    while (this.running.size || this.backlog.length) await Promise.all([...this.running]);
  }

  private drain(): void {
    while (this.active < this.workers && this.backlog.length) {
      const next = this.backlog.shift()!;
      this.active++;
      const task = this.perPerson
        .run(next.person, () =>
          next.replies
            ? this.resend(next.body, next.replies)
            : this.handle(next.body, { delivery: next.id, sensitive: next.sensitive }),
        )
        .catch((error) => this.logger.error({ err: error, channel: this.channel }, 'webhook delivery failed'))
        .finally(() => {
          // Deliveries that changed nobody's record (or failed) are marked handled here.
          this.store.inboundDone(next.id);
          void this.store.flush();
          this.active--;
          this.running.delete(task);
          this.drain();
        });
      this.running.add(task);
    }
  }
}
