import type { Config } from './config.js';
import { migrateLegacyPseudonyms } from './core/pseudonym.js';
import type { Logger } from './lib/log.js';
import { FileStore } from './store/file-store.js';
import type { Store } from './store/store.js';

/**
 * The one place that picks the concrete store from the settings. `DATABASE_URL` is reserved for
 * the PostgreSQL store (several instances on one database); without it the embedded file store
 * in DATA_DIR, which needs nothing installed. Everything else sees only the `Store` seam.
 */
export async function openStore(config: Config, logger: Logger, databaseUrl?: string): Promise<Store> {
  if (databaseUrl) {
    // Refused rather than ignored: instances that believe they share a database but each keep
    // their own files would break every guarantee the database is asked for.
    throw new Error('DATABASE_URL is set, but this build has no PostgreSQL store: unset it to use the file store');
  }
  return openFileStore(config, logger);
}

async function openFileStore(config: Config, logger: Logger): Promise<Store> {
  const store = await FileStore.open(config.DATA_DIR, {
    purgeAfterMs: config.ERASURE_PURGE_SECONDS * 1000,
    onError: (error) => logger.error({ err: error }, 'store compaction failed; the journal is kept'),
  });
  if (await migrateLegacyPseudonyms(store)) {
    // The key that could recompute pseudonyms leaves the disk with this compaction.
    await store.flush();
    await store.compact();
    logger.info('pseudonyms now kept per person; the shared pseudonym key is gone');
  }
  return store;
}
