import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { zaloMac } from '../src/channels/zalo/signature.js';
import type { Config } from '../src/config.js';
import { createLogger } from '../src/lib/log.js';
import { startServer } from '../src/server.js';
import { fakeZalo, zaloSettings } from './helpers/fake-zalo.js';
import { everythingUnder } from './helpers/files.js';
import { tempDataDir } from './helpers/server.js';
import type { FileStore } from '../src/store/file-store.js';
import { all } from './helpers/store.js';

const APP_ID = '4306134286741826981';
const OA_SECRET = 'oa-secret-key-for-tests';
const BIG_USER = '8630146183648215642'; // above 2^53: must stay a string
let zalo: Awaited<ReturnType<typeof fakeZalo>>;

beforeAll(async () => {
  zalo = await fakeZalo();
});
afterAll(async () => {
  await zalo.close();
});

const env = (extra: Record<string, string> = {}) => ({
  ...zaloSettings(zalo.url, APP_ID, OA_SECRET),
  ...extra,
});

async function bot(dataDir = tempDataDir(), overrides: Partial<Config> = {}) {
  const running = await startServer(
    {
      PORT: 0,
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      CONTENT_DIR: process.cwd(),
      RATE_LIMIT_PER_MINUTE: 0,
      ...overrides,
    },
    createLogger({ level: 'silent' }),
    env(),
  );
  return Object.assign(running, { dataDir });
}
let server: Awaited<ReturnType<typeof bot>>;
const running: { stop(): Promise<void> }[] = [];
afterEach(async () => {
  for (const r of running.splice(0)) await r.stop();
  zalo.requests.length = 0;
  zalo.sendAnswers.length = 0;
});

/** The process dies: files closed with nothing more written, requests and timers stopped, never stopped gracefully. */
async function crash(dead: typeof server) {
  await (dead.store as FileStore).release();
  dead.server.closeAllConnections();
  dead.server.close();
  await dead.reminders.stop();
  running.splice(running.indexOf(dead), 1);
}

let msgCounter = 0;
function textEvent(text: string, user = BIG_USER, msgId = `msg-${++msgCounter}`) {
  return {
    app_id: APP_ID,
    user_id_by_app: '552177279717587730',
    event_name: 'user_send_text',
    sender: { id: user },
    recipient: { id: '579745863508352884' },
    message: { msg_id: msgId, text },
    timestamp: String(Date.now()),
  };
}

/** Posts an event with a correct signature (or the one given) and waits until the bot has answered. */
async function deliver(event: Record<string, unknown>, signature?: string) {
  // Keep big ids as written: build the raw body by hand, as Zalo would.
  const raw = JSON.stringify(event);
  const mac = signature ?? `mac=${zaloMac(APP_ID, raw, String(event.timestamp), OA_SECRET)}`;
  const started = performance.now();
  const res = await fetch(`${server.url}/webhooks/zalo`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-zevent-signature': mac },
    body: raw,
  });
  const ackMs = performance.now() - started;
  await server.zalo!.idle();
  return { status: res.status, ackMs };
}

async function start() {
  server = await bot();
  running.push(server);
}

describe('the Zalo webhook', () => {
  it('answers a signed text message through the OA API, options numbered and as buttons', async () => {
    await start();
    const { status } = await deliver(textEvent('hướng dẫn kích hoạt vneid mức 2'));
    expect(status).toBe(200);
    const sends = zalo.sends();
    expect(sends.length).toBeGreaterThan(1);
    expect(sends.every((s) => s.token === 'access-0' && s.recipient.user_id === BIG_USER)).toBe(true);
    const withButtons = sends.find((s) => s.message.attachment)!;
    expect(withButtons.message.text).toMatch(/\n1\. Đã chuẩn bị đủ\n2\. /);
    expect(withButtons.message.attachment.payload.buttons[0]).toEqual({
      title: 'Đã chuẩn bị đủ',
      type: 'oa.query.hide',
      payload: 's:prepare:1',
    });
    // a tapped button comes back as text holding the payload
    zalo.requests.length = 0;
    await deliver(textEvent('s:prepare:1'));
    expect(zalo.sends()[0]!.message.text).toContain('Bước 2/9');
    expect((await server.store.getUser(`zalo:${BIG_USER}`))?.session?.stepId).toBe('go-police');
  });

  it('keeps ids above 2^53 exactly, as strings', async () => {
    await start();
    await deliver(textEvent('menu', '9007199254740993123'));
    expect(zalo.sends()[0]!.recipient.user_id).toBe('9007199254740993123');
    expect(await server.store.getUser('zalo:9007199254740993123')).toBeDefined();
  });

  it('welcomes a new follower with the menu and a line on what is stored', async () => {
    await start();
    await deliver({
      oa_id: '579745863508352884',
      follower: { id: '1234567890123456789' },
      event_name: 'follow',
      source: 'oa_profile',
      app_id: APP_ID,
      timestamp: String(Date.now()),
    });
    const texts = zalo
      .sends()
      .map((s) => s.message.text)
      .join('\n');
    expect(texts).toContain('Tôi chỉ lưu');
    expect(texts).toContain('Kích hoạt VNeID mức 2');
  });

  it('answers a photo politely, saying it reads text, with the menu', async () => {
    await start();
    await deliver({
      app_id: APP_ID,
      event_name: 'user_send_image',
      sender: { id: BIG_USER },
      recipient: { id: '1' },
      message: { msg_id: 'img-1', attachments: [{ type: 'image', payload: { url: 'https://x/y.jpg' } }] },
      timestamp: String(Date.now()),
    });
    expect(
      zalo
        .sends()
        .map((s) => s.message.text)
        .join(),
    ).toContain('chỉ đọc được tin nhắn chữ');
  });

  it('refuses a bad or missing signature and changes nothing', async () => {
    await start();
    const bad = await deliver(textEvent('xin chào', '111'), `mac=${'0'.repeat(64)}`);
    const missing = await deliver(textEvent('xin chào', '111'), '');
    expect([bad.status, missing.status]).toEqual([401, 401]);
    expect(zalo.sends()).toHaveLength(0);
    expect(await server.store.getUser('zalo:111')).toBeUndefined();
  });

  it('handles a redelivered message once, across a restart too', async () => {
    await start();
    const event = textEvent('menu', '222', 'dup-1');
    await deliver(event);
    await deliver(event);
    expect(zalo.sends()).toHaveLength(2); // welcome + menu, once
    await server.stop();
    running.length = 0;
    server = await bot(server.dataDir);
    running.push(server);
    await deliver(event);
    expect(zalo.sends()).toHaveLength(2);
  });

  it('acknowledges fast and marks unfollowers inactive', async () => {
    await start();
    await deliver(textEvent('menu', '333'));
    const { ackMs } = await deliver({
      oa_id: '1',
      follower: { id: '333' },
      event_name: 'unfollow',
      app_id: APP_ID,
      timestamp: String(Date.now()),
    });
    expect(ackMs).toBeLessThan(2000);
    expect((await server.store.getUser('zalo:333'))!.active).toBe(false);
  });

  it('erases a person on user_withdraw', async () => {
    await start();
    await deliver(textEvent('hướng dẫn thanh toán qr', '444'));
    await deliver({
      app_id: APP_ID,
      event_name: 'user_withdraw',
      sender: { id: '444' },
      timestamp: String(Date.now()),
    });
    expect(await server.store.getUser('zalo:444')).toBeUndefined();
  });
});

describe('a crash after acknowledging', () => {
  it('handles, after a restart, a delivery that was acknowledged but not yet answered', async () => {
    await start();
    zalo.control.hang = true;
    const raw = JSON.stringify(textEvent('menu', '999'));
    const ack = await fetch(`${server.url}/webhooks/zalo`, {
      method: 'POST',
      headers: { 'x-zevent-signature': `mac=${zaloMac(APP_ID, raw, JSON.parse(raw).timestamp, OA_SECRET)}` },
      body: raw,
    });
    expect(ack.status).toBe(200);
    // The process "dies" here: its answer never got out. A new process opens the same DATA_DIR.
    await crash(server);
    zalo.control.hang = false;
    zalo.requests.length = 0;
    const second = await bot(server.dataDir);
    running.push(second);
    await second.zalo!.idle();
    expect(
      zalo
        .sends()
        .some((s) => s.recipient.user_id === '999' && String(s.message.text).includes('Ông/Bà muốn làm việc nào')),
    ).toBe(true);
  });
});

describe('sending through the OA API', () => {
  it('refreshes an expired token once, retries once, and keeps the rotated refresh token across a restart', async () => {
    await start();
    zalo.sendAnswers.push({ error: -216, message: 'Access token is invalid' });
    await deliver(textEvent('cảm ơn', '555'));
    const refresh = zalo.refreshRequests();
    expect(refresh).toHaveLength(1);
    expect(refresh[0]!.headers.secret_key).toBe('app-secret');
    expect(new URLSearchParams(refresh[0]!.body).get('refresh_token')).toBe('refresh-0');
    expect(new URLSearchParams(refresh[0]!.body).get('grant_type')).toBe('refresh_token');
    const tokens = zalo.sends().map((s) => s.token);
    expect(tokens[0]).toBe('access-0');
    expect(tokens.slice(1).every((t) => t === 'access-1')).toBe(true);

    // After a restart the stored pair wins over the stale one in the environment.
    await server.stop();
    running.length = 0;
    zalo.requests.length = 0;
    server = await bot(server.dataDir);
    running.push(server);
    zalo.sendAnswers.push({ error: -220, message: 'Access token has expired' });
    await deliver(textEvent('cảm ơn', '555'));
    expect(new URLSearchParams(zalo.refreshRequests()[0]!.body).get('refresh_token')).toBe('refresh-1');
    expect(zalo.sends()[0]!.token).toBe('access-1');
  });

  it('does not retry a message outside the window (-230) and marks the person unreachable', async () => {
    await start();
    zalo.sendAnswers.push({ error: -230, message: 'User has not interacted with the OA in the last 7 days' });
    await deliver(textEvent('menu', '666'));
    expect(zalo.sends()).toHaveLength(1);
    expect((await server.store.getUser('zalo:666'))!.unreachable).toContain('zalo-window');
  });

  it('keeps a reply Zalo asks us to hold back (rate limit) in the outbox instead of losing it', async () => {
    await start();
    zalo.sendAnswers.push({ error: -32, message: 'Request rate limit exceeded' });
    await deliver(textEvent('menu', '667'));
    expect(zalo.sends()).toHaveLength(1);
    const held = (await all(server.store.outbox())).filter((r) => r.userKey === 'zalo:667');
    expect(held.length).toBeGreaterThan(0);
    for (const row of held) expect(row).toMatchObject({ kind: 'reply', channel: 'zalo', status: 'pending' });
    expect(Date.parse(held[0]!.notBefore) - Date.now()).toBeGreaterThan(50_000);
    expect(held.at(-1)!.buttons?.length).toBeGreaterThan(0);
  });

  it('splits a reply longer than 2,000 characters at sentence ends', async () => {
    await start();
    const sent = await server.zalo!.send({
      id: 'r1',
      kind: 'broadcast',
      broadcastId: 'b',
      userKey: 'zalo:777',
      channel: 'zalo',
      createdAt: '',
      notBefore: '',
      status: 'sending',
      attempts: 1,
      text: Array.from({ length: 60 }, (_, i) => `Câu số ${i + 1} nói về một việc cần làm.`).join(' '),
    });
    expect(sent).toEqual({ ok: true });
    const texts = zalo.sends().map((s) => s.message.text as string);
    expect(texts.length).toBe(2);
    expect(texts.every((t) => t.length <= 2000 && t.endsWith('.'))).toBe(true);
  });

  it('shows a failed refresh as a degraded Zalo channel in /healthz while the web chat keeps working', async () => {
    await start();
    zalo.sendAnswers.push({ error: -216, message: 'invalid' });
    zalo.oauthAnswers.push({ status: 200, body: { error: -14014, error_name: 'Invalid refresh token' } });
    await deliver(textEvent('menu', '888'));
    const health = await (await fetch(`${server.url}/healthz`)).json();
    expect(health).toMatchObject({ status: 'degraded', channels: { web: 'ok', zalo: 'degraded' } });
    const web = await fetch(`${server.url}/api/chat`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ userId: 'w', text: 'menu' }),
    });
    expect(web.status).toBe(200);
  });
});

describe('token lifetime', () => {
  it('refreshes ahead of expiry, before a send would fail', async () => {
    await start();
    // The refresh after -216 answers with a token that lives one minute: the next send refreshes first.
    zalo.sendAnswers.push({ error: -216, message: 'invalid' });
    zalo.oauthAnswers.push({
      status: 200,
      body: { access_token: 'short-lived', refresh_token: 'refresh-short', expires_in: '60' },
    });
    await deliver(textEvent('menu', '1212'));
    const refreshed = zalo.refreshRequests().map((r) => new URLSearchParams(r.body).get('refresh_token'));
    expect(refreshed).toEqual(['refresh-0', 'refresh-short']);
    const tokens = zalo.sends().map((s) => s.token);
    expect(tokens.filter((t) => t === 'short-lived')).toHaveLength(1); // only the one retry right after it was issued
    expect(tokens.at(-1)).not.toBe('short-lived');
  });
});

describe('personal data in webhook deliveries', () => {
  const ID_NUMBER = '001203004567';
  const OTP = '482913';
  const PASSWORD = 'Lan@2024xyz';
  const PHONE = '0912345678';
  const CARD = '4111111111111111';

  it('keeps no ID number, OTP, password, phone or card number anywhere in DATA_DIR, and still warns the citizen', async () => {
    await start();
    // Replies hang: the deliveries stay in the queue, as they would when Zalo is slow.
    zalo.control.hang = true;
    for (const text of [
      `số căn cước của tôi ${ID_NUMBER}`,
      `mã otp ${OTP}`,
      `mật khẩu là ${PASSWORD}`,
      `sđt ${PHONE} nhé`,
      `thẻ ${CARD}`,
    ]) {
      const raw = JSON.stringify(textEvent(text, '4242'));
      const res = await fetch(`${server.url}/webhooks/zalo`, {
        method: 'POST',
        headers: { 'x-zevent-signature': `mac=${zaloMac(APP_ID, raw, JSON.parse(raw).timestamp, OA_SECRET)}` },
        body: raw,
      });
      expect(res.status).toBe(200);
    }
    await server.store.flush();
    const written = everythingUnder(server.dataDir);
    for (const secret of [ID_NUMBER, OTP, PASSWORD, PHONE, CARD]) expect(written).not.toContain(secret);
    // Fields handling does not need are not kept either.
    expect(written).not.toContain('552177279717587730');
    await crash(server);
    zalo.control.hang = false;
    zalo.requests.length = 0;

    // After a restart the queued deliveries are answered, with the warning, from what was stored.
    const second = await bot(server.dataDir);
    running.push(second);
    await second.zalo!.idle();
    const warnings = zalo
      .sends()
      .filter((s) => s.recipient.user_id === '4242' && String(s.message.text).startsWith('Cảnh báo'));
    expect(warnings.map((s) => String(s.message.text))).toEqual(
      expect.arrayContaining([
        expect.stringContaining('số căn cước'),
        expect.stringContaining('mã OTP'),
        expect.stringContaining('mật khẩu'),
        expect.stringContaining('số điện thoại'),
        expect.stringContaining('số thẻ ngân hàng'),
      ]),
    );
  });
});

describe('redeliveries', () => {
  it('ignores a signed delivery replayed after 20,050 others', async () => {
    await start();
    const first = textEvent('menu', '3131');
    await deliver(first);
    // Many other deliveries seen in between (marked as the webhook does, without the HTTP round trips).
    for (let i = 0; i < 20_050; i++) await server.store.markSeen(`zalo:other-${i}`);
    await server.store.flush();
    zalo.requests.length = 0;
    const again = await fetch(`${server.url}/webhooks/zalo`, {
      method: 'POST',
      headers: { 'x-zevent-signature': `mac=${zaloMac(APP_ID, JSON.stringify(first), first.timestamp, OA_SECRET)}` },
      body: JSON.stringify(first),
    });
    expect(await again.json()).toEqual({ ok: true, duplicate: true });
    await server.zalo!.idle();
    expect(zalo.sends()).toHaveLength(0);
  });
});

describe('a Zalo user who erased their data', () => {
  it('leaves no trace of their Zalo id in DATA_DIR once old copies are folded away', async () => {
    server = await bot(tempDataDir(), { ERASURE_PURGE_SECONDS: 0 });
    running.push(server);
    const ZALO_ID = '7766554433221100998';
    await deliver(textEvent('hướng dẫn kích hoạt vneid mức 2', ZALO_ID));
    await deliver({ app_id: APP_ID, event_name: 'follow', follower: { id: ZALO_ID }, timestamp: String(Date.now()) });
    await deliver({ app_id: APP_ID, event_name: 'user_withdraw', user_id: ZALO_ID, timestamp: String(Date.now() + 1) });
    expect(await server.store.getUser(`zalo:${ZALO_ID}`)).toBeUndefined();
    await vi.waitFor(() => expect(everythingUnder(server.dataDir)).not.toContain(ZALO_ID), {
      timeout: 5000,
      interval: 50,
    });
  });
});
