import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** Every file under a folder, read as text and joined: what a person with the disk could read. */
export function everythingUnder(dir: string): string {
  return readdirSync(dir)
    .map((f) => join(dir, f))
    .map((p) => (statSync(p).isDirectory() ? everythingUnder(p) : readFileSync(p, 'utf8')))
    .join('\n');
}
