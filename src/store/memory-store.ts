import type { StateOp } from './state.js';
import { StateStore } from './state-store.js';
import { ForeignCursorError, type EventBatch, type EventCursor } from './store.js';
import type { ProgressEvent } from '../domain/progress.js';

const cursorAt = (n: number) => `memory:${n}` as EventCursor;

/** Keeps everything in memory: for tests and throw-away runs. */
export class MemoryStore extends StateStore {
  readonly events: ProgressEvent[] = [];

  protected async persist(_ops: StateOp[], events: ProgressEvent[]): Promise<void> {
    this.events.push(...events);
  }

  /** The cursor is the number of events read. */
  async *readEvents(from?: EventCursor): AsyncIterable<EventBatch> {
    await this.flush();
    const start = from === undefined ? 0 : Number(/^memory:(\d+)$/.exec(from)?.[1] ?? NaN);
    if (!Number.isInteger(start) || start > this.events.length) throw new ForeignCursorError(from!);
    const end = this.events.length;
    yield { events: this.events.slice(start, end), cursor: cursorAt(end) };
  }
}
