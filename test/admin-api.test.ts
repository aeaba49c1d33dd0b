import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allText, citizen, startTestServer } from './helpers/server.js';

const ADMIN = 'admin-token-0123456789abcdef';
const TEAM = 'team-viet-hung-0123456789';
let server: Awaited<ReturnType<typeof startTestServer>>;

beforeAll(async () => {
  server = await startTestServer(undefined, { ADMIN_TOKEN: ADMIN, TEAM_TOKENS: `${TEAM}:viet-hung` });
  // Two citizens finish the QR flow: one tells us she lives in Việt Hưng, the other skips.
  for (const [id, area] of [
    ['citizen-a', 'phuong viet hung'],
    ['citizen-b', 'bỏ qua'],
  ] as const) {
    const c = citizen(server.url, id);
    let reply = await c.say('hướng dẫn thanh toán qr');
    while (!reply.match.completed) reply = await c.say('1');
    expect(allText(reply)).toContain('xã hoặc phường nào');
    await c.say(area);
  }
  await citizen(server.url, 'citizen-c').say('thủ tục ly hôn cần gì');
});
afterAll(async () => {
  await server.cleanup();
});

const get = (path: string, token?: string) =>
  fetch(server.url + path, token ? { headers: { authorization: `Bearer ${token}` } } : {});

describe('GET /admin/api/areas', () => {
  it("lists every channel for the page's filter, from the channel registry, and the filter refuses others", async () => {
    const { channels } = await (await get('/admin/api/areas', TEAM)).json();
    expect(channels).toEqual([
      { id: 'web', label: 'Trang web' },
      { id: 'zalo', label: 'Zalo' },
      { id: 'telegram', label: 'Telegram' },
    ]);
    expect((await get('/admin/api/stats?channel=telegram', ADMIN)).status).toBe(200);
    expect((await get('/admin/api/stats?channel=fax', ADMIN)).status).toBe(400);
  });
});

describe('GET /admin/api/stats', () => {
  it('answers 401 without a valid token', async () => {
    expect((await get('/admin/api/stats')).status).toBe(401);
    expect((await get('/admin/api/stats', 'wrong-token-0000000000')).status).toBe(401);
  });

  it('gives an admin every figure', async () => {
    const res = await get('/admin/api/stats', ADMIN);
    expect(res.status).toBe(200);
    const stats = await res.json();
    const qr = stats.flows.find((f: { id: string }) => f.id === 'qr-payment');
    expect(qr).toMatchObject({ started: 2, completed: 2, completionRate: 1 });
    expect(qr.funnel[0]).toEqual({ step: 'prepare', title: 'Chuẩn bị', reached: 2 });
    expect(stats.areas.find((a: { id: string }) => a.id === 'viet-hung')).toMatchObject({ started: 1, completed: 1 });
    expect(stats.unanswered).toEqual([{ text: 'thủ tục ly hôn cần gì', count: 1 }]);
  });

  it('shows a team only its own areas, and 403 outside them', async () => {
    const stats = await (await get('/admin/api/stats', TEAM)).json();
    expect(stats.filter.areas).toEqual(['viet-hung']);
    expect(stats.areas.map((a: { id: string }) => a.id)).toEqual(['viet-hung']);
    expect(stats.flows.find((f: { id: string }) => f.id === 'qr-payment').started).toBe(1);
    expect((await get('/admin/api/stats?area=ha-tu', TEAM)).status).toBe(403);
    expect((await get('/admin/api/stats?area=viet-hung', TEAM)).status).toBe(200);
  });

  it('refuses bad filters naming the field', async () => {
    const res = await get('/admin/api/stats?from=yesterday', ADMIN);
    expect(res.status).toBe(400);
    expect((await res.json()).error).toMatch(/^from/);
    expect((await (await get('/admin/api/stats?area=nowhere', ADMIN)).json()).error).toMatch(/^area/);
  });

  it('exports CSV with a BOM', async () => {
    const res = await get('/admin/api/stats.csv', ADMIN);
    expect(res.headers.get('content-type')).toContain('text/csv');
    const bytes = new Uint8Array(await res.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(new TextDecoder().decode(bytes)).toContain('qr-payment,2,2,1');
  });

  it('holds no name, phone or ID number, and no channel user id', async () => {
    const body = await (await get('/admin/api/stats', ADMIN)).text();
    for (const id of ['citizen-a', 'citizen-b', 'citizen-c', 'web:']) expect(body).not.toContain(id);
  });

  it('slows down repeated failures with 429', async () => {
    const statuses = [];
    for (let i = 0; i < 12; i++) statuses.push((await get('/admin/api/stats', `guess-${i}-0000000000000`)).status);
    expect(statuses).toContain(429);
  });
});

describe('the area question', () => {
  it('is asked once after a first completed flow, and can be changed with "đổi khu vực"', async () => {
    const c = citizen(server.url, 'citizen-d');
    let reply = await c.say('hướng dẫn thanh toán qr');
    while (!reply.match.completed) reply = await c.say('1');
    expect(allText(reply)).toContain('xã hoặc phường nào');
    const set = await c.say('hà tu');
    expect(allText(set)).toContain('Phường Hà Tu');
    expect((await server.store.getUser('web:citizen-d'))?.area).toBe('ha-tu');

    reply = await c.say('hướng dẫn thanh toán qr');
    while (!reply.match.completed) reply = await c.say('1');
    expect(allText(reply)).not.toContain('xã hoặc phường nào');

    await c.say('đổi khu vực');
    await c.say('Việt Hưng');
    expect((await server.store.getUser('web:citizen-d'))?.area).toBe('viet-hung');
  });
});

describe('statistics across a restart', () => {
  it('are the same after a graceful restart (saved index plus newer events) as rebuilt from the log', async () => {
    const { rmSync } = await import('node:fs');
    const { join } = await import('node:path');
    const first = await startTestServer(undefined, { ADMIN_TOKEN: ADMIN });
    const walk = async (url: string, id: string) => {
      const c = citizen(url, id);
      let reply = await c.say('hướng dẫn thanh toán qr');
      while (!reply.match.completed) reply = await c.say('1');
    };
    await walk(first.url, 'r-1');
    await citizen(first.url, 'r-2').say('hướng dẫn kích hoạt vneid mức 2');
    await first.stop();

    const second = await startTestServer(first.dataDir, { ADMIN_TOKEN: ADMIN });
    await walk(second.url, 'r-3');
    const stats = async (url: string) => {
      const body = await (
        await fetch(`${url}/admin/api/stats`, { headers: { authorization: `Bearer ${ADMIN}` } })
      ).json();
      return { flows: body.flows, weeks: body.weeks, totals: body.totals };
    };
    const resumed = await stats(second.url);
    await second.stop();
    expect(resumed.totals).toMatchObject({ started: 3, completed: 2 });

    rmSync(join(first.dataDir, 'stats-index.json'));
    const rebuilt = await startTestServer(first.dataDir, { ADMIN_TOKEN: ADMIN });
    expect(await stats(rebuilt.url)).toEqual(resumed);
    await rebuilt.cleanup();
  });
});
