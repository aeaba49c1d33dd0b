import { existsSync, readdirSync, readFileSync, rmSync, truncateSync } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import { syncDir } from '../lib/durable-write.js';
import { parseStateOp } from './shapes.js';
import type { StateOp } from './state.js';

const journalName = (n: number) => `journal.${n}.jsonl`;
const JOURNAL_PATTERN = /^journal\.(\d+)\.jsonl$/;

/** The numbers of the journal files in a folder, lowest first. */
function journalNumbers(dir: string): number[] {
  return readdirSync(dir)
    .map((f) => Number(JOURNAL_PATTERN.exec(f)?.[1] ?? NaN))
    .filter((n) => Number.isInteger(n))
    .sort((a, b) => a - b);
}

/**
 * Cuts a torn last line left by a crash mid-append (it was never acknowledged), so that the next
 * append starts on a line of its own.
 */
function repairTail(path: string): string {
  if (!existsSync(path)) return '';
  const text = readFileSync(path, 'utf8');
  if (text === '' || text.endsWith('\n')) return text;
  const keep = text.slice(0, text.lastIndexOf('\n') + 1);
  truncateSync(path, Buffer.byteLength(keep));
  return keep;
}

/**
 * The changes since the snapshot, one JSON line each, in numbered files: a compaction starts a new
 * one, writes the state as a snapshot that supersedes the older ones, then removes them.
 */
export class Journal {
  /** Changes in the current journal (and older ones not folded away yet). */
  size = 0;

  private constructor(
    private readonly dir: string,
    private number: number,
    private handle: FileHandle,
  ) {}

  /**
   * Replays the journals the snapshot does not hold (`first` is the first of them; older ones are
   * leftovers of a compaction cut short, deleted), then opens the newest for appending.
   */
  static async open(dir: string, first: number, apply: (op: StateOp) => void): Promise<Journal> {
    const numbers = journalNumbers(dir);
    let size = 0;
    for (const n of numbers) {
      const path = join(dir, journalName(n));
      if (n < first) {
        rmSync(path, { force: true });
        continue;
      }
      for (const [i, line] of repairTail(path).split('\n').entries()) {
        if (!line) continue;
        apply(parseStateOp(line, path, i + 1));
        size++;
      }
    }
    const number = Math.max(first, numbers.at(-1) ?? 0);
    const journal = new Journal(dir, number, await open(join(dir, journalName(number)), 'a'));
    journal.size = size;
    return journal;
  }

  async append(ops: StateOp[]): Promise<void> {
    const handle = this.handle;
    this.size += ops.length;
    await handle.appendFile(ops.map((o) => JSON.stringify(o)).join('\n') + '\n');
    await handle.datasync();
  }

  /**
   * Starts the next journal: its name is on disk before anything goes in it. Returns its number
   * and closes the previous one.
   */
  async next(): Promise<{ number: number; closePrevious: () => Promise<void> }> {
    const previous = this.handle;
    const number = this.number + 1;
    this.handle = await open(join(this.dir, journalName(number)), 'a');
    await syncDir(this.dir);
    this.number = number;
    this.size = 0;
    return { number, closePrevious: () => previous.close() };
  }

  /** Removes the journals a snapshot now holds (those before `number`); `afterEach` is a test's crash point. */
  async removeBefore(number: number, afterEach: () => void): Promise<void> {
    for (const n of journalNumbers(this.dir)) {
      if (n >= number) continue;
      rmSync(join(this.dir, journalName(n)), { force: true });
      afterEach();
    }
    await syncDir(this.dir);
  }

  close(): Promise<void> {
    return this.handle.close();
  }
}
