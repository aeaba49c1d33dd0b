import type { FileHandle } from 'node:fs/promises';
import type { StoreCopy } from './store.js';

/**
 * A backup of a file store as two files: the state as a snapshot, and the event log as it stood
 * at the cut (read through a handle opened then, `bytes` long) followed by the events staged with
 * the state's changes (`tail`).
 */
export function storeCopy(
  names: { snapshot: string; events: string },
  snapshot: Buffer,
  events: FileHandle,
  bytes: number,
  tail: Buffer,
): StoreCopy {
  return {
    files: [
      {
        name: names.snapshot,
        bytes: snapshot.length,
        read: async function* () {
          yield snapshot;
        },
      },
      {
        name: names.events,
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
