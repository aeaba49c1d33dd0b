// What every store promises the application (src/store/store.ts), checked against each store the
// same way: the ones kept in memory and on disk, and PostgreSQL (a fresh database per run).
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import type { Store, EventCursor } from '../src/store/store.js';
import { ForeignCursorError } from '../src/store/store.js';
import { rmSync } from 'node:fs';
import { FileStore } from '../src/store/file-store.js';
import { MemoryStore } from '../src/store/memory-store.js';
import { PostgresStore } from '../src/store/postgres/postgres-store.js';
import { tempDataDir } from './helpers/server.js';
import type { ProgressEvent } from '../src/domain/progress.js';
import { createTestDatabase, postgresAvailable, type TestDatabase } from './helpers/postgres.js';
import { event, handoff, row, user } from './helpers/store-records.js';

interface StoreFactory {
  name: string;
  /** A new, empty store. */
  fresh(): Promise<Store>;
  /**
   * The same data as `current` seen afresh: another instance (PostgreSQL), the store opened again
   * after a stop (file), the same store (memory). `current` may be closed by it.
   */
  reopen(current: Store): Promise<Store>;
  done(): Promise<void>;
}

const memoryFactory: StoreFactory = {
  name: 'memory',
  fresh: async () => new MemoryStore(),
  reopen: async (current) => current,
  done: async () => undefined,
};

function fileFactory(): StoreFactory {
  const dirs = new Map<Store, string>();
  return {
    name: 'file',
    async fresh() {
      const dir = tempDataDir();
      const store = await FileStore.open(dir);
      dirs.set(store, dir);
      return store;
    },
    async reopen(current) {
      const dir = dirs.get(current)!;
      await current.close();
      const store = await FileStore.open(dir);
      dirs.set(store, dir);
      return store;
    },
    async done() {
      for (const dir of new Set(dirs.values())) rmSync(dir, { recursive: true, force: true });
    },
  };
}

function postgresFactory(): StoreFactory {
  let db: Promise<TestDatabase> | undefined;
  const open = async () => PostgresStore.open((await (db ??= createTestDatabase())).url);
  return {
    name: 'PostgreSQL',
    async fresh() {
      const store = await open();
      await store.close();
      const { url } = await db!;
      const { default: pg } = await import('pg');
      const client = new pg.Client(url);
      await client.connect();
      await client.query(
        'TRUNCATE people, events, inbox, broadcasts, outbox, inbound, seen, handoffs, meta, instances RESTART IDENTITY',
      );
      await client.end();
      return open();
    },
    reopen: () => open(),
    done: async () => void (await (await db)?.drop()),
  };
}

const factories: StoreFactory[] = [memoryFactory, fileFactory()];
if (await postgresAvailable('store-contract')) factories.push(postgresFactory());

async function readAll(store: Store, from?: EventCursor) {
  const events: ProgressEvent[] = [];
  let cursor: EventCursor | undefined;
  let batches = 0;
  for await (const batch of store.readEvents(from)) {
    events.push(...batch.events);
    cursor = batch.cursor;
    batches++;
  }
  return { events, cursor: cursor!, batches };
}

describe.each(factories)('the $name store', (factory) => {
  const open = new Set<Store>();
  const fresh = async () => {
    const store = await factory.fresh();
    open.add(store);
    return store;
  };
  const reopen = async (current: Store) => {
    const store = await factory.reopen(current);
    open.add(store);
    return store;
  };
  afterEach(async () => {
    // A file store closed by a reopen is closed again harmlessly.
    for (const s of open) await s.close();
    open.clear();
  });
  afterAll(() => factory.done());

  it('should let its own instance read what it staged, and keep it once flushed', async () => {
    const store = await fresh();
    store.putUser(user('a', 'x1'));
    store.setMeta('zalo-token', { access: 't1' });
    expect((await store.getUser('web:a'))?.area).toBe('x1');
    expect(await store.getMeta('zalo-token')).toEqual({ access: 't1' });
    await store.flush();
    store.setMeta('zalo-token', { access: 't2' });
    store.setMeta('old-key', 1);
    await store.flush();
    store.setMeta('old-key', undefined);
    expect(await store.getMeta('old-key')).toBeUndefined();
    await store.flush();
    const other = await reopen(store);
    expect((await other.getUser('web:a'))?.area).toBe('x1');
    expect(await other.getMeta('zalo-token')).toEqual({ access: 't2' });
    expect(await other.getMeta('old-key')).toBeUndefined();
  });

  it('should list every person, staged and stored', async () => {
    const store = await fresh();
    for (let i = 0; i < 5; i++) store.putUser(user(`u${i}`));
    await store.flush();
    store.putUser(user('late'));
    store.putUser({ ...user('u1'), area: 'x9' });
    const all = [];
    for await (const u of store.users()) all.push(u);
    expect(all.map((u) => u.key).sort()).toEqual(['web:late', 'web:u0', 'web:u1', 'web:u2', 'web:u3', 'web:u4']);
    expect(all.find((u) => u.key === 'web:u1')?.area).toBe('x9');
  });

  it('should forget a person whole: record, inbox, outbox rows and handoff cases, not the anonymous events', async () => {
    const store = await fresh();
    store.putUser(user('a'));
    store.putUser(user('b'));
    store.pushInbox('web:a', { id: '1', text: 'Xin chào', at: '2026-01-01T00:00:00.000Z' });
    store.putOutbox(row('1', { userKey: 'web:a' }));
    store.putOutbox(row('2', { userKey: 'web:b' }));
    store.putHandoff(handoff('h1', 'web:a'));
    store.appendEvents([event(1)]);
    await store.flush();
    await store.forgetUser('web:a');
    const gone = async (s: Store) => {
      expect(await s.getUser('web:a')).toBeUndefined();
      expect(await s.getUser('web:b')).toBeDefined();
      expect(await s.inbox('web:a')).toEqual([]);
      expect((await s.outboxOf('b1')).map((r) => r.id)).toEqual(['2']);
      expect(await s.getOutbox('1')).toBeUndefined();
      expect(await s.openHandoffOf('web:a')).toBeUndefined();
      expect(await s.handoffsOf('web:a')).toEqual([]);
      expect((await readAll(s)).events).toHaveLength(1);
    };
    await gone(store);
    await gone(await reopen(store));
  });

  it('should keep a web inbox oldest first, once per ref, the last hundred', async () => {
    const store = await fresh();
    for (let i = 0; i < 105; i++)
      store.pushInbox('web:a', { id: String(i).padStart(3, '0'), text: `tin ${i}`, at: '2026-01-01T00:00:00.000Z' });
    store.pushInbox('web:a', { id: '999', ref: '104', text: 'lặp', at: '2026-01-01T00:00:00.000Z' });
    const staged = await store.inbox('web:a');
    await store.flush();
    const stored = await (await reopen(store)).inbox('web:a');
    for (const list of [staged, stored]) {
      expect(list).toHaveLength(100);
      expect(list[0]!.id).toBe('005');
      expect(list[99]!.id).toBe('104');
    }
  });

  it('should read the event log from a cursor, and refuse a cursor it did not make', async () => {
    const store = await fresh();
    const empty = await readAll(store);
    expect(empty).toMatchObject({ events: [], batches: 1 });
    store.appendEvents([event(1), event(2)]);
    const first = await readAll(store, empty.cursor);
    expect(first.events.map((e) => e.uid)).toEqual(['p1', 'p2']);
    store.appendEvents([event(3)]);
    await store.flush();
    const again = await reopen(store);
    const next = await readAll(again, first.cursor);
    expect(next.events.map((e) => e.uid)).toEqual(['p3']);
    expect((await readAll(again, next.cursor)).events).toEqual([]);
    await expect(readAll(again, 'elsewhere:7' as EventCursor)).rejects.toBeInstanceOf(ForeignCursorError);
  });

  it('should claim due pending rows oldest first, and give back a row not written back at the next claim', async () => {
    const store = await fresh();
    store.putOutbox(row('3'));
    store.putOutbox(row('1'));
    store.putOutbox(row('2', { notBefore: '2999-01-01T00:00:00.000Z' }));
    store.putOutbox(row('4', { status: 'sent' }));
    await store.flush();
    const now = new Date('2026-06-01T00:00:00.000Z');
    expect((await store.claimDue(now, 10)).map((r) => r.id)).toEqual(['1', '3']);
    expect((await store.claimDue(now, 1)).map((r) => r.id)).toEqual(['1']);
    store.putOutbox({ ...row('1'), status: 'sent' });
    expect((await store.claimDue(now, 10)).map((r) => r.id)).toEqual(['3']);
    await store.flush();
    expect((await store.claimDue(now, 10)).map((r) => r.id)).toEqual(['3']);
    expect(await store.nextDue()).toEqual(new Map([['web', new Date('2026-01-01T00:00:00.000Z')]]));
  });

  it('should keep and deliver rows that belong to no broadcast (nudges, held-back replies)', async () => {
    const store = await fresh();
    const nudge = row('7', { kind: 'nudge', flow: 'vneid-level2' });
    delete nudge.broadcastId;
    store.putOutbox(nudge);
    await store.flush();
    const [claimed] = await store.claimDue(new Date('2026-06-01T00:00:00.000Z'), 10);
    expect(claimed).toEqual(nudge);
    expect(await (await reopen(store)).getOutbox('7')).toEqual(nudge);
  });

  it('should count the rows of a broadcast and drop a finished one', async () => {
    const store = await fresh();
    store.putBroadcast({
      id: 'b1',
      text: 'Nhắc',
      audience: {},
      status: 'sending',
      createdAt: '2026-01-01T00:00:00.000Z',
      createdBy: 'admin',
      runs: 0,
    });
    store.putOutbox(row('1'));
    store.putOutbox(row('2', { broadcastId: 'b2' }));
    await store.flush();
    store.dropOutbox('1');
    expect(await store.outboxOf('b1')).toEqual([]);
    await store.flush();
    expect((await store.broadcasts()).map((b) => b.id)).toEqual(['b1']);
    const all = [];
    for await (const r of (await reopen(store)).outbox()) all.push(r.id);
    expect(all).toEqual(['2']);
  });

  it('should keep an acknowledged delivery until done, with its replies once handled', async () => {
    const store = await fresh();
    store.putInbound({ id: 'd1', channel: 'zalo', body: { text: 'alo' }, at: '2026-01-01T00:00:01.000Z' });
    store.putInbound({ id: 'd0', channel: 'zalo', body: { text: 'hi' }, at: '2026-01-01T00:00:00.000Z' });
    store.putInbound({ id: 't1', channel: 'telegram', body: {}, at: '2026-01-01T00:00:00.000Z' });
    await store.flush();
    store.inboundHandled('d1', [{ text: 'Chào ông/bà' }]);
    await store.flush();
    store.inboundDone('d0');
    await store.flush();
    // Its own deliveries are in hand already: only those left by a stopped process are handed out.
    expect(await store.pendingInbound('zalo')).toEqual([]);
    if (factory.name === 'memory') return; // nothing outlives the process
    await store.close();
    const next = await reopen(store);
    const pending = await next.pendingInbound('zalo');
    expect(pending.map((p) => [p.id, p.replies])).toEqual([['d1', [{ text: 'Chào ông/bà' }]]]);
    expect(await next.pendingInbound('zalo')).toEqual([]); // handed out once
    next.inboundDone('d1');
    await next.flush();
    expect((await (await reopen(next)).pendingInbound('zalo')).map((p) => p.id)).toEqual([]);
  });

  it('should say a delivery id is new only once', async () => {
    const store = await fresh();
    expect(await store.markSeen('zalo:m1')).toBe(true);
    expect(await store.markSeen('zalo:m1')).toBe(false);
    await store.flush();
    expect(await (await reopen(store)).markSeen('zalo:m1')).toBe(false);
  });

  it("should find a citizen's open handoff case and all of their cases", async () => {
    const store = await fresh();
    store.putHandoff(handoff('h1', 'web:a', 'closed'));
    store.putHandoff(handoff('h2', 'web:a'));
    await store.flush();
    expect((await store.openHandoffOf('web:a'))?.id).toBe('h2');
    store.putHandoff({ ...handoff('h2', 'web:a'), status: 'closed' });
    expect(await store.openHandoffOf('web:a')).toBeUndefined();
    store.deleteHandoff('h1');
    await store.flush();
    expect((await store.handoffsOf('web:a')).map((c) => c.id)).toEqual(['h2']);
    expect((await store.handoffs()).map((c) => c.status)).toEqual(['closed']);
  });

  it('should read a person as last written while working for them, before and after each flush', async () => {
    const store = await fresh();
    store.putUser(user('a'));
    store.putHandoff(handoff('h1', 'web:a', 'closed'));
    await store.flush();
    await store.withPerson('web:a', async () => {
      expect((await store.getUser('web:a'))?.area).toBeUndefined();
      store.putUser(user('a', 'x1'));
      expect((await store.getUser('web:a'))?.area).toBe('x1');
      await store.flush();
      expect((await store.getUser('web:a'))?.area).toBe('x1');
      store.putHandoff(handoff('h2', 'web:a'));
      await store.flush();
      expect((await store.openHandoffOf('web:a'))?.id).toBe('h2');
      store.deleteHandoff('h1');
      await store.flush();
      expect((await store.handoffsOf('web:a')).map((c) => c.id)).toEqual(['h2']);
      await store.forgetUser('web:a');
      expect(await store.getUser('web:a')).toBeUndefined();
      expect(await store.handoffsOf('web:a')).toEqual([]);
    });
    expect(await store.getUser('web:a')).toBeUndefined();
  });

  it('should run one piece of work per person at a time, different people at once', async () => {
    const store = await fresh();
    const trace: string[] = [];
    const work = (name: string, ms: number) => async () => {
      trace.push(`${name}+`);
      await new Promise((r) => setTimeout(r, ms));
      trace.push(`${name}-`);
    };
    await Promise.all([
      store.withPerson('web:a', work('a1', 40)),
      store.withPerson('web:a', work('a2', 1)),
      store.withPerson('web:b', work('b1', 1)),
    ]);
    expect(trace.indexOf('a1-')).toBeLessThan(trace.indexOf('a2+'));
    expect(trace.indexOf('b1-')).toBeLessThan(trace.indexOf('a1-'));
    const order: number[] = [];
    await Promise.all([1, 2, 3].map((n) => store.exclusively('plan', async () => void order.push(n))));
    expect(order).toHaveLength(3);
  });
});
