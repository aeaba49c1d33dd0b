import { spawnSync } from 'node:child_process';
import { appendFileSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { FileStore, type FileStoreOptions } from '../src/store/file-store.js';
import { tempDataDir } from './helpers/server.js';
import { user } from './helpers/store-records.js';
import { all, allEvents } from './helpers/store.js';

const dirs: string[] = [];
const opened: FileStore[] = [];
afterEach(async () => {
  // Release file handles (the "crash" tests leave stores open on purpose until here).
  for (const s of opened.splice(0)) await s.release();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});
async function open(d: string, options?: FileStoreOptions) {
  const store = await FileStore.open(d, options);
  opened.push(store);
  return store;
}
function dir() {
  const d = tempDataDir();
  dirs.push(d);
  return d;
}

/** The journal file of a DATA_DIR. */
const journalOf = (d: string) =>
  join(
    d,
    readdirSync(d).find((f) => f.startsWith('journal'))!,
  );

/** A DATA_DIR whose journal holds one person, closed, and that journal's path. */
async function journalOfOnePerson() {
  const d = dir();
  const store = await open(d);
  store.putUser(user('a'));
  await store.flush();
  await store.release();
  return { d, journal: journalOf(d) };
}

describe('FileStore', () => {
  it('keeps what was flushed when the process dies without closing', async () => {
    const d = dir();
    const store = await open(d);
    store.putUser(user('a', 'x1'));
    store.appendEvents([
      { type: 'flow_started', at: '2026-01-01T00:00:00.000Z', uid: 'p1', channel: 'web', flow: 'qr-payment' },
    ]);
    await store.flush();
    // no close(): as after a crash (release() closes the handles and drops the lock, writing nothing)
    await store.release();
    const reopened = await open(d);
    expect((await reopened.getUser('web:a'))?.area).toBe('x1');
    expect(await allEvents(reopened)).toHaveLength(1);
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
    expect(await reopened.getUser('web:b')).toBeUndefined();
    reopened.putUser(user('c'));
    reopened.appendEvents([
      { type: 'kb_answered', at: '2026-01-01T00:00:00.000Z', uid: 'p', channel: 'web', topic: 'qr-fees' },
    ]);
    await reopened.flush();
    await reopened.release();
    const third = await open(d);
    expect(await third.getUser('web:a')).toBeDefined();
    expect(await third.getUser('web:c')).toBeDefined();
    expect((await allEvents(third)).map((e) => e.type)).toEqual(['kb_answered']);
  });

  it('appends a message-sized change, however many users there are', async () => {
    const d = dir();
    const store = await open(d, { compactEvery: 1_000_000 });
    for (let i = 0; i < 5000; i++) store.putUser(user(`u${i}`));
    await store.flush();
    const journal = journalOf(d);
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
    expect(await all(reopened.users())).toHaveLength(26);
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
    expect(await all(reopened.users())).toHaveLength(50);
  });
});

describe('FileStore after a crash in the middle of a compaction', () => {
  it.each(['journal-opened', 'snapshot-temp-written', 'snapshot-written', 'journal-removed'] as const)(
    'is whole when the compaction stopped at %s',
    async (point) => {
      const d = dir();
      const store = await open(d, { compactEvery: 1_000_000, failAt: point });
      for (let i = 0; i < 30; i++) {
        store.putUser(user(`u${i}`, `a${i}`));
        await store.flush();
        // Two journals before the compaction, so removing them is more than one step.
        if (i === 14) await store.compact().catch(() => undefined);
      }
      await expect(store.compact()).rejects.toThrow(`compaction stopped at ${point}`);
      store.putUser(user('after', 'late'));
      await store.flush();
      await store.release();

      const reopened = await open(d);
      expect(await all(reopened.users())).toHaveLength(31);
      expect((await reopened.getUser('web:u29'))?.area).toBe('a29');
      expect((await reopened.getUser('web:after'))?.area).toBe('late');
      await reopened.compact();
      await reopened.release();
      expect(await all((await open(d)).users())).toHaveLength(31);
    },
  );
});

describe('FileStore reading outbox rows written before rows had a kind', () => {
  const legacy = (id: string, broadcastId: string) => ({
    id,
    broadcastId,
    userKey: 'web:a',
    channel: 'web',
    text: 'x',
    createdAt: '2026-01-01T00:00:00.000Z',
    notBefore: '2026-01-01T00:00:00.000Z',
    status: 'pending',
    attempts: 0,
  });
  const kinds = async (store: FileStore) =>
    Object.fromEntries((await all(store.outbox())).map((r) => [r.id, [r.kind, r.broadcastId ?? null]]));
  const expected = {
    b: ['broadcast', 'b-1'],
    n: ['nudge', null],
    r: ['reply', null],
    h: ['handoff', null],
  };
  const rows = [legacy('b', 'b-1'), legacy('n', 'nudge'), legacy('r', 'reply'), legacy('h', 'handoff')];

  it('reads the kind from the old magic broadcast ids in the journal', async () => {
    const { d, journal } = await journalOfOnePerson();
    appendFileSync(journal, rows.map((value) => JSON.stringify({ op: 'outbox', value })).join('\n') + '\n');
    expect(await kinds(await open(d))).toEqual(expected);
  });

  it('reads the kind from the old magic broadcast ids in the snapshot', async () => {
    const d = dir();
    writeFileSync(
      join(d, 'db.json'),
      JSON.stringify({
        schema: 1,
        journal: 0,
        users: { 'web:a': user('a') },
        inbox: {},
        meta: {},
        outbox: Object.fromEntries(rows.map((r) => [r.id, r])),
      }),
    );
    expect(await kinds(await open(d))).toEqual(expected);
  });
});

describe('FileStore reading damaged files', () => {
  it('names the journal file and line of an entry of the wrong shape', async () => {
    const { d, journal } = await journalOfOnePerson();
    appendFileSync(journal, '{"op":"user","value":{"nokey":1}}\n{"op":"delete-user","key":"web:a"}\n');
    await expect(FileStore.open(d)).rejects.toThrow(`${journal}:2: not a journal entry`);
  });

  it('refuses garbage in the middle of the journal, naming file and line, and repairs only a torn last line', async () => {
    const { d, journal } = await journalOfOnePerson();
    appendFileSync(journal, 'garbage\n{"op":"delete-user","key":"web:a"}\n');
    await expect(FileStore.open(d)).rejects.toThrow(`${journal}:2: not JSON`);
  });

  it('names events.jsonl and the line of an event of the wrong shape', async () => {
    const d = dir();
    const store = await open(d);
    store.appendEvents([{ type: 'kb_answered', at: '2026-01-01T00:00:00.000Z', uid: 'p', channel: 'web', topic: 'x' }]);
    await store.flush();
    await store.release();
    appendFileSync(
      join(d, 'events.jsonl'),
      '{"type":"kb_answered","uid":5}\n{"type":"kb_answered","at":"2026-01-01T00:00:00.000Z","uid":"q","channel":"web"}\n',
    );
    const reopened = await open(d);
    const read = async () => {
      for await (const batch of reopened.readEvents()) void batch;
    };
    await expect(read()).rejects.toThrow(`${join(d, 'events.jsonl')}:2: not a progress event`);
  });

  it('names db.json when the snapshot has the wrong shape', async () => {
    const d = dir();
    writeFileSync(join(d, 'db.json'), JSON.stringify({ schema: 1, journal: 0, users: [], inbox: {}, meta: {} }));
    await expect(FileStore.open(d)).rejects.toThrow(`${join(d, 'db.json')}: not a store snapshot`);
  });
});

describe('FileStore delivery ids', () => {
  it('remembers a delivery id for a day, however many others come after it', async () => {
    const d = dir();
    const store = await open(d);
    expect(await store.markSeen('zalo:first')).toBe(true);
    for (let i = 0; i < 20_050; i++) await store.markSeen(`zalo:other-${i}`);
    await store.flush();
    expect(await store.markSeen('zalo:first')).toBe(false);
    await store.release();
    const reopened = await open(d);
    expect(await reopened.markSeen('zalo:first')).toBe(false);
  });
});

describe('DATA_DIR lock', () => {
  it('refuses a second store on the same folder while the first lives, and takes over a lock left by a dead process', async () => {
    const d = dir();
    const first = await open(d);
    first.putUser(user('kept'));
    await first.flush();
    await expect(FileStore.open(d)).rejects.toThrow(/DATA_DIR .* is in use by process \d+/);
    expect(await first.getUser('web:kept')).toBeDefined();
    await first.release();

    const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
    writeFileSync(
      join(d, 'lock'),
      JSON.stringify({ pid: Number(dead.stdout), host: hostname(), since: '2026-01-01T00:00:00.000Z' }),
    );
    const second = await open(d);
    expect(await second.getUser('web:kept')).toBeDefined();
  });
});
