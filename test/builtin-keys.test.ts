import nock from 'nock';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { zaloMac } from '../src/channels/zalo/signature.js';
import { createLogger } from '../src/lib/log.js';
import { startServer } from '../src/server.js';
import { fakeZalo, zaloSettings } from './helpers/fake-zalo.js';
import { postChat, tempDataDir } from './helpers/server.js';

// Names every JavaScript object inherits: a lookup that walks the prototype chain finds them.
const KEYS = ['constructor', 'toString', '__proto__', 'hasOwnProperty', 'valueOf'];
const PAYLOADS = KEYS.map((k) => `cmd:${k}`);

const TG_TOKEN = '515151:builtin-keys-token';
const TG_SECRET = 'builtin-keys-secret-0123';
const TG_API = 'https://api.telegram.org';
const APP_ID = '4306134286741826981';
const OA_SECRET = 'oa-secret-builtin-keys';

let zalo: Awaited<ReturnType<typeof fakeZalo>>;
let bot: Awaited<ReturnType<typeof startServer>>;
const telegramSent: { chat_id: string | number; text: string }[] = [];

beforeAll(async () => {
  zalo = await fakeZalo();
  nock.disableNetConnect();
  nock.enableNetConnect('127.0.0.1');
  nock(TG_API)
    .post(`/bot${TG_TOKEN}/getMe`)
    .reply(200, {
      ok: true,
      result: { id: 515151, is_bot: true, first_name: 'Trợ lý', username: 'trolycongdanso_bot' },
    })
    .post(`/bot${TG_TOKEN}/setWebhook`)
    .reply(200, { ok: true, result: true });
  nock(TG_API)
    .persist()
    .post(`/bot${TG_TOKEN}/sendMessage`)
    .reply((_uri, body) => {
      telegramSent.push(body as (typeof telegramSent)[number]);
      return [
        200,
        { ok: true, result: { message_id: telegramSent.length, date: 0, chat: { id: 1, type: 'private' }, text: '' } },
      ];
    });
  nock(TG_API).persist().post(`/bot${TG_TOKEN}/answerCallbackQuery`).reply(200, { ok: true, result: true });
  bot = await startServer(
    { PORT: 0, HOST: '127.0.0.1', DATA_DIR: tempDataDir(), CONTENT_DIR: process.cwd(), RATE_LIMIT_PER_MINUTE: 0 },
    createLogger({ level: 'silent' }),
    {
      TELEGRAM_BOT_TOKEN: TG_TOKEN,
      TELEGRAM_WEBHOOK_SECRET: TG_SECRET,
      PUBLIC_URL: 'https://bot.example.vn',
      ...zaloSettings(zalo.url, APP_ID, OA_SECRET),
    },
  );
});
afterAll(async () => {
  await bot.stop();
  await zalo.close();
  nock.cleanAll();
  nock.enableNetConnect();
});

let n = 0;
async function zaloText(user: string, text: string) {
  const raw = JSON.stringify({
    app_id: APP_ID,
    event_name: 'user_send_text',
    sender: { id: user },
    recipient: { id: '1' },
    message: { msg_id: `bk-${++n}`, text },
    timestamp: String(Date.now()),
  });
  const res = await fetch(`${bot.url}/webhooks/zalo`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'x-zevent-signature': `mac=${zaloMac(APP_ID, raw, JSON.parse(raw).timestamp, OA_SECRET)}`,
    },
    body: raw,
  });
  await bot.zalo!.idle();
  return res.status;
}

async function telegramUpdate(update: Record<string, unknown>) {
  const res = await fetch(`${bot.url}/webhooks/telegram`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': TG_SECRET },
    body: JSON.stringify({ update_id: 7000 + ++n, ...update }),
  });
  await bot.telegram!.idle();
  return res.status;
}

describe('payloads and words named like built-in object properties', () => {
  it('web chat: answers each with the menu, never a 500', async () => {
    for (const payload of PAYLOADS) {
      const { status, body } = await postChat(bot.url, { userId: 'builtin-web', payload });
      expect(status, payload).toBe(200);
      expect(body.match, payload).toEqual({ kind: 'command', id: 'menu' });
    }
    for (const text of KEYS) {
      const { status, body } = await postChat(bot.url, { userId: 'builtin-web', text });
      expect(status, text).toBe(200);
      expect(body.replies.length, text).toBeGreaterThan(0);
    }
  });

  it('Zalo: answers each with the menu instead of staying silent', async () => {
    for (const [i, text] of [...PAYLOADS, ...KEYS].entries()) {
      zalo.requests.length = 0;
      expect(await zaloText(`88800${i}`, text)).toBe(200);
      const replies = zalo.sends().map((s) => s.message.text as string);
      expect(replies.length, text).toBeGreaterThan(0);
      if (text.startsWith('cmd:')) expect(replies.at(-1), text).toContain('1. Kích hoạt VNeID mức 2');
    }
  });

  it('Telegram: answers buttons and /commands with these names instead of an error', async () => {
    for (const [i, data] of PAYLOADS.entries()) {
      telegramSent.length = 0;
      const chat = 66600 + i;
      await telegramUpdate({
        callback_query: {
          id: `cb-${i}`,
          chat_instance: 'x',
          data,
          from: { id: chat, is_bot: false, first_name: 'A' },
          message: { message_id: 1, date: 0, chat: { id: chat, type: 'private' } },
        },
      });
      expect(telegramSent.map((m) => m.text).join('\n'), data).toContain('1. Kích hoạt VNeID mức 2');
      expect(telegramSent.map((m) => m.text).join('\n'), data).not.toContain('có lỗi xảy ra');
    }
    for (const [i, key] of KEYS.entries()) {
      telegramSent.length = 0;
      const chat = 66700 + i;
      await telegramUpdate({
        message: {
          message_id: i + 1,
          date: Math.floor(Date.now() / 1000),
          chat: { id: chat, type: 'private', first_name: 'A' },
          from: { id: chat, is_bot: false, first_name: 'A' },
          text: `/${key}`,
        },
      });
      expect(telegramSent.length, key).toBeGreaterThan(0);
      expect(telegramSent.map((m) => m.text).join('\n'), key).not.toContain('có lỗi xảy ra');
    }
  });
});
