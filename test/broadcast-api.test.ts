import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { citizen, startTestServer } from './helpers/server.js';

const ADMIN = 'admin-token-broadcasts-0123';
const TEAM = 'team-token-broadcasts-0123';
let server: Awaited<ReturnType<typeof startTestServer>>;

beforeAll(async () => {
  server = await startTestServer(undefined, {
    ADMIN_TOKEN: ADMIN,
    TEAM_TOKENS: `${TEAM}:viet-hung`,
    QUIET_HOURS: '',
    REMINDER_TICK_SECONDS: 59,
  });
  for (const id of ['vh-1', 'vh-2']) {
    const c = citizen(server.url, id);
    let reply = await c.say('hướng dẫn thanh toán qr');
    while (!reply.match.completed) reply = await c.say('1');
    await c.say('Việt Hưng');
  }
  await citizen(server.url, 'other').say('xin chào');
});
afterAll(async () => {
  await server.cleanup();
});

const call = (method: string, path: string, token: string | undefined, body?: unknown) =>
  fetch(server.url + path, {
    method,
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });

describe('POST /admin/api/broadcasts', () => {
  it.each([
    ['empty text', { text: '  ', audience: {} }, 'text'],
    ['text over 2,000 characters', { text: 'a'.repeat(2001) }, 'text'],
    ['a bad cron expression', { text: 'x', cron: '61 * * * *' }, 'cron'],
    ['a time in the past', { text: 'x', at: '2020-01-01T00:00:00Z' }, 'at'],
    ['an unknown area', { text: 'x', audience: { area: 'atlantis' } }, 'audience.area'],
    ['an unknown flow', { text: 'x', audience: { flow: 'passport' } }, 'audience.flow'],
    ['both at and cron', { text: 'x', at: '2099-01-01T00:00:00Z', cron: '0 8 * * *' }, 'cron'],
  ])('refuses %s with 400 naming the field', async (_name, body, field) => {
    const res = await call('POST', '/admin/api/broadcasts', ADMIN, body);
    expect(res.status).toBe(400);
    expect((await res.json()).error).toMatch(new RegExp(`^${field.replace('.', '\\.')}`));
  });

  it('needs a token, and keeps a team to its own areas', async () => {
    expect((await call('POST', '/admin/api/broadcasts', undefined, { text: 'x' })).status).toBe(401);
    expect((await call('POST', '/admin/api/broadcasts', TEAM, { text: 'x', audience: { area: 'ha-tu' } })).status).toBe(
      403,
    );
    expect((await call('POST', '/admin/api/broadcasts', TEAM, { text: 'x', audience: {} })).status).toBe(403);
  });

  it('delivers a team broadcast to the web users of its area, visible in their message feed', async () => {
    const res = await call('POST', '/admin/api/broadcasts', TEAM, {
      text: 'Tổ công nghệ số thôn Việt Hưng hỗ trợ cài VNeID tại nhà văn hóa, 8 giờ sáng Chủ nhật.',
      buttons: [{ title: 'Hướng dẫn VNeID', payload: 'flow:vneid-level2' }],
      audience: { area: 'viet-hung' },
    });
    expect(res.status).toBe(201);
    const { id } = await res.json();
    expect((await (await call('GET', `/admin/api/broadcasts/${id}`, TEAM)).json()).status).toBe('scheduled');

    await server.reminders.tick();
    await server.reminders.tick();
    const status = await (await call('GET', `/admin/api/broadcasts/${id}`, ADMIN)).json();
    expect(status).toMatchObject({ status: 'done', total: 2, sent: 2, failed: 0, skipped: 0, unknown: 0 });

    const feed = await (await fetch(`${server.url}/api/chat/messages?userId=vh-1`)).json();
    expect(feed.messages.map((m: { text: string }) => m.text)).toEqual([
      'Tổ công nghệ số thôn Việt Hưng hỗ trợ cài VNeID tại nhà văn hóa, 8 giờ sáng Chủ nhật.',
    ]);
    expect(feed.messages[0].buttons).toEqual([{ title: 'Hướng dẫn VNeID', payload: 'flow:vneid-level2' }]);
    // the web page shows who sent it
    expect(feed.messages[0].from).toBe('Tổ công nghệ số cộng đồng');
    const other = await (await fetch(`${server.url}/api/chat/messages?userId=other`)).json();
    expect(other.messages).toEqual([]);
    // the list shows it to the team; the stats count the sends
    const list = await (await call('GET', '/admin/api/broadcasts', TEAM)).json();
    expect(list.broadcasts.map((b: { id: string }) => b.id)).toContain(id);
    const stats = await (await call('GET', '/admin/api/stats', ADMIN)).json();
    expect(stats.reminders.sent).toBe(2);
  });

  it('cancels a scheduled broadcast with DELETE', async () => {
    const { id } = await (
      await call('POST', '/admin/api/broadcasts', ADMIN, { text: 'sau', at: '2099-01-01T01:00:00Z' })
    ).json();
    const res = await call('DELETE', `/admin/api/broadcasts/${id}`, ADMIN);
    expect(await res.json()).toEqual({ id, status: 'cancelled' });
    expect((await (await call('GET', `/admin/api/broadcasts/${id}`, ADMIN)).json()).status).toBe('cancelled');
    expect((await call('GET', '/admin/api/broadcasts/nope', ADMIN)).status).toBe(404);
  });
});
