import { rmSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { loadContent } from '../src/content/load.js';
import { ConversationCore } from '../src/core/conversation.js';
import { FlowBook } from '../src/flows/flow-book.js';
import { Delivery } from '../src/reminders/delivery.js';
import { QuietHours } from '../src/reminders/quiet-hours.js';
import { Scheduler } from '../src/reminders/scheduler.js';
import type { OutboxRow, SendResult, Sender } from '../src/domain/outreach.js';
import { WebSender } from '../src/reminders/web-sender.js';
import { FileStore } from '../src/store/file-store.js';
import { MemoryStore } from '../src/store/memory-store.js';
import type { Store } from '../src/store/store.js';
import type { UserRecord } from '../src/domain/person.js';
import { ZALO_FREE_WINDOW_MS } from '../src/domain/messages.js';
import { tempDataDir } from './helpers/server.js';
import { all } from './helpers/store.js';

const content = loadContent(process.cwd());
const flows = new FlowBook(content.flows.values());
const vn = (local: string) => new Date(`${local}+07:00`);

/** A fake clock: `now()` reads it, `sleep()` moves it. */
function clock(start: Date) {
  let t = start.getTime();
  return {
    now: () => new Date(t),
    sleep: async (ms: number) => void (t += ms),
    set: (d: Date) => void (t = d.getTime()),
  };
}

/** A channel that records what it was asked to send and answers as told. */
function recordingSender(
  channel: 'telegram' | 'zalo',
  perSecond = 25,
  answer: (row: OutboxRow, n: number) => SendResult | Promise<SendResult> = () => ({ ok: true }),
) {
  const sent: { row: OutboxRow; at: number }[] = [];
  let n = 0;
  const sender: Sender & { sent: typeof sent } = {
    channel,
    perSecond,
    perChatGapMs: 1000,
    // A channel declares its own messaging window, as the Zalo channel does.
    ...(channel === 'zalo' ? { windowMs: ZALO_FREE_WINDOW_MS } : {}),
    sent,
    async send(row) {
      const result = await answer(row, n++);
      if (result.ok) sent.push({ row, at: Date.now() });
      return result;
    },
  };
  return sender;
}

function user(id: string, extra: Partial<UserRecord> = {}): UserRecord {
  return {
    key: `${extra.channel ?? 'web'}:${id}`,
    channel: 'web',
    channelUserId: id,
    createdAt: '2026-03-01T00:00:00.000Z',
    lastSeenAt: '2026-03-02T00:00:00.000Z',
    reminders: true,
    active: true,
    flows: {},
    unclear: 0,
    ...extra,
  };
}

function setup(store: Store, start: Date, senders: Sender[] = [], quiet = '') {
  const c = clock(start);
  const scheduler = new Scheduler({ store, flows, nudgeAfterDays: 3 });
  const delivery = new Delivery({
    store,
    senders: [new WebSender(store), ...senders],
    quiet: new QuietHours(quiet),
    pseudonym: async (k) => `p-${k}`,
    now: c.now,
    sleep: c.sleep,
  });
  return { c, scheduler, delivery };
}

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('scheduling', () => {
  it('sends a one-off broadcast when its time comes, once', async () => {
    const store = new MemoryStore();
    store.putUser(user('a'));
    const { c, scheduler, delivery } = setup(store, vn('2026-03-02T08:00:00'));
    const b = scheduler.create(
      { text: 'Họp thôn lúc 9 giờ', audience: {}, at: vn('2026-03-02T09:00:00').toISOString() },
      'admin',
      c.now(),
    );
    expect(await scheduler.plan(c.now())).toBe(0);
    c.set(vn('2026-03-02T09:00:00'));
    expect(await scheduler.plan(c.now())).toBe(1);
    expect(await scheduler.plan(c.now())).toBe(0);
    await delivery.deliverDue();
    expect((await store.inbox('web:a')).map((m) => m.text)).toEqual(['Họp thôn lúc 9 giờ']);
    await scheduler.plan(c.now());
    expect(await scheduler.counts((await store.getBroadcast(b.id))!)).toMatchObject({
      status: 'done',
      total: 1,
      sent: 1,
    });
  });

  it('runs a cron broadcast at each matching minute in Vietnam time', async () => {
    const store = new MemoryStore();
    store.putUser(user('a'));
    const { c, scheduler, delivery } = setup(store, vn('2026-03-02T07:00:00'));
    scheduler.create({ text: 'Nhắc sáng', audience: {}, cron: '0 8 * * *' }, 'admin', c.now());
    c.set(vn('2026-03-02T07:59:00'));
    expect(await scheduler.plan(c.now())).toBe(0);
    c.set(vn('2026-03-02T08:00:30'));
    expect(await scheduler.plan(c.now())).toBe(1);
    c.set(vn('2026-03-02T08:05:00'));
    expect(await scheduler.plan(c.now())).toBe(0);
    c.set(vn('2026-03-03T08:00:10'));
    expect(await scheduler.plan(c.now())).toBe(1);
    await delivery.deliverDue();
    expect(await store.inbox('web:a')).toHaveLength(2);
  });

  it('selects the audience by area, flow and status', async () => {
    const store = new MemoryStore();
    store.putUser(user('in-area', { area: 'viet-hung' }));
    store.putUser(user('elsewhere', { area: 'ha-tu' }));
    store.putUser(
      user('started', {
        area: 'viet-hung',
        flows: { 'vneid-level2': { status: 'in-progress', startedAt: '', updatedAt: '' } },
      }),
    );
    store.putUser(
      user('done', {
        area: 'viet-hung',
        flows: { 'vneid-level2': { status: 'completed', startedAt: '', updatedAt: '' } },
      }),
    );
    const { c, scheduler } = setup(store, vn('2026-03-02T08:00:00'));
    const keys = async (id: string) => (await store.outboxOf(id)).map((r) => r.userKey).sort();
    const a = scheduler.create({ text: 'x', audience: { area: 'viet-hung' } }, 'admin', c.now());
    const b = scheduler.create(
      { text: 'x', audience: { area: 'viet-hung', flow: 'vneid-level2', status: 'not-started' } },
      'admin',
      c.now(),
    );
    const d = scheduler.create(
      { text: 'x', audience: { flow: 'vneid-level2', status: 'in-progress' } },
      'admin',
      c.now(),
    );
    await scheduler.plan(c.now());
    expect(await keys(a.id)).toEqual(['web:done', 'web:in-area', 'web:started']);
    expect(await keys(b.id)).toEqual(['web:in-area']);
    expect(await keys(d.id)).toEqual(['web:started']);
  });
});

describe('respect', () => {
  it('honours "dừng nhắc" and "nhận nhắc" typed to the bot', async () => {
    const store = new MemoryStore();
    const core = new ConversationCore({ content, store, pseudonym: async (k) => k });
    const { c, scheduler, delivery } = setup(store, vn('2026-03-02T08:00:00'));
    const off = await core.handle({ channel: 'web', userId: 'u', text: 'dừng nhắc', at: c.now() });
    expect(off.replies.map((r) => r.text).join()).toContain('Đã tắt tin nhắc');
    const b1 = scheduler.create({ text: 'một', audience: {} }, 'admin', c.now());
    await scheduler.plan(c.now());
    await delivery.deliverDue();
    expect(await scheduler.counts((await store.getBroadcast(b1.id))!)).toMatchObject({ skipped: 1, sent: 0 });
    expect((await store.outboxOf(b1.id))[0]!.reason).toBe('opted-out');

    await core.handle({ channel: 'web', userId: 'u', text: 'nhận nhắc', at: c.now() });
    scheduler.create({ text: 'hai', audience: {} }, 'admin', c.now());
    await scheduler.plan(c.now());
    await delivery.deliverDue();
    expect((await store.inbox('web:u')).map((m) => m.text)).toEqual(['hai']);
    expect(store.events.map((e) => e.type)).toEqual(
      expect.arrayContaining(['opted_out', 'opted_in', 'reminder_skipped', 'reminder_sent']),
    );
  });

  it('holds messages during quiet hours until the morning (web inboxes, which ring nothing, get them at once)', async () => {
    const store = new MemoryStore();
    store.putUser(user('tg', { channel: 'telegram', key: 'telegram:tg' }));
    store.putUser(user('w'));
    const telegram = recordingSender('telegram');
    const { c, scheduler, delivery } = setup(store, vn('2026-03-02T22:30:00'), [telegram], '21:00-07:00');
    scheduler.create({ text: 'muộn', audience: {} }, 'admin', c.now());
    await scheduler.plan(c.now());
    await delivery.deliverDue();
    expect(telegram.sent).toHaveLength(0);
    expect(await store.inbox('web:w')).toHaveLength(1);
    const waiting = (await all(store.outbox())).filter((r) => r.status === 'pending' || r.status === 'sending');
    expect(waiting[0]!.notBefore).toBe(vn('2026-03-03T07:00:00').toISOString());
    c.set(vn('2026-03-03T06:59:00'));
    await delivery.deliverDue();
    expect(telegram.sent).toHaveLength(0);
    c.set(vn('2026-03-03T07:00:00'));
    await delivery.deliverDue();
    expect(telegram.sent).toHaveLength(1);
  });

  it('skips Zalo users outside the free 48-hour window, with the reason', async () => {
    const store = new MemoryStore();
    const zalo = recordingSender('zalo');
    store.putUser(
      user('recent', { channel: 'zalo', key: 'zalo:recent', lastSeenAt: vn('2026-03-01T09:00:00').toISOString() }),
    );
    store.putUser(
      user('old', { channel: 'zalo', key: 'zalo:old', lastSeenAt: vn('2026-02-27T09:00:00').toISOString() }),
    );
    const { c, scheduler, delivery } = setup(store, vn('2026-03-02T08:00:00'), [zalo]);
    const b = scheduler.create({ text: 'x', audience: {} }, 'admin', c.now());
    await scheduler.plan(c.now());
    await delivery.deliverDue();
    expect(zalo.sent.map((s) => s.row.userKey)).toEqual(['zalo:recent']);
    expect((await store.outboxOf(b.id)).find((r) => r.userKey === 'zalo:old')).toMatchObject({
      status: 'skipped',
      reason: 'zalo-window',
    });
  });
});

describe('delivery', () => {
  it('paces a channel: at most its rate per second, one message per second to a chat', async () => {
    const store = new MemoryStore();
    for (let i = 0; i < 60; i++) store.putUser(user(`t${i}`, { channel: 'telegram', key: `telegram:t${i}` }));
    const telegram = recordingSender('telegram', 25);
    const { c, scheduler, delivery } = setup(store, vn('2026-03-02T08:00:00'), [telegram]);
    scheduler.create({ text: 'x', audience: {} }, 'admin', c.now());
    scheduler.create({ text: 'y', audience: {} }, 'admin', c.now());
    await scheduler.plan(c.now());
    const rounds: number[] = [];
    for (let i = 0; i < 6; i++) {
      rounds.push((await delivery.round()).sent);
      await c.sleep(1000);
    }
    expect(rounds).toEqual([25, 25, 25, 25, 20, 0]);
    // no chat got two messages in the same second
    const byChat = new Map<string, number[]>();
    for (const s of telegram.sent) byChat.set(s.row.userKey, [...(byChat.get(s.row.userKey) ?? []), s.at]);
    expect([...byChat.values()].every((times) => times.length === 2)).toBe(true);
  });

  it('waits out retry_after, backs off on server errors, and records permanent failures', async () => {
    const store = new MemoryStore();
    for (const id of ['limited', 'flaky', 'blocked'])
      store.putUser(user(id, { channel: 'telegram', key: `telegram:${id}` }));
    const tries = new Map<string, number>();
    const telegram = recordingSender('telegram', 25, (row) => {
      const n = (tries.get(row.userKey) ?? 0) + 1;
      tries.set(row.userKey, n);
      if (row.userKey === 'telegram:limited' && n === 1)
        return { ok: false, permanent: false, reason: '429', retryAfterMs: 5000 };
      if (row.userKey === 'telegram:flaky' && n <= 2) return { ok: false, permanent: false, reason: '502' };
      if (row.userKey === 'telegram:blocked')
        return { ok: false, permanent: true, reason: '403 blocked', userGone: true };
      return { ok: true };
    });
    const { c, scheduler, delivery } = setup(store, vn('2026-03-02T08:00:00'), [telegram]);
    const b = scheduler.create({ text: 'x', audience: {} }, 'admin', c.now());
    await scheduler.plan(c.now());
    await delivery.round();
    const limited = (await store.outboxOf(b.id)).find((r) => r.userKey === 'telegram:limited')!;
    expect(limited).toMatchObject({ status: 'pending', attempts: 1 });
    expect(Date.parse(limited.notBefore) - c.now().getTime()).toBe(5000);
    await c.sleep(2000);
    await delivery.round(); // the channel is paused: nobody is tried
    expect(tries.get('telegram:limited')).toBe(1);
    await delivery.deliverDue(60_000);
    expect(await scheduler.counts((await store.getBroadcast(b.id))!)).toMatchObject({ sent: 2, failed: 1, pending: 0 });
    expect(tries.get('telegram:flaky')).toBe(3);
    expect((await store.getUser('telegram:blocked'))!.active).toBe(false);
  });

  it('continues after a crash in the middle of a broadcast without losing or repeating, counting in-flight sends unknown', async () => {
    const dir = tempDataDir();
    dirs.push(dir);
    const store = await FileStore.open(dir);
    for (let i = 0; i < 40; i++) store.putUser(user(`c${i}`, { channel: 'telegram', key: `telegram:c${i}` }));
    const received = new Map<string, number>();
    const count = (row: OutboxRow) => received.set(row.userKey, (received.get(row.userKey) ?? 0) + 1);
    // Before the crash: the first batch is delivered, the second hangs in flight when the process dies.
    const hanging = recordingSender('telegram', 10, (row, n) => {
      if (n < 10) {
        count(row);
        return { ok: true };
      }
      return new Promise<SendResult>(() => undefined);
    });
    const first = setup(store, vn('2026-03-02T08:00:00'), [hanging]);
    const b = first.scheduler.create({ text: 'x', audience: {} }, 'admin', first.c.now());
    await first.scheduler.plan(first.c.now());
    await store.flush();
    await first.delivery.round();
    void first.delivery.round();
    await new Promise((r) => setTimeout(r, 50));

    // "Restart": the process dies (its files closed, nothing more written), a new one opens the same DATA_DIR.
    await store.release();
    const reopened = await FileStore.open(dir);
    const working = recordingSender('telegram', 10, (row) => {
      count(row);
      return { ok: true };
    });
    const second = setup(reopened, vn('2026-03-02T08:01:00'), [working]);
    expect(await second.delivery.recover()).toBe(10);
    await second.delivery.deliverDue(60_000);
    const counts = await second.scheduler.counts((await reopened.getBroadcast(b.id))!);
    expect(counts).toMatchObject({ total: 40, sent: 30, unknown: 10, pending: 0 });
    expect([...received.values()].every((n) => n === 1)).toBe(true);
    expect(received.size).toBe(30);
    await reopened.release();
  });
});

describe('nudges', () => {
  it('nudges someone stalled for 3 days once a week, and not after they finish', async () => {
    const store = new MemoryStore();
    const core = new ConversationCore({
      content,
      store,
      pseudonym: async (k) => k,
      now: () => vn('2026-03-02T08:00:00'),
    });
    await core.handle({ channel: 'web', userId: 'slow', text: 'hướng dẫn kích hoạt vneid mức 2', at: new Date() });
    await core.handle({ channel: 'web', userId: 'quick', text: 'hướng dẫn kích hoạt vneid mức 2', at: new Date() });
    const { c, scheduler, delivery } = setup(store, vn('2026-03-04T08:00:00'));
    expect(await scheduler.plan(c.now())).toBe(0);
    c.set(vn('2026-03-05T09:00:00'));
    expect(await scheduler.plan(c.now())).toBe(2);
    expect(await scheduler.plan(c.now())).toBe(0);
    // "quick" cancels before the nudge goes out: it is dropped
    await new ConversationCore({ content, store, pseudonym: async (k) => k, now: c.now }).handle({
      channel: 'web',
      userId: 'quick',
      text: 'hủy',
      at: new Date(),
    });
    await delivery.deliverDue();
    expect((await store.inbox('web:slow')).map((m) => m.text)[0]).toContain('Ông/Bà đang làm dở');
    expect((await store.inbox('web:slow'))[0]!.buttons).toEqual([
      { title: 'Tiếp tục hướng dẫn', payload: 'cmd:resume' },
    ]);
    expect(await store.inbox('web:quick')).toHaveLength(0);
    c.set(vn('2026-03-07T09:00:00'));
    expect(await scheduler.plan(c.now())).toBe(0);
    c.set(vn('2026-03-13T09:00:00'));
    expect(await scheduler.plan(c.now())).toBe(1);
  });
});
