import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sweep } from '../src/reminders/retention.js';
import { citizen, startTestServer } from './helpers/server.js';
import { all } from './helpers/store.js';

const ADMIN = 'admin-token-retention-0123456';
const DAY = 86_400_000;
let server: Awaited<ReturnType<typeof startTestServer>>;

beforeAll(async () => {
  server = await startTestServer(undefined, {
    ADMIN_TOKEN: ADMIN,
    QUIET_HOURS: '',
    REMINDER_TICK_SECONDS: 59,
    USER_RATE_LIMIT_PER_MINUTE: 0,
  });
});
afterAll(async () => {
  await server.cleanup();
});

const admin = (method: string, path: string, body?: unknown) =>
  fetch(server.url + path, {
    method,
    headers: { 'content-type': 'application/json', authorization: `Bearer ${ADMIN}` },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
const retention = { outboxKeepDays: 30, inactiveUserDays: 365 };

describe('bounded retention', () => {
  it("drops a broadcast's finished rows after OUTBOX_KEEP_DAYS, and the broadcast still shows its counts", async () => {
    for (const id of ['r-1', 'r-2', 'r-3']) await citizen(server.url, id).say('hướng dẫn thanh toán qr');
    const { id } = await (
      await admin('POST', '/admin/api/broadcasts', {
        text: 'Nhắc: hoàn tất thanh toán QR nhé.',
        audience: { flow: 'qr-payment' },
      })
    ).json();
    await server.reminders.tick();
    await server.reminders.tick();
    const counts = await (await admin('GET', `/admin/api/broadcasts/${id}`)).json();
    expect(counts).toMatchObject({ total: 3, sent: 3 });

    const rowsOf = async () => (await all(server.store.outbox())).filter((r) => r.broadcastId === id).length;
    await sweep(server.store, new Date(Date.now() + 29 * DAY), retention);
    expect(await rowsOf()).toBe(3);
    await sweep(server.store, new Date(Date.now() + 31 * DAY), retention);
    await server.store.flush();
    expect(await rowsOf()).toBe(0);
    expect(await (await admin('GET', `/admin/api/broadcasts/${id}`)).json()).toMatchObject({
      status: counts.status,
      total: 3,
      sent: 3,
    });
  });

  it('forgets a visitor who left nothing after 30 silent days, and a person with a flow after INACTIVE_USER_DAYS', async () => {
    await citizen(server.url, 'passing-by').say('xin chào');
    await citizen(server.url, 'in-a-flow').say('hướng dẫn kích hoạt vneid mức 2');
    await sweep(server.store, new Date(Date.now() + 31 * DAY), retention);
    expect(await server.store.getUser('web:passing-by')).toBeUndefined();
    expect(await server.store.getUser('web:in-a-flow')).toBeDefined();
    await sweep(server.store, new Date(Date.now() + 366 * DAY), retention);
    expect(await server.store.getUser('web:in-a-flow')).toBeUndefined();
  });
});

describe('unanswered questions in the statistics', () => {
  it('count a question once per person, so one sender cannot push it up the list', async () => {
    const flooder = citizen(server.url, 'flooder');
    for (let i = 0; i < 20; i++) await flooder.say('hôm nay ăn gì cho ngon vậy');
    await citizen(server.url, 'someone-else').say('hôm nay ăn gì cho ngon vậy');
    const stats = await (await admin('GET', '/admin/api/stats')).json();
    expect(stats.unanswered.find((u: { text: string }) => u.text === 'hôm nay ăn gì cho ngon vậy')?.count).toBe(2);
  });

  it('keep a bounded list (UNANSWERED_KEEP, default 2,000): the most asked stay, the long tail of one-off texts goes', async () => {
    const at = new Date().toISOString();
    const asked = (uid: string, text: string) =>
      server.stats.appended([{ type: 'kb_unmatched', at, uid, channel: 'web', text }]);
    for (let p = 0; p < 10; p++) asked(`asker-${p}`, 'hỏi về con trâu nhà bên');
    for (let i = 0; i < 6000; i++) asked(`once-${i}`, `câu hỏi lạ thứ ${i} về chuyện khác`);
    expect(server.stats.unanswered.size).toBeLessThanOrEqual(4000);
    const stats = await (await admin('GET', '/admin/api/stats')).json();
    expect(stats.unanswered[0]).toEqual({ text: 'hỏi về con trâu nhà bên', count: 10 });
  });
});
