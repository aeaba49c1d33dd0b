import { closeSync, existsSync, fsyncSync, openSync, readFileSync, renameSync, writeSync } from 'node:fs';
import { open, rename } from 'node:fs/promises';
import type { Adapter } from 'lowdb';
import { parseSnapshot, StoreFileError } from './shapes.js';
import type { Snapshot } from './state.js';

/** Makes a directory's entries (a rename, a new or deleted file) durable. */
export async function syncDir(dir: string): Promise<void> {
  const handle = await open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** Writes a file so that after a power cut it is either the old one or the new one, whole. */
export async function writeDurably(path: string, dir: string, text: string, afterTemp?: () => void): Promise<void> {
  const temporary = `${path}.tmp`;
  const handle = await open(temporary, 'w');
  try {
    await handle.writeFile(text);
    await handle.sync();
  } finally {
    await handle.close();
  }
  afterTemp?.();
  await rename(temporary, path);
  await syncDir(dir);
}

/** `writeDurably` for the few small files written synchronously (the statistics index). */
export function writeDurablySync(path: string, dir: string, text: string): void {
  const temporary = `${path}.tmp`;
  const fd = openSync(temporary, 'w');
  try {
    writeSync(fd, text);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(temporary, path);
  const dirFd = openSync(dir, 'r');
  try {
    fsyncSync(dirFd);
  } finally {
    closeSync(dirFd);
  }
}

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

  async write(data: Snapshot): Promise<void> {
    await writeDurably(this.path, this.dir, JSON.stringify(data), () => this.failPoint('snapshot-temp-written'));
  }
}
