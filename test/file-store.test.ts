import { appendFileSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { FileStore } from '../src/store/file-store.js';
import type { UserRecord } from '../src/store/types.js';
import { tempDataDir } from './helpers/server.js';

const dirs: string[] = [];
const opened: FileStore[] = [];
afterEach(async () => {
  // Release file handles (the "crash" tests leave stores open on purpose until here).
  for (const s of opened.splice(0)) await s.release();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});
async function open(d: string, options?: { compactEvery: number }) {
  const store = await FileStore.open(d, options);
  opened.push(store);
  return store;
}
function dir() {
  const d = tempDataDir();
  dirs.push(d);
  return d;
}

const user = (id: string, area?: string): UserRecord => ({
  key: `web:${id}`,
  channel: 'web',
  channelUserId: id,
  createdAt: '2026-01-01T00:00:00.000Z',
  lastSeenAt: '2026-01-01T00:00:00.000Z',
  reminders: true,
  active: true,
  flows: {},
  unclear: 0,
  ...(area ? { area } : {}),
});

describe('FileStore', () => {
  it('keeps what was flushed when the process dies without closing', async () => {
    const d = dir();
    const store = await open(d);
    store.putUser(user('a', 'x1'));
    store.appendEvents([{ type: 'flow_started', at: '2026-01-01T00:00:00.000Z', uid: 'p1', channel: 'web', flow: 'qr-payment' }]);
    await store.flush();
    // no close(): as after a crash (release() closes the handles and drops the lock, writing nothing)
    await store.release();
    const reopened = await open(d);
    expect(reopened.getUser('web:a')?.area).toBe('x1');
    const events = [];
    for await (const e of reopened.readEvents()) events.push(e);
    expect(events).toHaveLength(1);
  });

  it('ignores a torn line at the end of the journal and appends after it cleanly', async () => {
    const d = dir();
    const store = await open(d);
    store.putUser(user('a'));
    await store.flush();
    const journal = readdirSync(d).find((f) => f.startsWith('journal'))!;
    appendFileSync(join(d, journal), '{"op":"user","value":{"key":"web:b"');
    appendFileSync(join(d, 'events.jsonl'), '{"type":"flow_sta');
    await store.release();

    const reopened = await open(d);
    expect(reopened.getUser('web:b')).toBeUndefined();
    reopened.putUser(user('c'));
    reopened.appendEvents([{ type: 'kb_answered', at: '2026-01-01T00:00:00.000Z', uid: 'p', channel: 'web', topic: 'qr-fees' }]);
    await reopened.flush();
    await reopened.release();
    const third = await open(d);
    expect(third.getUser('web:a')).toBeDefined();
    expect(third.getUser('web:c')).toBeDefined();
    const events = [];
    for await (const e of third.readEvents()) events.push(e);
    expect(events.map((e) => e.type)).toEqual(['kb_answered']);
  });

  it('appends a message-sized change, however many users there are', async () => {
    const d = dir();
    const store = await open(d, { compactEvery: 1_000_000 });
    for (let i = 0; i < 5000; i++) store.putUser(user(`u${i}`));
    await store.flush();
    const journal = join(d, readdirSync(d).find((f) => f.startsWith('journal'))!);
    const before = readFileSync(journal).length;
    store.putUser(user('u1', 'changed'));
    await store.flush();
    expect(readFileSync(journal).length - before).toBeLessThan(400);
  });

  it('folds the journal into a new snapshot and still has everything after reopening', async () => {
    const d = dir();
    const store = await open(d, { compactEvery: 10 });
    for (let i = 0; i < 25; i++) {
      store.putUser(user(`u${i}`));
      await store.flush();
    }
    await store.compact();
    store.putUser(user('late'));
    await store.flush();
    await store.release();
    const reopened = await open(d);
    expect([...reopened.allUsers()]).toHaveLength(26);
    expect(readdirSync(d).filter((f) => f.startsWith('journal'))).toHaveLength(1);
  });

  it('makes concurrent flushes share one write', async () => {
    const d = dir();
    const store = await open(d);
    const flushes = Array.from({ length: 50 }, (_, i) => {
      store.putUser(user(`c${i}`));
      return store.flush();
    });
    await Promise.all(flushes);
    await store.release();
    const reopened = await open(d);
    expect([...reopened.allUsers()]).toHaveLength(50);
  });
});
