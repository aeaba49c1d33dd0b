import nock from 'nock';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { zaloMac } from '../src/channels/zalo/signature.js';
import { readConfig } from '../src/config.js';
import { createLogger } from '../src/lib/log.js';
import { startServer } from '../src/server.js';
import { fakeZalo, zaloSettings } from './helpers/fake-zalo.js';
import { postChat, startTestServer, tempDataDir } from './helpers/server.js';

const TG_TOKEN = '525252:rate-limit-token';
const TG_SECRET = 'rate-limit-secret-0123456';
const TG_API = 'https://api.telegram.org';
const APP_ID = '4306134286741826981';
const OA_SECRET = 'oa-secret-rate-limits';
const ADMIN = 'rate-limit-admin-token-012345';
/** Vietnamese: a message with at least one letter carrying a Vietnamese diacritic. */
const VIETNAMESE = /[àáạảãâầấậẩẫăằắặẳẵèéẹẻẽêềếệểễìíịỉĩòóọỏõôồốộổỗơờớợởỡùúụủũưừứựửữỳýỵỷỹđ]/i;

let zalo: Awaited<ReturnType<typeof fakeZalo>>;
beforeAll(async () => {
  zalo = await fakeZalo();
  nock.disableNetConnect();
  nock.enableNetConnect('127.0.0.1');
  nock(TG_API)
    .persist()
    .post(`/bot${TG_TOKEN}/getMe`)
    .reply(200, {
      ok: true,
      result: { id: 525252, is_bot: true, first_name: 'Trợ lý', username: 'trolycongdanso_bot' },
    });
  nock(TG_API).persist().post(`/bot${TG_TOKEN}/setWebhook`).reply(200, { ok: true, result: true });
  nock(TG_API)
    .persist()
    .post(`/bot${TG_TOKEN}/sendMessage`)
    .reply(200, { ok: true, result: { message_id: 1, date: 0, chat: { id: 1, type: 'private' }, text: '' } });
});
afterAll(async () => {
  await zalo.close();
  nock.cleanAll();
  nock.enableNetConnect();
});

/** The real server with both webhooks on and the given per-address limit. */
async function serverWithChannels(perIp: number) {
  const env = {
    TELEGRAM_BOT_TOKEN: TG_TOKEN,
    TELEGRAM_WEBHOOK_SECRET: TG_SECRET,
    PUBLIC_URL: 'https://bot.example.vn',
    ...zaloSettings(zalo.url, APP_ID, OA_SECRET),
  };
  return startServer(
    {
      PORT: 0,
      HOST: '127.0.0.1',
      DATA_DIR: tempDataDir(),
      CONTENT_DIR: process.cwd(),
      RATE_LIMIT_PER_MINUTE: perIp,
      ADMIN_TOKEN: ADMIN,
    },
    createLogger({ level: 'silent' }),
    env,
  );
}

let n = 0;
function signedZalo(url: string, user: string) {
  const raw = JSON.stringify({
    app_id: APP_ID,
    event_name: 'user_send_text',
    sender: { id: user },
    recipient: { id: '1' },
    message: { msg_id: `rl-${++n}`, text: 'menu' },
    timestamp: String(Date.now()),
  });
  return fetch(`${url}/webhooks/zalo`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'x-zevent-signature': `mac=${zaloMac(APP_ID, raw, JSON.parse(raw).timestamp, OA_SECRET)}`,
    },
    body: raw,
  });
}
function telegramUpdate(url: string, chat: number) {
  const update = {
    update_id: 9000 + ++n,
    message: {
      message_id: n,
      date: Math.floor(Date.now() / 1000),
      chat: { id: chat, type: 'private', first_name: 'A' },
      from: { id: chat, is_bot: false, first_name: 'A' },
      text: 'menu',
    },
  };
  return fetch(`${url}/webhooks/telegram`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': TG_SECRET },
    body: JSON.stringify(update),
  });
}

describe("limits that fit each endpoint's real sender", () => {
  it('do not limit the Zalo and Telegram webhooks, the page or /admin by address', async () => {
    const bot = await serverWithChannels(5);
    try {
      const statuses: number[] = [];
      // Every delivery of an OA comes from Zalo's servers: one address, far more than 5 a minute.
      for (let i = 0; i < 30; i++) statuses.push((await signedZalo(bot.url, `77${i % 5}`)).status);
      for (let i = 0; i < 30; i++) statuses.push((await telegramUpdate(bot.url, 5500 + (i % 5))).status);
      for (let i = 0; i < 15; i++)
        statuses.push((await fetch(`${bot.url}/`)).status, (await fetch(`${bot.url}/chat.js`)).status);
      for (let i = 0; i < 15; i++)
        statuses.push(
          (await fetch(`${bot.url}/admin/api/stats`, { headers: { authorization: `Bearer ${ADMIN}` } })).status,
        );
      expect(statuses.filter((s) => s !== 200)).toEqual([]);
      await bot.zalo!.idle();
      await bot.telegram!.idle();
    } finally {
      await bot.stop();
    }
  });

  it('refuse an unsigned Zalo flood before reading its body', async () => {
    const bot = await serverWithChannels(0);
    try {
      // 2 MB that is never read: without a signature header the answer comes at once.
      const res = await fetch(`${bot.url}/webhooks/zalo`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: 'x'.repeat(2_000_000),
      });
      expect(res.status).toBe(401);
      expect((await res.json()).error).toBe('x-zevent-signature: invalid');
    } finally {
      await bot.stop();
    }
  });
});

describe('the web chat behind a shared address', () => {
  it('serves a commune office of 100 citizens on one address with the default settings', async () => {
    const server = await startTestServer(undefined, {
      RATE_LIMIT_PER_MINUTE: readConfig({}).RATE_LIMIT_PER_MINUTE,
      USER_RATE_LIMIT_PER_MINUTE: readConfig({}).USER_RATE_LIMIT_PER_MINUTE,
    });
    try {
      const statuses: number[] = [];
      for (let round = 0; round < 2; round++) {
        await Promise.all(
          Array.from({ length: 100 }, async (_, i) => {
            statuses.push(
              (await postChat(server.url, { userId: `office-${i}`, text: round ? 'menu' : 'xin chào' })).status,
            );
            statuses.push((await fetch(`${server.url}/api/chat/messages?userId=office-${i}`)).status);
          }),
        );
      }
      expect(statuses).toHaveLength(400);
      expect(statuses.filter((s) => s !== 200)).toEqual([]);
    } finally {
      await server.cleanup();
    }
  });

  it('still limits one citizen, and one address past its limit, in Vietnamese', async () => {
    const server = await startTestServer(undefined, { RATE_LIMIT_PER_MINUTE: 6, USER_RATE_LIMIT_PER_MINUTE: 3 });
    try {
      const one = [];
      for (let i = 0; i < 4; i++) one.push(await postChat(server.url, { userId: 'chatty', text: 'menu' }));
      expect(one.map((r) => r.status)).toEqual([200, 200, 200, 429]);
      expect(one[3]!.body.error).toMatch(VIETNAMESE);
      const others = [];
      for (let i = 0; i < 3; i++) others.push(await postChat(server.url, { userId: `other-${i}`, text: 'menu' }));
      expect(others.map((r) => r.status)).toEqual([200, 200, 429]);
      expect(others[2]!.body.error).toMatch(VIETNAMESE);
      expect(Object.keys(others[2]!.body)).toEqual(['error']);
    } finally {
      await server.cleanup();
    }
  });

  it('keys the per-address limit on the client address the proxy setting gives (req.ip)', async () => {
    const server = await startTestServer(undefined, { RATE_LIMIT_PER_MINUTE: 2 });
    try {
      // The server trusts a proxy on loopback: X-Forwarded-For names the citizen's address.
      const from = async (ip: string, i: number) =>
        (
          await fetch(`${server.url}/api/chat`, {
            method: 'POST',
            headers: { 'content-type': 'application/json', 'x-forwarded-for': ip },
            body: JSON.stringify({ userId: `fw-${ip}-${i}`, text: 'menu' }),
          })
        ).status;
      expect([await from('203.0.113.7', 1), await from('203.0.113.7', 2), await from('203.0.113.7', 3)]).toEqual([
        200, 200, 429,
      ]);
      expect(await from('198.51.100.9', 1)).toBe(200);
    } finally {
      await server.cleanup();
    }
  });

  it('answers every refusal a citizen can meet in Vietnamese, as {"error": "..."}', async () => {
    const server = await startTestServer();
    try {
      const tooLong = await postChat(server.url, { userId: 'vi-1', text: 'a'.repeat(2001) });
      const empty = await postChat(server.url, { userId: 'vi-1', text: '   ' });
      const notJson = await postChat(server.url, undefined, '{"userId":');
      const tooBig = await postChat(
        server.url,
        undefined,
        JSON.stringify({ userId: 'vi-1', text: 'a'.repeat(70_000) }),
      );
      for (const [reply, status, field] of [
        [tooLong, 400, 'text'],
        [empty, 400, 'text'],
        [notJson, 400, 'body'],
        [tooBig, 413, 'body'],
      ] as const) {
        expect(reply.status).toBe(status);
        expect(reply.body.error).toMatch(new RegExp(`^${field}: `));
        expect(reply.body.error).toMatch(VIETNAMESE);
      }
    } finally {
      await server.cleanup();
    }
  });
});
