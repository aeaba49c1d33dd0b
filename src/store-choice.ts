import { mkdirSync } from 'node:fs';
import type { Store as RateLimitStore } from 'express-rate-limit';
import type { Config } from './config.js';
import { migrateLegacyPseudonyms } from './core/pseudonym.js';
import type { Logger } from './lib/log.js';
import { FileStore } from './store/file-store.js';
import { describeUrl } from './store/postgres/connect.js';
import { PostgresStore } from './store/postgres/postgres-store.js';
import type { Store } from './store/store.js';

export interface OpenedStore {
  store: Store;
  /** Rate limit counters shared by the instances on one database; absent: each process counts. */
  counters?: (prefix: string) => RateLimitStore;
}

/**
 * The one place that picks the concrete store from the settings: `DATABASE_URL` set, PostgreSQL
 * (several instances may share the database); unset, the embedded file store in DATA_DIR, which
 * needs nothing installed. Everything else sees only the `Store` seam.
 */
export async function openStore(config: Config, logger: Logger): Promise<OpenedStore> {
  if (config.DATABASE_URL) return openPostgresStore(config.DATABASE_URL, config, logger);
  return { store: await openFileStore(config, logger) };
}

async function openPostgresStore(url: string, config: Config, logger: Logger): Promise<OpenedStore> {
  // DATA_DIR still keeps this instance's own files (the saved statistics index).
  mkdirSync(config.DATA_DIR, { recursive: true });
  const store = await PostgresStore.open(url, {
    onError: (error) =>
      logger.warn({ err: error }, 'PostgreSQL: this instance lost its connection or a clean-up failed'),
  });
  logger.info({ database: describeUrl(url), instance: store.instance.id }, 'store: PostgreSQL');
  return { store, counters: (prefix) => store.rateCounters(prefix) };
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
