import type { EventCursor, EventLog } from '../store/store.js';
import type { StatsIndex } from './stats-index.js';

/**
 * Keeps the statistics index up with the event log: before a figure is given, it reads the events
 * after its cursor (those of every instance sharing the store, and this one's own once flushed),
 * so the figures are the same whichever instance answers. One catch-up at a time; requests that
 * come while one is waiting share it.
 */
export class StatsFeed {
  private running: Promise<unknown> = Promise.resolve();
  private waiting: Promise<StatsIndex> | undefined;

  constructor(
    private readonly log: EventLog,
    readonly index: StatsIndex,
    private position?: EventCursor,
  ) {}

  /** The index with every durable event in it. */
  current(): Promise<StatsIndex> {
    this.waiting ??= this.queue(async () => {
      this.waiting = undefined;
      return this.catchUp();
    });
    return this.waiting;
  }

  /** Catches up, then hands the index and the cursor it covers to `task` (saving them), before any other catch-up. */
  atCursor<T>(task: (index: StatsIndex, cursor: EventCursor | undefined) => T): Promise<T> {
    return this.queue(async () => task(await this.catchUp(), this.position));
  }

  private queue<T>(work: () => Promise<T>): Promise<T> {
    const run = this.running.then(work);
    this.running = run.catch(() => undefined);
    return run;
  }

  private async catchUp(): Promise<StatsIndex> {
    for await (const batch of this.log.readEvents(this.position)) {
      this.index.appended(batch.events);
      this.position = batch.cursor;
    }
    return this.index;
  }
}
