import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeDurablySync } from '../lib/durable-write.js';
import type { EventCursor } from '../store/store.js';
import { StatsIndex, type IndexSnapshot } from './stats-index.js';

const FILE = 'stats-index.json';

interface Saved {
  /** Where in the event log the index stops: the store's own opaque cursor. */
  cursor: EventCursor;
  index: IndexSnapshot;
}

/**
 * The statistics index saved now and then and at a graceful stop, with the event-log cursor it
 * covers, so the next start reads only the events after it instead of the whole log.
 */
export function saveStatsIndex(dir: string, index: StatsIndex, cursor: EventCursor | undefined): void {
  if (cursor === undefined) return;
  writeDurablySync(join(dir, FILE), dir, JSON.stringify({ cursor, index: index.toJSON() } satisfies Saved));
}

/** The saved index and where it stops, or a fresh index from the beginning of the log. */
export function loadStatsIndex(dir: string, unansweredKeep?: number): { index: StatsIndex; cursor?: EventCursor } {
  const path = join(dir, FILE);
  if (!existsSync(path)) return { index: new StatsIndex(unansweredKeep) };
  try {
    const saved = JSON.parse(readFileSync(path, 'utf8')) as Partial<Saved>;
    // A file without a cursor (written before cursors) cannot say where it stops: start afresh.
    if (typeof saved.cursor !== 'string' || !saved.index) return { index: new StatsIndex(unansweredKeep) };
    return { index: StatsIndex.fromJSON(saved.index, unansweredKeep), cursor: saved.cursor };
  } catch {
    return { index: new StatsIndex(unansweredKeep) };
  }
}
