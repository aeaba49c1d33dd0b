import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { zaloMac } from '../src/channels/zalo/signature.js';
import { createLogger } from '../src/lib/log.js';
import { startServer, type RunningServer } from '../src/server.js';
import { fakeZalo } from './helpers/fake-zalo.js';
import { citizen, tempDataDir } from './helpers/server.js';

const ADMIN = 'admin-token-composer-0123';
const TEAM = 'team-token-composer-0123';
const APP_ID = '4306134286741826981';
const OA_SECRET = 'oa-secret-key-for-composer';
let zalo: Awaited<ReturnType<typeof fakeZalo>>;
let server: RunningServer;
const dataDir = tempDataDir();

async function zaloSays(user: string, text: string, n: number) {
  const raw = JSON.stringify({
    app_id: APP_ID,
    event_name: 'user_send_text',
    sender: { id: user },
    recipient: { id: '1' },
    message: { msg_id: `m-${user}-${n}`, text },
    timestamp: String(Date.now()),
  });
  const mac = `mac=${zaloMac(APP_ID, raw, JSON.parse(raw).timestamp, OA_SECRET)}`;
  const res = await fetch(`${server.url}/webhooks/zalo`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-zevent-signature': mac },
    body: raw,
  });
  expect(res.status).toBe(200);
  await server.zalo!.idle();
}

beforeAll(async () => {
  zalo = await fakeZalo();
  server = await startServer(
    {
      PORT: 0,
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      CONTENT_DIR: process.cwd(),
      RATE_LIMIT_PER_MINUTE: 0,
      ADMIN_TOKEN: ADMIN,
      TEAM_TOKENS: `${TEAM}:viet-hung`,
      QUIET_HOURS: '',
      REMINDER_TICK_SECONDS: 59,
    },
    createLogger({ level: 'silent' }),
    {
      ZALO_APP_ID: APP_ID,
      ZALO_APP_SECRET: 'app-secret',
      ZALO_OA_SECRET_KEY: OA_SECRET,
      ZALO_ACCESS_TOKEN: 'access-0',
      ZALO_REFRESH_TOKEN: 'refresh-0',
      ZALO_API_BASE: zalo.url,
      ZALO_OAUTH_BASE: zalo.url,
    },
  );
  // Việt Hưng: three web citizens (one has turned reminders off), two Zalo followers (one silent
  // for three days, outside Zalo's 48-hour window). Hà Tu: one web citizen.
  for (const [id, area] of [
    ['vh-1', 'Việt Hưng'],
    ['vh-2', 'Việt Hưng'],
    ['vh-off', 'Việt Hưng'],
    ['ht-1', 'Hà Tu'],
  ]) {
    const c = citizen(server.url, id);
    await c.say('đổi khu vực');
    await c.say(area!);
  }
  await citizen(server.url, 'vh-off').say('dừng nhắc');
  let n = 0;
  for (const user of ['7001', '7002']) {
    await zaloSays(user, 'đổi khu vực', ++n);
    await zaloSays(user, 'Việt Hưng', ++n);
  }
  // Three days pass without a word from 7002 (the server's clock cannot be moved from outside).
  const silent = (await server.store.getUser('zalo:7002'))!;
  server.store.putUser({ ...silent, lastSeenAt: new Date(Date.now() - 3 * 24 * 3_600_000).toISOString() });
}, 30_000);
afterAll(async () => {
  await server.stop();
  await zalo.close();
  rmSync(dataDir, { recursive: true, force: true });
});

const call = (method: string, path: string, token: string | undefined, body?: unknown) =>
  fetch(server.url + path, {
    method,
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });

describe('POST /admin/api/broadcasts/preview', () => {
  it('tells a team how many of its area a broadcast reaches now, and who is skipped and why', async () => {
    expect((await server.store.getUser('zalo:7001'))?.area).toBe('viet-hung');
    const res = await call('POST', '/admin/api/broadcasts/preview', TEAM, { audience: { area: 'viet-hung' } });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({
      total: 5,
      recipients: 3,
      skipped: { optedOut: 1, outsideWindow: 1, inactive: 0, unreachable: 0, channelOff: 0 },
    });
  });

  it('counts every area for an admin, and narrows by flow and status', async () => {
    const all = await (await call('POST', '/admin/api/broadcasts/preview', ADMIN, { audience: {} })).json();
    expect(all).toMatchObject({ total: 6, recipients: 4, skipped: { optedOut: 1, outsideWindow: 1 } });
    const notStarted = await (
      await call('POST', '/admin/api/broadcasts/preview', ADMIN, {
        audience: { flow: 'qr-payment', status: 'not-started' },
      })
    ).json();
    expect(notStarted.total).toBe(6);
    const completed = await (
      await call('POST', '/admin/api/broadcasts/preview', ADMIN, {
        audience: { flow: 'qr-payment', status: 'completed' },
      })
    ).json();
    expect(completed).toMatchObject({ total: 0, recipients: 0 });
  });

  it('answers 403 to a team outside its areas, and 401 without a token', async () => {
    const outside = await call('POST', '/admin/api/broadcasts/preview', TEAM, { audience: { area: 'ha-tu' } });
    expect(outside.status).toBe(403);
    expect((await outside.json()).error).toMatch(/^audience\.area: /);
    expect((await call('POST', '/admin/api/broadcasts/preview', TEAM, { audience: {} })).status).toBe(403);
    expect((await call('POST', '/admin/api/broadcasts/preview', undefined, { audience: {} })).status).toBe(401);
  });

  it('agrees with what is then sent', async () => {
    const preview = await (
      await call('POST', '/admin/api/broadcasts/preview', TEAM, { audience: { area: 'viet-hung' } })
    ).json();
    const earlier = zalo.sends().length;
    const { id } = await (
      await call('POST', '/admin/api/broadcasts', TEAM, {
        text: 'Họp thôn tối thứ Bảy.',
        audience: { area: 'viet-hung' },
      })
    ).json();
    await server.reminders.tick();
    await server.reminders.tick();
    const counts = await (await call('GET', `/admin/api/broadcasts/${id}`, TEAM)).json();
    expect(counts).toMatchObject({
      status: 'done',
      total: preview.total,
      sent: preview.recipients,
      skipped: preview.skipped.optedOut + preview.skipped.outsideWindow,
    });
    expect(
      zalo
        .sends()
        .slice(earlier)
        .map((s) => s.recipient.user_id),
    ).toEqual(['7001']);
  });
});

describe('broadcast validation messages', () => {
  it.each([
    ['an empty text', { text: ' ' }, 'text: không được để trống'],
    ['a text that is a number', { text: 5 }, 'text: phải là văn bản'],
    ['no text at all', { audience: {} }, 'text: bắt buộc phải có'],
    ['a text over 2,000 characters', { text: 'a'.repeat(2001) }, 'text: dài tối đa 2000 ký tự'],
    ['a time that is not a time', { text: 'x', at: 'sáng mai' }, 'at: phải là thời điểm dạng ISO'],
    ['a time in the past', { text: 'x', at: '2020-01-01T08:00:00+07:00' }, 'at: không được là thời điểm đã qua'],
    ['a bad cron expression', { text: 'x', cron: '0 25 * * *' }, 'cron: không phải biểu thức cron hợp lệ'],
    ['both at and cron', { text: 'x', at: '2099-01-01T08:00:00+07:00', cron: '0 8 * * 1' }, 'cron: chỉ chọn một'],
    ['an unknown area', { text: 'x', audience: { area: 'atlantis' } }, 'audience.area: không có khu vực này'],
    ['an unknown flow', { text: 'x', audience: { flow: 'passport' } }, 'audience.flow: không có hướng dẫn này'],
    [
      'an unknown status',
      { text: 'x', audience: { status: 'done' } },
      'audience.status: phải là một trong: "not-started", "in-progress", "completed"',
    ],
    ['an unknown field', { text: 'x', when: 'now' }, 'body: không nhận trường when'],
    ['an unknown audience field', { text: 'x', audience: { village: 'a' } }, 'audience: không nhận trường village'],
    [
      'a button without a title',
      { text: 'x', buttons: [{ payload: 'cmd:menu' }] },
      'buttons.0.title: bắt buộc phải có',
    ],
  ])('answers 400 in Vietnamese naming the field for %s', async (_name, body, message) => {
    const res = await call('POST', '/admin/api/broadcasts', ADMIN, body);
    expect(res.status).toBe(400);
    expect((await res.json()).error).toContain(message);
  });

  it('names the field in Vietnamese in the preview too, and creates nothing on bad input', async () => {
    const before = (await (await call('GET', '/admin/api/broadcasts', ADMIN)).json()).broadcasts.length;
    const res = await call('POST', '/admin/api/broadcasts/preview', ADMIN, { audience: { status: 'sometime' } });
    expect(res.status).toBe(400);
    expect((await res.json()).error).toMatch(/^audience\.status: phải là một trong/);
    expect((await call('POST', '/admin/api/broadcasts', ADMIN, { text: '' })).status).toBe(400);
    expect((await (await call('GET', '/admin/api/broadcasts', ADMIN)).json()).broadcasts.length).toBe(before);
  });

  it('says in Vietnamese when a broadcast does not exist or belongs to another area', async () => {
    expect((await (await call('GET', '/admin/api/broadcasts/nope', TEAM)).json()).error).toBe(
      'id: không có tin nhắc này',
    );
    const { id } = await (
      await call('POST', '/admin/api/broadcasts', ADMIN, {
        text: 'Hà Tu',
        audience: { area: 'ha-tu' },
        at: '2099-01-01T08:00:00+07:00',
      })
    ).json();
    const res = await call('DELETE', `/admin/api/broadcasts/${id}`, TEAM);
    expect(res.status).toBe(403);
    expect((await res.json()).error).toBe('id: tin nhắc này thuộc khu vực khác');
  });
});
