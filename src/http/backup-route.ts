import type { Router } from 'express';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { BACKUP_FORMAT, encodeHeader } from '../backup/format.js';
import type { Store } from '../store/store.js';
import type { Scope } from './admin-auth.js';
import { HttpError } from './errors.js';

/**
 * GET /admin/api/backup (ADMIN_TOKEN only): a consistent copy of the store while the server runs,
 * streamed in the format of backup/format.ts. `npm run backup -- DEST` is the client.
 */
export function addBackupRoute(router: Router, store: Pick<Store, 'copy'>): void {
  router.get('/admin/api/backup', async (_req, res) => {
    if (!(res.locals.scope as Scope).all) throw new HttpError(403, 'only ADMIN_TOKEN may take a backup');
    if (!store.copy) throw new HttpError(501, 'this store is not kept in files: nothing to back up');
    const copy = await store.copy();
    try {
      const header = encodeHeader({
        format: BACKUP_FORMAT,
        at: new Date().toISOString(),
        files: copy.files.map(({ name, bytes }) => ({ name, bytes })),
      });
      const total = header.length + copy.files.reduce((sum, f) => sum + f.bytes, 0);
      res.set({
        'content-type': 'application/octet-stream',
        'content-length': String(total),
        'cache-control': 'no-store',
      });
      async function* body() {
        yield header;
        for (const file of copy.files) yield* file.read();
      }
      await pipeline(Readable.from(body()), res);
    } finally {
      await copy.release();
    }
  });
}
