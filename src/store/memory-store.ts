import type { StateOp } from './state.js';
import { StateStore } from './state-store.js';
import type { ProgressEvent } from './types.js';

/** Keeps everything in memory: for tests and throw-away runs. */
export class MemoryStore extends StateStore {
  readonly events: ProgressEvent[] = [];

  protected async persist(_ops: StateOp[], events: ProgressEvent[]): Promise<void> {
    this.events.push(...events);
  }

  protected async rewriteEvents(pseudonym: string, replacement: string): Promise<void> {
    for (const [i, e] of this.events.entries()) if (e.uid === pseudonym) this.events[i] = { ...e, uid: replacement };
  }

  protected async purgeHistory(): Promise<void> {}

  async *readEvents(): AsyncIterable<ProgressEvent> {
    await this.flush();
    yield* this.events;
  }
}
