// npm run restore -- BACKUP: puts a backup made by `npm run backup` into DATA_DIR (from the
// environment or .env), which must hold no store yet, so a running server's data is never replaced.
import { copyFileSync, existsSync, mkdirSync, readdirSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import { BACKUP_FILES } from '../backup/format.js';
import { checkCopy } from './check-copy.js';
import { run, serverSettings } from './settings.js';

const STORE_FILE = /^(db\.json|events\.jsonl|journal\.\d+\.jsonl|stats-index\.json)$/;

async function main(): Promise<void> {
  const from = process.argv[2];
  if (!from) throw new Error('usage: npm run restore -- BACKUP   (into DATA_DIR, which must hold no store yet)');
  for (const name of BACKUP_FILES)
    if (!existsSync(join(from, name))) throw new Error(`${from} is not a backup: ${name} is missing`);
  const { people, events } = await checkCopy(from);
  const dataDir = serverSettings().DATA_DIR;
  if (existsSync(dataDir) && readdirSync(dataDir).some((f) => STORE_FILE.test(f))) {
    throw new Error(
      `${dataDir} already holds a store: stop the server and move that DATA_DIR away, or restore into a new one`,
    );
  }
  mkdirSync(dataDir, { recursive: true });
  for (const name of BACKUP_FILES) {
    copyFileSync(join(from, name), join(dataDir, `${name}.partial`));
    renameSync(join(dataDir, `${name}.partial`), join(dataDir, name));
  }
  console.log(`restored ${people} people and ${events} events into ${dataDir}; start the server with this DATA_DIR`);
}

run(main);
