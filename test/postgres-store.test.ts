// The PostgreSQL store shared by several instances: what one instance does is seen, waited for or
// left alone by the others, and what a dead instance left behind is taken over or counted.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { PostgresStore, type PostgresStoreOptions } from '../src/store/postgres/postgres-store.js';
import type { EventCursor } from '../src/store/store.js';
import { createTestDatabase, postgresAvailable, type TestDatabase } from './helpers/postgres.js';
import { event, row, user } from './helpers/store-records.js';

const available = await postgresAvailable('postgres-store');

describe.runIf(available)('PostgresStore, several instances on one database', () => {
  let db: TestDatabase;
  let sql: pg.Client;
  const stores: PostgresStore[] = [];
  const instance = async (options: PostgresStoreOptions = {}) => {
    const store = await PostgresStore.open(db.url, options);
    stores.push(store);
    return store;
  };
  /** An instance that is not running: nothing holds its lock. */
  const DEAD = 'dead-instance';
  /** Ends the connection that holds an instance's lock, as a crash or a network failure would. */
  const cutOff = (store: PostgresStore) =>
    sql.query(
      `SELECT pg_terminate_backend(pid) FROM pg_locks
        WHERE locktype = 'advisory' AND classid = 1903 AND objid = hashtext($1)::oid AND granted`,
      [store.instance.id],
    );

  beforeAll(async () => {
    db = await createTestDatabase();
    sql = new pg.Client(db.url);
    await sql.connect();
  });
  afterEach(async () => {
    for (const s of stores.splice(0)) await s.close();
    await sql.query('TRUNCATE people, events, inbox, outbox, inbound, seen, handoffs, meta, instances');
  });
  afterAll(async () => {
    await sql?.end();
    await db?.drop();
  });

  it('should let one instance at a time work for a person', async () => {
    const [a, b] = [await instance(), await instance()];
    let inside = 0;
    let most = 0;
    const work = async () => {
      inside++;
      most = Math.max(most, inside);
      await new Promise((r) => setTimeout(r, 20));
      inside--;
    };
    await Promise.all(Array.from({ length: 6 }, (_, i) => (i % 2 ? a : b).withPerson('web:a', work)));
    expect(most).toBe(1);
    await Promise.all([a.exclusively('zalo-token', work), b.exclusively('zalo-token', work)]);
    expect(most).toBe(1);
  });

  it('should let every person being served wait for a named lock without running out of connections', async () => {
    const a = await instance({ personConnections: 2 });
    const refreshed: string[] = [];
    const people = ['web:a', 'web:b', 'web:c', 'web:d'].map((key) =>
      a.withPerson(key, () => a.exclusively('zalo-tokens', async () => void refreshed.push(key))),
    );
    await Promise.all(people);
    expect(refreshed.sort()).toEqual(['web:a', 'web:b', 'web:c', 'web:d']);
  });

  it('should see the writes of another instance once flushed', async () => {
    const [a, b] = [await instance(), await instance()];
    a.putUser(user('a', 'x1'));
    expect(await b.getUser('web:a')).toBeUndefined();
    await a.flush();
    expect((await b.getUser('web:a'))?.area).toBe('x1');
  });

  it('should hand each due row to one instance only when both claim at once', async () => {
    const [a, b] = [await instance(), await instance()];
    for (let i = 0; i < 200; i++) a.putOutbox(row(String(i)));
    await a.flush();
    const now = new Date('2026-06-01T00:00:00.000Z');
    /** One instance's delivery loop: claim a round, send it, write it back, until nothing is due. */
    const deliver = async (store: PostgresStore) => {
      const sent: string[] = [];
      for (;;) {
        const due = await store.claimDue(now, 15);
        if (!due.length) return sent;
        for (const r of due) store.putOutbox({ ...r, status: 'sent' });
        await store.flush();
        sent.push(...due.map((r) => r.id));
      }
    };
    const [byA, byB] = await Promise.all([deliver(a), deliver(b)]);
    expect(byA.filter((id) => byB.includes(id))).toEqual([]);
    expect(new Set([...byA, ...byB]).size).toBe(200);
    expect(byA.length + byB.length).toBe(200);
    expect(byA.length).toBeGreaterThan(0);
    expect(byB.length).toBeGreaterThan(0);
  });

  it("should take over the pending rows a dead instance claimed, and count its in-flight rows unknown, not a live one's", async () => {
    const live = await instance();
    live.putOutbox(row('1', { status: 'sending' }));
    await live.flush();
    await sql.query(
      `INSERT INTO outbox (id, broadcast_id, user_key, status, not_before, value, claimed_by, claimed_at)
       SELECT r->>'id', 'b1', 'web:a', r->>'status', now() - interval '1 minute', r, $1, now() FROM jsonb_array_elements($2::jsonb) r`,
      [DEAD, JSON.stringify([row('2', { status: 'sending' }), row('3')])],
    );
    const other = await instance();
    expect((await other.strandedSending()).map((r) => r.id)).toEqual(['2']);
    expect((await other.claimDue(new Date(), 10)).map((r) => r.id)).toEqual(['3']);
    expect((await live.claimDue(new Date(), 10)).map((r) => r.id)).toEqual([]);
  });

  it("should count an instance's rows in flight unknown once its connection is gone, and not while it is merely slow", async () => {
    const a = await instance();
    const b = await instance();
    a.putOutbox(row('1', { status: 'sending' }));
    a.putOutbox(row('2'));
    await a.flush();
    const claimed = await a.claimDue(new Date(), 10);
    expect(claimed.map((r) => r.id)).toEqual(['2']);
    await new Promise((r) => setTimeout(r, 300));
    expect(await b.strandedSending()).toEqual([]);
    expect(await b.claimDue(new Date(), 10)).toEqual([]);
    const before = a.instance.id;
    await cutOff(a);
    await new Promise((r) => setTimeout(r, 300));
    expect((await b.strandedSending()).map((r) => r.id)).toEqual(['1']);
    expect((await b.claimDue(new Date(), 10)).map((r) => r.id)).toEqual(['2']);
    // a carries on under a new id, and cannot mark in flight the row whose claim it lost.
    expect(a.instance.id).not.toBe(before);
    a.putOutbox({ ...claimed[0]!, status: 'sending' });
    await expect(a.flush()).rejects.toThrow(/claimed by another instance/);
  });

  it("should leave a live instance's acknowledged deliveries to it and take over a dead one's", async () => {
    const a = await instance();
    a.putInbound({ id: 'mine', channel: 'zalo', body: {}, at: '2026-01-01T00:00:00.000Z' });
    await a.flush();
    await sql.query(`INSERT INTO inbound (id, channel, owner, value) VALUES ('left', 'zalo', $1, $2)`, [
      DEAD,
      { id: 'left', channel: 'zalo', body: {}, at: '2026-01-01T00:00:00.000Z' },
    ]);
    const b = await instance();
    expect((await b.pendingInbound('zalo')).map((i) => i.id)).toEqual(['left']);
    expect(await a.pendingInbound('zalo')).toEqual([]); // its own are in hand
    expect(await b.pendingInbound('zalo')).toEqual([]); // handed out once
  });

  it('should say a delivery id is new to exactly one of many instances asking at once', async () => {
    const stores = await Promise.all([instance(), instance(), instance()]);
    const answers = await Promise.all(stores.flatMap((s) => [s.markSeen('zalo:m1'), s.markSeen('zalo:m1')]));
    expect(answers.filter(Boolean)).toHaveLength(1);
  });

  it('should give a delivery taken but never stored by an instance that stopped to another one, and no other', async () => {
    const [a, b] = [await instance(), await instance()];
    expect(await a.markSeen('zalo:lost')).toBe(true);
    expect(await a.markSeen('zalo:kept')).toBe(true);
    a.putInbound({ id: 'zalo:kept', channel: 'zalo', body: {}, at: '2026-01-01T00:00:00.000Z' });
    await a.flush();
    expect(await b.markSeen('zalo:lost')).toBe(false); // a may still store it
    await cutOff(a);
    await new Promise((r) => setTimeout(r, 300));
    expect(await b.markSeen('zalo:kept')).toBe(false);
    expect(await b.markSeen('zalo:lost')).toBe(true);
    expect(await a.markSeen('zalo:lost')).toBe(false);
  });

  it('should never let a reader skip events appended by instances flushing at the same time', async () => {
    const writers = await Promise.all([instance(), instance(), instance()]);
    const reader = await instance();
    let cursor: EventCursor | undefined;
    const seen: string[] = [];
    const read = async () => {
      for await (const batch of reader.readEvents(cursor)) {
        seen.push(...batch.events.map((e) => e.uid));
        cursor = batch.cursor;
      }
    };
    let n = 0;
    const writing = Promise.all(
      writers.map(async (w) => {
        for (let i = 0; i < 40; i++) {
          w.appendEvents([event(n++), event(n++)]);
          await w.flush();
        }
      }),
    );
    while (seen.length < 240) {
      await read();
      await new Promise((r) => setTimeout(r, 1));
    }
    await writing;
    await read();
    expect(new Set(seen).size).toBe(240);
    expect(seen).toHaveLength(240);
  });

  it('should erase a person in one transaction, nothing of theirs left in any table', async () => {
    const a = await instance();
    a.putUser(user('a'));
    a.pushInbox('web:a', { id: '1', text: 'Xin chào', at: '2026-01-01T00:00:00.000Z' });
    a.putOutbox(row('1'));
    await a.flush();
    await a.forgetUser('web:a');
    const { rows } = await sql.query(
      `SELECT (SELECT count(*) FROM people) + (SELECT count(*) FROM inbox) + (SELECT count(*) FROM outbox)
         + (SELECT count(*) FROM handoffs) AS n`,
    );
    expect(Number(rows[0].n)).toBe(0);
  });

  it('should leave the other instances at a graceful stop, and keep nothing it staged unwritten', async () => {
    const a = await instance();
    a.putUser(user('a'));
    await a.close();
    stores.splice(stores.indexOf(a), 1);
    const { rows } = await sql.query(
      'SELECT (SELECT count(*) FROM instances) AS i, (SELECT count(*) FROM people) AS p',
    );
    expect(rows[0]).toEqual({ i: '0', p: '1' });
  });
});

describe.runIf(available)('rate limits counted in PostgreSQL', () => {
  it('should hold one limit across two instances instead of one each', async () => {
    const db = await createTestDatabase();
    const [a, b] = [await PostgresStore.open(db.url), await PostgresStore.open(db.url)];
    try {
      const { default: express } = await import('express');
      const { rateLimit } = await import('express-rate-limit');
      const serve = async (store: PostgresStore) => {
        const app = express();
        app.use(rateLimit({ windowMs: 60_000, limit: 5, store: store.rateCounters('ip:') }));
        app.get('/', (_req, res) => void res.send('ok'));
        const server = app.listen(0, '127.0.0.1');
        await new Promise((r) => server.once('listening', r));
        return { server, url: `http://127.0.0.1:${(server.address() as { port: number }).port}/` };
      };
      const [one, two] = [await serve(a), await serve(b)];
      const codes: number[] = [];
      for (let i = 0; i < 8; i++) codes.push((await fetch(i % 2 ? one.url : two.url)).status);
      one.server.close();
      two.server.close();
      expect(codes).toEqual([200, 200, 200, 200, 200, 429, 429, 429]);
    } finally {
      await a.close();
      await b.close();
      await db.drop();
    }
  });
});

describe.runIf(available)('the cost of a message on PostgreSQL', () => {
  it('should take at most three round trips per web chat message', async () => {
    const db = await createTestDatabase();
    const { startTestServer, citizen } = await import('./helpers/server.js');
    const server = await startTestServer(undefined, { DATABASE_URL: db.url, USER_RATE_LIMIT_PER_MINUTE: 0 });
    try {
      const store = server.store as PostgresStore;
      // Only the messages are counted: the reminder ticks are stopped.
      await server.reminders.stop();
      const person = citizen(server.url);
      await person.say('xin chào');
      const before = store.roundTrips;
      const texts = ['hướng dẫn kích hoạt vneid mức 2', '1', '1', 'quen mk vneid', 'rồi', 'menu'];
      for (const text of texts) await person.say(text);
      // The unlock of the last message may still be on its way.
      await new Promise((r) => setTimeout(r, 200));
      expect((store.roundTrips - before) / texts.length).toBeLessThanOrEqual(3);
    } finally {
      await server.cleanup();
      await db.drop();
    }
  });
});

describe.runIf(available)('the admin API on two instances of one database', () => {
  it('should count failed logins once for the whole site, not once per instance', async () => {
    const db = await createTestDatabase();
    const { startTestServer } = await import('./helpers/server.js');
    const settings = { DATABASE_URL: db.url, ADMIN_TOKEN: 'the-real-admin-token-0123456789' };
    const first = await startTestServer(undefined, settings);
    const second = await startTestServer(undefined, settings);
    const login = (url: string, token: string) =>
      fetch(`${url}/admin/api/flows`, { headers: { authorization: `Bearer ${token}` } }).then((r) => r.status);
    try {
      // Ten wrong tokens spread over both instances use up the one allowance of ten a minute...
      for (let i = 0; i < 10; i++) expect(await login(i % 2 ? second.url : first.url, `guess-${i}`)).toBe(401);
      // ...so the next guess is refused by either instance, while the real token still gets in.
      expect(await login(first.url, 'guess-10')).toBe(429);
      expect(await login(second.url, 'guess-11')).toBe(429);
      expect(await login(second.url, settings.ADMIN_TOKEN)).toBe(200);
    } finally {
      await first.cleanup();
      await second.cleanup();
      await db.drop();
    }
  });
});
