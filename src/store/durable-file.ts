import { existsSync, readFileSync } from 'node:fs';
import { open, rename } from 'node:fs/promises';
import type { Adapter } from 'lowdb';
import { syncDir } from '../lib/durable-write.js';
import { parseSnapshot, StoreFileError } from './shapes.js';
import type { Snapshot } from './state.js';

/** Records (users, outbox rows...) serialised between two yields to the event loop. */
const SLICE = 2000;
const SYNC_EVERY = 4 << 20;

/**
 * lowdb's adapter for the snapshot, made durable: the file is fsynced before the rename and the
 * directory after it, so old journals are deleted only once the snapshot that replaces them is
 * on disk. Reading checks the snapshot's shape and names the file when it is wrong.
 */
export class DurableSnapshotFile implements Adapter<Snapshot> {
  constructor(
    private readonly path: string,
    private readonly dir: string,
    private readonly failPoint: (point: string) => void = () => undefined,
  ) {}

  async read(): Promise<Snapshot | null> {
    if (!existsSync(this.path)) return null;
    let value: unknown;
    try {
      value = JSON.parse(readFileSync(this.path, 'utf8'));
    } catch (error) {
      throw new StoreFileError(this.path, undefined, `not JSON: ${(error as Error).message}`);
    }
    return parseSnapshot(value, this.path);
  }

  /**
   * Written a slice at a time, yielding between slices: a snapshot of 100,000 people serialised
   * in one go would hold up every other request for seconds. (The data is a shallow copy taken
   * between writes; a record changed meanwhile is replaced, not mutated, so what is written is
   * that copy or a newer value that the next journal replays anyway.)
   */
  async write(data: Snapshot): Promise<void> {
    const temporary = `${this.path}.tmp`;
    const handle = await open(temporary, 'w');
    try {
      const fields = Object.entries(data).filter(([, v]) => v !== undefined);
      let written = 0;
      for (const [i, [field, value]] of fields.entries()) {
        const lead = `${i === 0 ? '{' : ','}${JSON.stringify(field)}:`;
        if (value && typeof value === 'object' && Object.keys(value).length > SLICE) {
          const isArray = Array.isArray(value);
          const entries = isArray ? (value as unknown[]).map((v) => [undefined, v] as const) : Object.entries(value);
          await handle.write(lead + (isArray ? '[' : '{'));
          for (let start = 0; start < entries.length; start += SLICE) {
            const slice = entries
              .slice(start, start + SLICE)
              .map(([k, v]) => (isArray ? '' : `${JSON.stringify(k)}:`) + JSON.stringify(v));
            written += (await handle.write((start ? ',' : '') + slice.join(','))).bytesWritten;
            // Flushed as it goes: one large fsync at the end would hold up the small ones every
            // message waits for.
            if (written >= SYNC_EVERY) {
              written = 0;
              await handle.datasync();
            }
            await new Promise((r) => setImmediate(r));
          }
          await handle.write(isArray ? ']' : '}');
        } else {
          await handle.write(lead + JSON.stringify(value));
        }
      }
      await handle.write('}');
      await handle.sync();
    } finally {
      await handle.close();
    }
    this.failPoint('snapshot-temp-written');
    await rename(temporary, this.path);
    await syncDir(this.dir);
  }
}
