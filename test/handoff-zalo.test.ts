import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { zaloMac } from '../src/channels/zalo/signature.js';
import { createLogger } from '../src/lib/log.js';
import { startServer } from '../src/server.js';
import { fakeZalo, zaloSettings } from './helpers/fake-zalo.js';
import { tempDataDir } from './helpers/server.js';

const APP_ID = '4306134286741826981';
const OA_SECRET = 'oa-secret-key-for-tests';
const CITIZEN = '8630146183648215642';
const ADMIN = 'admin-token-handoff-zalo-0123';
/** The outbox delivers at once, but a channel's per-chat pace (Telegram: 1 a second) may hold a second message. */
const DELIVERED = { timeout: 10_000 };
const HOUR = 3_600_000;
let zalo: Awaited<ReturnType<typeof fakeZalo>>;
let server: Awaited<ReturnType<typeof startServer>>;

beforeAll(async () => {
  zalo = await fakeZalo();
  const env = {
    ...zaloSettings(zalo.url, APP_ID, OA_SECRET),
  };
  server = await startServer(
    {
      PORT: 0,
      HOST: '127.0.0.1',
      DATA_DIR: tempDataDir(),
      CONTENT_DIR: process.cwd(),
      RATE_LIMIT_PER_MINUTE: 0,
      ADMIN_TOKEN: ADMIN,
      AREAS_FILE: 'test/fixtures/areas-handoff.yaml',
    },
    createLogger({ level: 'silent' }),
    env,
  );
});
afterAll(async () => {
  vi.useRealTimers();
  await server.stop();
  await zalo.close();
});

async function say(text: string) {
  const event = {
    app_id: APP_ID,
    event_name: 'user_send_text',
    sender: { id: CITIZEN },
    recipient: { id: '579745863508352884' },
    message: { msg_id: `m-${Math.random()}`, text },
    timestamp: String(Date.now()),
  };
  const raw = JSON.stringify(event);
  const res = await fetch(`${server.url}/webhooks/zalo`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'x-zevent-signature': `mac=${zaloMac(APP_ID, raw, event.timestamp, OA_SECRET)}`,
    },
    body: raw,
  });
  expect(res.status).toBe(200);
  await server.zalo!.idle();
}

const admin = async (method: string, path: string, body?: unknown) => {
  const res = await fetch(server.url + path, {
    method,
    headers: { authorization: `Bearer ${ADMIN}`, 'content-type': 'application/json' },
    ...(body ? { body: JSON.stringify(body) } : {}),
  });
  return { status: res.status, body: await res.json() };
};
const sentTexts = () => zalo.sends().map((s) => s.message.text as string);

describe('a handoff case of a Zalo citizen', () => {
  it('delivers the team’s replies through the OA API while the 48-hour window is open, and refuses once it closed', async () => {
    await say('gặp người thật');
    expect(sentTexts().join('\n')).toContain('Tôi đã chuyển yêu cầu của ông/bà');
    await say('tôi không nhận được mã kích hoạt');
    expect(sentTexts().at(-1)).toContain('Tổ hỗ trợ đã nhận tin');
    const [c] = (await admin('GET', '/admin/api/handoffs')).body.handoffs;
    expect(c).toMatchObject({ channel: 'zalo', area: null, canReply: true });
    expect(JSON.stringify(c)).not.toContain(CITIZEN);
    const lastSeen = Date.now();
    expect(Date.parse(c.replyableUntil) - lastSeen).toBeGreaterThan(47.9 * HOUR);

    expect(
      (
        await admin('POST', `/admin/api/handoffs/${c.id}/replies`, {
          text: 'Bạn kiểm tra lại số điện thoại đã đăng ký nhé.',
        })
      ).status,
    ).toBe(201);
    await expect
      .poll(sentTexts, DELIVERED)
      .toContain('Cán bộ hỗ trợ trả lời:\nBạn kiểm tra lại số điện thoại đã đăng ký nhé.');
    expect(zalo.sends().at(-1)!.recipient.user_id).toBe(CITIZEN);

    // The team keeps answering every day; the citizen has not written for more than 48 hours.
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(lastSeen + 23 * HOUR);
    expect(
      (await admin('POST', `/admin/api/handoffs/${c.id}/replies`, { text: 'Bạn còn cần giúp không?' })).status,
    ).toBe(201);
    await expect.poll(sentTexts, DELIVERED).toContain('Cán bộ hỗ trợ trả lời:\nBạn còn cần giúp không?');
    vi.setSystemTime(lastSeen + 47 * HOUR);
    expect((await admin('POST', `/admin/api/handoffs/${c.id}/replies`, { text: 'Tổ vẫn ở đây.' })).status).toBe(201);
    await expect.poll(sentTexts, DELIVERED).toContain('Cán bộ hỗ trợ trả lời:\nTổ vẫn ở đây.');

    vi.setSystemTime(lastSeen + 49 * HOUR);
    const sends = zalo.sends().length;
    const view = (await admin('GET', '/admin/api/handoffs')).body.handoffs[0];
    expect(view).toMatchObject({ id: c.id, status: 'open', canReply: false });
    expect(view.cannotReply).toContain('quá 48 giờ');
    const refused = await admin('POST', `/admin/api/handoffs/${c.id}/replies`, { text: 'Alo?' });
    expect(refused.status).toBe(409);
    expect(refused.body.error).toContain('Zalo không cho gửi tin tư vấn nữa');
    expect(zalo.sends().length).toBe(sends);
    expect(
      (await admin('GET', '/admin/api/handoffs')).body.handoffs[0].messages.filter(
        (m: { from: string }) => m.from === 'team',
      ),
    ).toHaveLength(3);

    // Once the citizen writes again, the team can answer again.
    await say('tôi đây');
    expect((await admin('POST', `/admin/api/handoffs/${c.id}/replies`, { text: 'Chào bạn.' })).status).toBe(201);
    vi.useRealTimers();
  });
});
