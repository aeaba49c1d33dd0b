import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeDurablySync } from '../store/durable-file.js';
import type { EventLogPosition } from '../store/store.js';
import { StatsIndex, type IndexSnapshot } from './stats-index.js';

const FILE = 'stats-index.json';

interface Saved {
  position: EventLogPosition;
  index: IndexSnapshot;
}

/**
 * The statistics index saved at a graceful stop, with the event-log position it covers, so the
 * next start reads only the events after it instead of the whole log.
 */
export function saveStatsIndex(dir: string, index: StatsIndex, position: EventLogPosition): void {
  writeDurablySync(join(dir, FILE), dir, JSON.stringify({ position, index: index.toJSON() } satisfies Saved));
}

/** The saved index and where it stops, or a fresh index from the beginning of the log. */
export function loadStatsIndex(
  dir: string,
  unansweredKeep?: number,
): { index: StatsIndex; position?: EventLogPosition } {
  const path = join(dir, FILE);
  if (!existsSync(path)) return { index: new StatsIndex(unansweredKeep) };
  try {
    const saved = JSON.parse(readFileSync(path, 'utf8')) as Saved;
    return { index: StatsIndex.fromJSON(saved.index, unansweredKeep), position: saved.position };
  } catch {
    return { index: new StatsIndex(unansweredKeep) };
  }
}
