import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { EventLogPosition } from '../store/types.js';
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
  const temporary = join(dir, `${FILE}.tmp`);
  writeFileSync(temporary, JSON.stringify({ position, index: index.toJSON() } satisfies Saved));
  renameSync(temporary, join(dir, FILE));
}

/** The saved index and where it stops, or a fresh index from the beginning of the log. */
export function loadStatsIndex(dir: string): { index: StatsIndex; position?: EventLogPosition } {
  const path = join(dir, FILE);
  if (!existsSync(path)) return { index: new StatsIndex() };
  try {
    const saved = JSON.parse(readFileSync(path, 'utf8')) as Saved;
    return { index: StatsIndex.fromJSON(saved.index), position: saved.position };
  } catch {
    return { index: new StatsIndex() };
  }
}
