import nock from 'nock';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../src/lib/log.js';
import { startServer } from '../src/server.js';
import { tempDataDir } from './helpers/server.js';

const TOKEN = '424243:handoff-test-token';
const SECRET = 'telegram-handoff-secret-0123';
const ADMIN = 'admin-token-handoff-telegram-01';
const API = 'https://api.telegram.org';
const PATH = `/bot${TOKEN}`;
const CHAT = 7001;
let bot: Awaited<ReturnType<typeof startServer>>;
const sent: { chat_id: string | number; text: string }[] = [];

beforeAll(async () => {
  nock.disableNetConnect();
  nock.enableNetConnect('127.0.0.1');
  nock(API)
    .post(`${PATH}/getMe`)
    .reply(200, {
      ok: true,
      result: { id: 424243, is_bot: true, first_name: 'Trợ lý', username: 'trolycongdanso_bot' },
    })
    .post(`${PATH}/setWebhook`)
    .reply(200, { ok: true, result: true });
  nock(API)
    .persist()
    .post(`${PATH}/sendMessage`)
    .reply(function (_uri, body) {
      sent.push(body as (typeof sent)[number]);
      return [
        200,
        { ok: true, result: { message_id: sent.length, date: 0, chat: { id: CHAT, type: 'private' }, text: '' } },
      ];
    });
  bot = await startServer(
    {
      PORT: 0,
      HOST: '127.0.0.1',
      DATA_DIR: tempDataDir(),
      CONTENT_DIR: process.cwd(),
      RATE_LIMIT_PER_MINUTE: 0,
      ADMIN_TOKEN: ADMIN,
    },
    createLogger({ level: 'silent' }),
    { TELEGRAM_BOT_TOKEN: TOKEN, TELEGRAM_WEBHOOK_SECRET: SECRET, PUBLIC_URL: 'https://bot.example.vn' },
  );
});
afterAll(async () => {
  await bot.stop();
  nock.cleanAll();
  nock.enableNetConnect();
});

/** The outbox delivers at once, but a channel's per-chat pace (Telegram: 1 a second) may hold a second message. */
const DELIVERED = { timeout: 10_000 };

let updateId = 5000;
async function say(text: string) {
  const update = {
    update_id: ++updateId,
    message: {
      message_id: updateId,
      date: Math.floor(Date.now() / 1000),
      chat: { id: CHAT, type: 'private', first_name: 'An' },
      from: { id: CHAT, is_bot: false, first_name: 'An' },
      text,
    },
  };
  const res = await fetch(`${bot.url}/webhooks/telegram`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': SECRET },
    body: JSON.stringify(update),
  });
  expect(res.status).toBe(200);
  await bot.telegram!.idle();
}
const admin = async (method: string, path: string, body?: unknown) => {
  const res = await fetch(bot.url + path, {
    method,
    headers: { authorization: `Bearer ${ADMIN}`, 'content-type': 'application/json' },
    ...(body ? { body: JSON.stringify(body) } : {}),
  });
  return { status: res.status, body: await res.json() };
};

describe('a handoff case of a Telegram citizen', () => {
  it('gets the team’s reply and the closing note in their chat, and the bot answers them again', async () => {
    await say('gặp người thật');
    expect(sent.map((m) => m.text).join('\n')).toContain('Tôi đã chuyển yêu cầu của ông/bà');
    await say('cho tôi hỏi về lệ phí');
    expect(sent.at(-1)!.text).toContain('Tổ hỗ trợ đã nhận tin');
    const [c] = (await admin('GET', '/admin/api/handoffs')).body.handoffs;
    expect(c).toMatchObject({ channel: 'telegram', canReply: true });
    expect(c.messages.at(-1)).toMatchObject({ from: 'citizen', text: 'cho tôi hỏi về lệ phí' });

    expect(
      (await admin('POST', `/admin/api/handoffs/${c.id}/replies`, { text: 'Bạn cần nộp lệ phí cho thủ tục nào?' }))
        .status,
    ).toBe(201);
    await expect
      .poll(() => sent.map((m) => m.text), DELIVERED)
      .toContain('Cán bộ hỗ trợ trả lời:\nBạn cần nộp lệ phí cho thủ tục nào?');
    expect(String(sent.at(-1)!.chat_id)).toBe(String(CHAT));
    expect((await admin('POST', `/admin/api/handoffs/${c.id}/close`)).status).toBe(200);
    await expect.poll(() => sent.at(-1)?.text ?? '', DELIVERED).toContain('Cán bộ đã kết thúc cuộc trò chuyện hỗ trợ');

    await say('hướng dẫn thanh toán qr');
    expect(sent.map((m) => m.text).join('\n')).toContain('Bắt đầu hướng dẫn');
  });
});
