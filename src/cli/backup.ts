// npm run backup -- DEST: a consistent copy of the running server's store in the directory DEST,
// taken through GET /admin/api/backup (see FileStore.copy for why it cannot tear). Restore it with
// npm run restore -- DEST (or copy its files into an empty DATA_DIR).
import { existsSync, mkdirSync, readdirSync, renameSync } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import { parseHeader, type BackupHeader } from '../backup/format.js';
import { checkCopy } from './check-copy.js';
import { localUrl, run, serverSettings } from './settings.js';

async function main(): Promise<void> {
  const dest = process.argv[2];
  if (!dest) throw new Error('usage: npm run backup -- DEST   (DEST: a new or empty directory)');
  if (existsSync(dest) && readdirSync(dest).length > 0)
    throw new Error(`${dest} is not empty: give a new directory for each backup`);
  const config = serverSettings();
  if (!config.ADMIN_TOKEN)
    throw new Error(
      "set ADMIN_TOKEN (the running server's, in the environment or .env): the backup is asked from the server",
    );
  const url = `${localUrl(config)}/admin/api/backup`;
  let res: Response;
  try {
    res = await fetch(url, { headers: { authorization: `Bearer ${config.ADMIN_TOKEN}` } });
  } catch (error) {
    throw new Error(
      `no server answers at ${url} (${(error as { cause?: Error }).cause?.message ?? (error as Error).message}). ` +
        "Start it, or check PORT and HOST. A stopped server's DATA_DIR is already consistent: copy it as it is.",
    );
  }
  if (!res.ok || !res.body) throw new Error(`the server refused the backup: ${res.status} ${await res.text()}`);
  mkdirSync(dest, { recursive: true, mode: 0o700 });
  // Node's web streams are async iterable (the DOM typings do not say so).
  const header = await receive(res.body as unknown as AsyncIterable<Uint8Array>, dest);
  for (const f of header.files) renameSync(join(dest, `${f.name}.partial`), join(dest, f.name));
  const { people, events } = await checkCopy(dest);
  console.log(`backup of ${header.at}: ${people} people, ${events} events, in ${dest}`);
}

/** Splits the stream into the files its header names, each written to NAME.partial and synced. */
async function receive(body: AsyncIterable<Uint8Array>, dest: string): Promise<BackupHeader> {
  let header: BackupHeader | undefined;
  let pending = Buffer.alloc(0);
  let index = -1;
  let left = 0;
  let file: FileHandle | undefined;
  const next = async () => {
    for (index++; header && index < header.files.length; index++) {
      // Only the operator reads a backup: it holds the same personal records as DATA_DIR.
      file = await open(join(dest, `${header.files[index]!.name}.partial`), 'w', 0o600);
      left = header.files[index]!.bytes;
      if (left > 0) return;
      await file.close();
    }
    file = undefined;
  };
  for await (const chunk of body) {
    let data = Buffer.from(chunk);
    if (!header) {
      pending = Buffer.concat([pending, data]);
      const end = pending.indexOf(0x0a);
      if (end < 0) continue;
      header = parseHeader(pending.subarray(0, end).toString('utf8'));
      data = pending.subarray(end + 1);
      await next();
    }
    while (data.length > 0) {
      if (!file) throw new Error('the server sent more than the backup it announced');
      const part = data.subarray(0, left);
      await file.write(part);
      left -= part.length;
      data = data.subarray(part.length);
      if (left === 0) {
        await file.sync();
        await file.close();
        await next();
      }
    }
  }
  if (!header || file) throw new Error('the backup was cut short; nothing usable was written');
  return header;
}

run(main);
