import {
  createReadStream,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  truncateSync,
  openSync,
  fstatSync,
  readSync,
  closeSync,
  statSync,
} from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import { Low } from 'lowdb';
import { DurableSnapshotFile, syncDir } from './durable-file.js';
import { lockDataDir } from './lock.js';
import { checkEvent, parseEventLine, parseStateOp, StoreFileError } from './shapes.js';
import type { Snapshot } from './state.js';
import { StateStore } from './state-store.js';
import type { EventLogPosition, StoreCopy } from './store.js';
import type { ProgressEvent } from '../domain/progress.js';
import type { StateOp } from './state.js';

const SNAPSHOT = 'db.json';
const EVENTS = 'events.jsonl';
const journalName = (n: number) => `journal.${n}.jsonl`;
const JOURNAL_PATTERN = /^journal\.(\d+)\.jsonl$/;

/** The points of a compaction where a test can make it stop, as a crash would. */
export type CompactionPoint = 'journal-opened' | 'snapshot-temp-written' | 'snapshot-written' | 'journal-removed';

export interface FileStoreOptions {
  /** Fold the journal into the snapshot after this many changes. */
  compactEvery?: number;
  /** After an erasure, old copies of the person's record are folded away within this time. */
  purgeAfterMs?: number;
  /** Tests: stop a compaction at this point with an error, as a crash there would. */
  failAt?: CompactionPoint;
  /** Hears a background compaction that failed (the journal is kept, so nothing is lost). */
  onError?: (error: unknown) => void;
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

/** The same for a file too large to read whole: looks only at its last bytes. */
function repairTailOfLargeFile(path: string): void {
  if (!existsSync(path)) return;
  const fd = openSync(path, 'r');
  try {
    const size = fstatSync(fd).size;
    if (size === 0) return;
    const length = Math.min(size, 1 << 20);
    const tail = Buffer.alloc(length);
    readSync(fd, tail, 0, length, size - length);
    if (tail[length - 1] === 0x0a) return;
    const lastNewline = tail.lastIndexOf(0x0a);
    truncateSync(path, lastNewline < 0 ? size - length : size - length + lastNewline + 1);
  } finally {
    closeSync(fd);
  }
}

/**
 * Parses many event lines at once; `firstLine` is the number of the first, for error messages.
 * The torn last line was cut at start-up, so a line that does not parse is damage: refused loudly.
 */
function parseLines(text: string, file: string, firstLine: number): ProgressEvent[] {
  const lines = text.split('\n');
  let parsed: unknown[] | undefined;
  try {
    parsed = JSON.parse(`[${lines.join(',')}]`) as unknown[];
  } catch {
    parsed = undefined;
  }
  if (parsed) return parsed.map((e, i) => checkEvent(e, file, firstLine + i));
  const out: ProgressEvent[] = [];
  for (const [i, line] of lines.entries()) if (line.length > 0) out.push(parseEventLine(line, file, firstLine + i));
  return out;
}

/**
 * The embedded default store in DATA_DIR. State lives in memory; a lowdb JSON snapshot (db.json)
 * plus an append-only journal of changes since it make it durable, so each message appends a few
 * hundred bytes instead of rewriting a file that grows with the number of users. Progress events
 * go to their own append-only events.jsonl. The journal is folded into a new snapshot now and then.
 */
export class FileStore extends StateStore {
  private journalNumber = 0;
  private journalSize = 0;
  private journal!: FileHandle;
  private events!: FileHandle;
  private compacting: Promise<void> | undefined;
  private purgeTimer: NodeJS.Timeout | undefined;
  /** After `release()` the store acts as a dead process's would: it writes nothing more. */
  private released = false;

  private constructor(
    private readonly dir: string,
    private readonly db: Low<Snapshot>,
    private readonly options: FileStoreOptions,
    private readonly unlock: () => void,
  ) {
    super();
  }

  static async open(dir: string, options: FileStoreOptions = {}): Promise<FileStore> {
    mkdirSync(dir, { recursive: true });
    const unlock = lockDataDir(dir);
    try {
      return await FileStore.load(dir, options, unlock);
    } catch (error) {
      unlock();
      throw error;
    }
  }

  private static async load(dir: string, options: FileStoreOptions, unlock: () => void): Promise<FileStore> {
    const empty: Snapshot = { schema: 1, journal: 0, users: {}, inbox: {}, meta: {} };
    const fail = (point: string) => {
      if (options.failAt === point) throw new Error(`compaction stopped at ${point}`);
    };
    const db = new Low<Snapshot>(new DurableSnapshotFile(join(dir, SNAPSHOT), dir, fail), empty);
    await db.read();
    rmSync(join(dir, `${SNAPSHOT}.tmp`), { force: true });
    const store = new FileStore(dir, db, options, unlock);
    store.state.load(db.data);

    const journals = readdirSync(dir)
      .map((f) => Number(JOURNAL_PATTERN.exec(f)?.[1] ?? NaN))
      .filter((n) => Number.isInteger(n))
      .sort((a, b) => a - b);
    for (const n of journals) {
      const path = join(dir, journalName(n));
      if (n < db.data.journal) {
        rmSync(path, { force: true });
        continue;
      }
      for (const [i, line] of repairTail(path).split('\n').entries()) {
        if (!line) continue;
        store.state.apply(parseStateOp(line, path, i + 1));
        store.journalSize++;
      }
    }
    store.journalNumber = Math.max(db.data.journal, journals.at(-1) ?? 0);
    store.journal = await open(join(dir, journalName(store.journalNumber)), 'a');
    repairTailOfLargeFile(join(dir, EVENTS));
    store.events = await open(join(dir, EVENTS), 'a');
    await syncDir(dir);
    return store;
  }

  protected async persist(ops: StateOp[], events: ProgressEvent[]): Promise<void> {
    if (this.released) return;
    const writes: Promise<void>[] = [];
    if (ops.length) {
      const journal = this.journal;
      writes.push(
        journal.appendFile(ops.map((o) => JSON.stringify(o)).join('\n') + '\n').then(() => journal.datasync()),
      );
      this.journalSize += ops.length;
    }
    if (events.length) {
      writes.push(
        this.events
          .appendFile(events.map((e) => JSON.stringify(e)).join('\n') + '\n')
          .then(() => this.events.datasync()),
      );
    }
    await Promise.all(writes);
    if (this.journalSize >= (this.options.compactEvery ?? 50_000)) this.compactInBackground();
  }

  private compactInBackground(): void {
    this.compacting ??= this.compact()
      .catch((error) => this.options.onError?.(error))
      .finally(() => (this.compacting = undefined));
  }

  /**
   * Starts a new journal, writes the state as a snapshot that supersedes the old ones, removes them.
   * Order matters after a power cut: the new journal's name is on disk before anything goes in it,
   * and the snapshot file and its directory entry are fsynced before an old journal is deleted.
   */
  async compact(): Promise<void> {
    const { previous, next, data } = await this.exclusive(async () => {
      const previous = this.journal;
      const next = this.journalNumber + 1;
      this.journal = await open(join(this.dir, journalName(next)), 'a');
      await syncDir(this.dir);
      this.journalNumber = next;
      this.journalSize = 0;
      // Taken between writes, so it holds exactly the changes in older journals (replaying a
      // newer one over it is harmless: every change carries its full value).
      return { previous, next, data: this.state.snapshot(next) };
    });
    await previous.close();
    this.failAt('journal-opened');
    this.db.data = data;
    await this.db.write();
    this.failAt('snapshot-written');
    for (const f of readdirSync(this.dir)) {
      const n = Number(JOURNAL_PATTERN.exec(f)?.[1] ?? NaN);
      if (!Number.isInteger(n) || n >= next) continue;
      rmSync(join(this.dir, f), { force: true });
      this.failAt('journal-removed');
    }
    await syncDir(this.dir);
  }

  /** An erasure: old copies of the person's record go at a compaction within `purgeAfterMs`. */
  protected override schedulePurge(): void {
    if (this.purgeTimer) return;
    this.purgeTimer = setTimeout(
      () => {
        this.purgeTimer = undefined;
        this.compactInBackground();
      },
      this.options.purgeAfterMs ?? 10 * 60_000,
    );
  }

  /** Where the event log ends now (call after a flush): lets a reader resume from here later. */
  eventLogPosition(): EventLogPosition {
    const path = join(this.dir, EVENTS);
    const stat = statSync(path);
    return { ino: stat.ino, bytes: stat.size };
  }

  override async *readEvents(): AsyncIterable<ProgressEvent> {
    for await (const batch of this.readEventBatches()) yield* batch;
  }

  /**
   * The event log in batches, read in large chunks and parsed a chunk at a time: a million events
   * load in a fraction of the time a line-by-line reader takes.
   */
  override async *readEventBatches(from?: EventLogPosition): AsyncIterable<ProgressEvent[]> {
    await this.flush();
    const path = join(this.dir, EVENTS);
    if (!existsSync(path)) return;
    // Resume after a known position only if it is the same file (a rewrite makes a new one).
    const start = from && from.ino === statSync(path).ino && from.bytes <= statSync(path).size ? from.bytes : 0;
    // Line numbers count from where reading starts; after a saved position the byte says where.
    const file = start ? `${path} (from byte ${start})` : path;
    let line = 1;
    let rest = '';
    for await (const chunk of createReadStream(path, { encoding: 'utf8', highWaterMark: 4 << 20, start })) {
      const text = rest + (chunk as string);
      const end = text.lastIndexOf('\n');
      if (end < 0) {
        rest = text;
        continue;
      }
      rest = text.slice(end + 1);
      const body = text.slice(0, end);
      yield parseLines(body, file, line);
      line += body.split('\n').length;
    }
    if (rest.trim()) yield parseLines(rest, file, line);
  }

  /**
   * A consistent copy while the server runs, for `npm run backup`. Copying the files as they lie
   * would tear: the journal and the event log are appended by the same batch but not at the same
   * instant, and a compaction can replace db.json and delete the journal being copied. So the
   * copy is cut between two batches instead (no write runs): the state in memory becomes a
   * snapshot (the changes staged for the next batch included), and the event log is the file as
   * it stands, read through a handle opened at the cut (appends after it are beyond the length
   * taken), plus the events staged with those changes. db.json + events.jsonl is a whole DATA_DIR: the next
   * start reads the snapshot (no journal) and rebuilds the statistics index from the events.
   */
  async copy(): Promise<StoreCopy> {
    const cut = await this.betweenBatches(async (staged) => {
      const snapshot = Buffer.from(JSON.stringify(this.state.snapshot(0)));
      const events = await open(join(this.dir, EVENTS), 'r');
      const bytes = (await events.stat()).size;
      const tail = Buffer.from(staged.map((e) => `${JSON.stringify(e)}\n`).join(''));
      return { snapshot, events, bytes, tail };
    });
    const { snapshot, events, bytes, tail } = cut;
    return {
      files: [
        {
          name: SNAPSHOT,
          bytes: snapshot.length,
          read: async function* () {
            yield snapshot;
          },
        },
        {
          name: EVENTS,
          bytes: bytes + tail.length,
          read: async function* () {
            if (bytes > 0)
              yield* events.createReadStream({ start: 0, end: bytes - 1, autoClose: false, highWaterMark: 1 << 20 });
            yield tail;
          },
        },
      ],
      release: () => events.close(),
    };
  }

  /** Closes the files without writing a snapshot (what a crash leaves, minus the lost handles). */
  async release(): Promise<void> {
    if (this.released) return;
    this.released = true;
    clearTimeout(this.purgeTimer);
    await this.compacting?.catch(() => undefined);
    await this.journal.close().catch(() => undefined);
    await this.events.close().catch(() => undefined);
    this.unlock();
  }

  override async close(): Promise<void> {
    if (this.released) return;
    clearTimeout(this.purgeTimer);
    await this.flush();
    await this.compacting;
    await this.compact();
    await this.journal.close();
    await this.events.close();
    this.unlock();
  }

  private failAt(point: CompactionPoint): void {
    if (this.options.failAt === point) throw new StoreFileError(this.dir, undefined, `compaction stopped at ${point}`);
  }
}
