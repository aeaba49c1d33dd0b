import { KeyedLock } from '../core/keyed-lock.js';
import type { Logger } from '../log.js';
import type { Store } from '../store/types.js';

/**
 * Webhook deliveries between "acknowledged" and "handled". Each is written durably before the
 * 200 goes out and removed once handled, so a crash loses nothing that was acknowledged (after a
 * restart the rest are handled). A few are worked on at a time, one at a time per person, so a
 * burst leaves the event loop free to acknowledge new deliveries quickly.
 */
export class InboundQueue<T> {
  private readonly backlog: { id: string; body: T; person: string }[] = [];
  private readonly perPerson = new KeyedLock();
  private readonly running = new Set<Promise<unknown>>();
  private active = 0;

  constructor(
    private readonly channel: string,
    private readonly store: Store,
    private readonly logger: Logger,
    private readonly handle: (body: T) => Promise<void>,
    private readonly personOf: (body: T) => string,
    private readonly workers = 4,
  ) {}

  /** Records the delivery durably; resolve, then acknowledge it. */
  async accept(id: string, body: T): Promise<void> {
    this.store.putInbound({ id, channel: this.channel, body, at: new Date().toISOString() });
    await this.store.flush();
    this.backlog.push({ id, body, person: this.personOf(body) });
    this.drain();
  }

  /** Deliveries acknowledged before the last stop but never handled. */
  resume(): number {
    const pending = this.store.pendingInbound(this.channel);
    for (const item of pending) this.backlog.push({ id: item.id, body: item.body as T, person: this.personOf(item.body as T) });
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
        .run(next.person, () => this.handle(next.body))
        .catch((error) => this.logger.error({ err: error, channel: this.channel }, 'webhook delivery failed'))
        .finally(() => {
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
