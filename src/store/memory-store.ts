import type { StateOp } from './state.js';
import { StateStore } from './state-store.js';
import type { ProgressEvent } from '../domain/progress.js';

/** Keeps everything in memory: for tests and throw-away runs. */
export class MemoryStore extends StateStore {
  readonly events: ProgressEvent[] = [];

  protected async persist(_ops: StateOp[], events: ProgressEvent[]): Promise<void> {
    this.events.push(...events);
  }

  async *readEvents(): AsyncIterable<ProgressEvent> {
    await this.flush();
    yield* this.events;
  }
}
