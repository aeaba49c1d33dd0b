/**
 * The stream GET /admin/api/backup answers and `npm run backup` reads: one JSON line naming the
 * files and their lengths, then the bytes of each file, one after another.
 */
export const BACKUP_FORMAT = 'cds-backup-1';

export interface BackupHeader {
  format: typeof BACKUP_FORMAT;
  /** When the copy was cut (ISO time). */
  at: string;
  files: { name: string; bytes: number }[];
}

/** The only names a backup may hold: a DATA_DIR's store files, never a path. */
export const BACKUP_FILES = ['db.json', 'events.jsonl'];

export function encodeHeader(header: BackupHeader): Buffer {
  return Buffer.from(`${JSON.stringify(header)}\n`);
}

/** Reads and checks the header line; throws a plain sentence when it is not a backup of ours. */
export function parseHeader(line: string): BackupHeader {
  let header: BackupHeader;
  try {
    header = JSON.parse(line) as BackupHeader;
  } catch {
    throw new Error('the server did not answer with a backup (is the address right?)');
  }
  if (header.format !== BACKUP_FORMAT) throw new Error(`unknown backup format ${JSON.stringify(header.format)}`);
  for (const f of header.files) {
    if (!BACKUP_FILES.includes(f.name) || !Number.isSafeInteger(f.bytes) || f.bytes < 0)
      throw new Error(`unexpected file in the backup: ${JSON.stringify(f)}`);
  }
  return header;
}
