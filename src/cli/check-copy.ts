import { createReadStream, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

/** Reads a copied DATA_DIR back and counts what it holds; throws when a file is not whole. */
export async function checkCopy(dir: string): Promise<{ people: number; events: number }> {
  let snapshot: { schema?: unknown; users?: Record<string, unknown> };
  try {
    snapshot = JSON.parse(readFileSync(join(dir, 'db.json'), 'utf8')) as typeof snapshot;
  } catch (error) {
    throw new Error(`${join(dir, 'db.json')}: not a store snapshot (${(error as Error).message})`);
  }
  if (snapshot.schema !== 1 || typeof snapshot.users !== 'object')
    throw new Error(`${join(dir, 'db.json')}: not a store snapshot`);
  let events = 0;
  const lines = createInterface({ input: createReadStream(join(dir, 'events.jsonl'), 'utf8'), crlfDelay: Infinity });
  for await (const line of lines) {
    if (!line) continue;
    try {
      JSON.parse(line);
    } catch {
      throw new Error(`${join(dir, 'events.jsonl')}: line ${events + 1} is not whole`);
    }
    events++;
  }
  return { people: Object.keys(snapshot.users ?? {}).length, events };
}
