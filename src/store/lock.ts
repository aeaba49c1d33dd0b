import { closeSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';

const LOCK = 'lock';

/** Another running server holds DATA_DIR. */
export class DataDirInUseError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DataDirInUseError';
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Takes DATA_DIR for this process: two servers on one folder would overwrite each other's
 * snapshot and journals. A lock left by a process that is gone (same host, pid not running) is
 * taken over; a live one refuses with who holds it. Returns the release function.
 */
export function lockDataDir(dir: string): () => void {
  const path = join(dir, LOCK);
  const mine = JSON.stringify({ pid: process.pid, host: hostname(), since: new Date().toISOString() });
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const fd = openSync(path, 'wx');
      writeSync(fd, mine);
      closeSync(fd);
      return () => {
        try {
          if (readFileSync(path, 'utf8') === mine) rmSync(path, { force: true });
        } catch {
          // already gone
        }
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    let holder: { pid?: number; host?: string } = {};
    try {
      holder = JSON.parse(readFileSync(path, 'utf8')) as typeof holder;
    } catch {
      // unreadable: written by a process that died while writing it
    }
    const sameHost = holder.host === hostname();
    if (typeof holder.pid === 'number' && (!sameHost || alive(holder.pid))) {
      throw new DataDirInUseError(
        `DATA_DIR ${dir} is in use by process ${holder.pid} on ${holder.host}: stop that server first or use another DATA_DIR ` +
          `(if no such server runs, delete ${path})`,
      );
    }
    rmSync(path, { force: true });
  }
  throw new DataDirInUseError(`DATA_DIR ${dir}: could not take the lock file ${path}`);
}
