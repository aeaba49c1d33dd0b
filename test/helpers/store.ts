import type { ProgressEvent } from '../../src/domain/progress.js';
import type { EventLog } from '../../src/store/store.js';

/** Everything an async iterable yields, in order. */
export async function all<T>(items: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of items) out.push(item);
  return out;
}

/** Every durable event of a log, from the start. */
export async function allEvents(log: EventLog): Promise<ProgressEvent[]> {
  const out: ProgressEvent[] = [];
  for await (const batch of log.readEvents()) out.push(...batch.events);
  return out;
}
