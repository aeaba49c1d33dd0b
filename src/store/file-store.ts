import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { Low } from 'lowdb';
import { syncDir } from '../lib/durable-write.js';
import { DurableSnapshotFile } from './durable-file.js';
import { storeCopy } from './file-copy.js';
import { EVENTS, EventFile } from './file-events.js';
import { Journal } from './file-journal.js';
import { lockDataDir } from './lock.js';
import { StoreFileError } from './shapes.js';
import type { Snapshot, StateOp } from './state.js';
import { StateStore } from './state-store.js';
import type { EventBatch, EventCursor, StoreCopy } from './store.js';
import type { ProgressEvent } from '../domain/progress.js';

const SNAPSHOT = 'db.json';

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
 * The embedded default store in DATA_DIR. State lives in memory; a lowdb JSON snapshot (db.json)
 * plus an append-only journal of changes since it make it durable, so each message appends a few
 * hundred bytes instead of rewriting a file that grows with the number of users. Progress events
 * go to their own append-only events.jsonl. The journal is folded into a new snapshot now and then.
 */
export class FileStore extends StateStore {
  private journal!: Journal;
  private events!: EventFile;
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
    store.journal = await Journal.open(dir, db.data.journal, (op) => store.state.apply(op));
    store.events = await EventFile.open(dir);
    await syncDir(dir);
    return store;
  }

  protected async persist(ops: StateOp[], events: ProgressEvent[]): Promise<void> {
    if (this.released) return;
    await Promise.all([
      ops.length ? this.journal.append(ops) : undefined,
      events.length ? this.events.append(events) : undefined,
    ]);
    if (this.journal.size >= (this.options.compactEvery ?? 50_000)) this.compactInBackground();
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
    const { next, closePrevious, data } = await this.exclusive(async () => {
      const { number, closePrevious } = await this.journal.next();
      // Taken between writes, so it holds exactly the changes in older journals (replaying a
      // newer one over it is harmless: every change carries its full value).
      return { next: number, closePrevious, data: this.state.snapshot(number) };
    });
    await closePrevious();
    this.failAt('journal-opened');
    this.db.data = data;
    await this.db.write();
    this.failAt('snapshot-written');
    await this.journal.removeBefore(next, () => this.failAt('journal-removed'));
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

  /** The durable events after `from`, up to where the log ends between two batches (whole lines). */
  override async *readEvents(from?: EventCursor): AsyncIterable<EventBatch> {
    await this.flush();
    const end = await this.exclusive(() => this.events.end());
    yield* this.events.read(from, end);
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
      const events = await this.events.openForReading();
      const bytes = (await events.stat()).size;
      const tail = Buffer.from(staged.map((e) => `${JSON.stringify(e)}\n`).join(''));
      return { snapshot, events, bytes, tail };
    });
    return storeCopy({ snapshot: SNAPSHOT, events: EVENTS }, cut.snapshot, cut.events, cut.bytes, cut.tail);
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
