import nock from 'nock';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../src/lib/log.js';
import { startServer } from '../src/server.js';
import { everythingUnder } from './helpers/files.js';
import { tempDataDir } from './helpers/server.js';
import { all } from './helpers/store.js';

const TOKEN = '424242:webhook-test-token';
const SECRET = 'telegram-webhook-secret-0123';
const API = 'https://api.telegram.org';
const PATH = `/bot${TOKEN}`;
let bot: Awaited<ReturnType<typeof startServer>>;
const dataDir = tempDataDir();
let sent: {
  chat_id: string | number;
  text: string;
  reply_markup?: { inline_keyboard: { text: string; callback_data: string }[][] };
}[] = [];

/** The Bot API at the HTTP level: sendMessage answers from a queue (success by default). */
const answers: { status: number; body: unknown }[] = [];
function mockSendMessage() {
  nock(API)
    .persist()
    .post(`${PATH}/sendMessage`)
    .reply(function (_uri, body) {
      const answer = answers.shift();
      if (answer && answer.status !== 200) return [answer.status, answer.body];
      sent.push(body as (typeof sent)[number]);
      return [
        200,
        { ok: true, result: { message_id: sent.length, date: 0, chat: { id: 1, type: 'private' }, text: '' } },
      ];
    });
  nock(API).persist().post(`${PATH}/answerCallbackQuery`).reply(200, { ok: true, result: true });
}

beforeAll(async () => {
  nock.disableNetConnect();
  nock.enableNetConnect('127.0.0.1');
  const setWebhook = nock(API)
    .post(`${PATH}/getMe`)
    .reply(200, {
      ok: true,
      result: { id: 424242, is_bot: true, first_name: 'Trợ lý', username: 'trolycongdanso_bot' },
    })
    .post(
      `${PATH}/setWebhook`,
      (body) => body.url === 'https://bot.example.vn/webhooks/telegram' && body.secret_token === SECRET,
    )
    .reply(200, { ok: true, result: true });
  mockSendMessage();
  bot = await startServer(
    { PORT: 0, HOST: '127.0.0.1', DATA_DIR: dataDir, CONTENT_DIR: process.cwd(), RATE_LIMIT_PER_MINUTE: 0 },
    createLogger({ level: 'silent' }),
    { TELEGRAM_BOT_TOKEN: TOKEN, TELEGRAM_WEBHOOK_SECRET: SECRET, PUBLIC_URL: 'https://bot.example.vn' },
  );
  expect(setWebhook.isDone()).toBe(true);
});
afterAll(async () => {
  await bot.stop();
  nock.cleanAll();
  nock.enableNetConnect();
});
afterEach(() => {
  sent = [];
  answers.length = 0;
});

let updateId = 1000;
const textUpdate = (text: string, chat = 9001) => ({
  update_id: ++updateId,
  message: {
    message_id: updateId,
    date: Math.floor(Date.now() / 1000),
    chat: { id: chat, type: 'private', first_name: 'An' },
    from: { id: chat, is_bot: false, first_name: 'An' },
    text,
  },
});

async function post(update: unknown, secret: string | null = SECRET) {
  const res = await fetch(`${bot.url}/webhooks/telegram`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(secret !== null ? { 'x-telegram-bot-api-secret-token': secret } : {}),
    },
    body: JSON.stringify(update),
  });
  await bot.telegram!.idle();
  return res.status;
}

describe('Telegram webhook', () => {
  it('answers a message through the Bot API, with inline buttons and numbered options', async () => {
    expect(await post(textUpdate('/start'))).toBe(200);
    expect(sent.map((m) => m.text).join('\n')).toContain('Trợ lý Công dân số');
    const menu = sent.at(-1)!;
    expect(menu.reply_markup!.inline_keyboard.map(([b]) => b!.callback_data)).toEqual([
      'flow:vneid-level2',
      'flow:online-fee-payment',
      'flow:qr-payment',
      'flow:e-health-record',
    ]);
    expect(menu.text).toContain('\n1. Kích hoạt VNeID mức 2');
  });

  it('takes a button press (callback query) and answers it', async () => {
    const status = await post({
      update_id: ++updateId,
      callback_query: {
        id: 'cb-1',
        chat_instance: 'x',
        data: 'flow:qr-payment',
        from: { id: 9002, is_bot: false, first_name: 'B' },
        message: { message_id: 1, date: 0, chat: { id: 9002, type: 'private' } },
      },
    });
    expect(status).toBe(200);
    expect(sent.map((m) => m.text).join('\n')).toContain('Bắt đầu hướng dẫn: Thanh toán bằng mã QR');
    expect(String(sent[0]!.chat_id)).toBe('9002');
  });

  it('refuses an update without the secret header (401) or with a wrong one (403), changing nothing', async () => {
    expect(await post(textUpdate('menu', 9003), null)).toBe(401);
    expect(await post(textUpdate('menu', 9003), 'wrong-secret-000000000')).toBe(403);
    expect(sent).toHaveLength(0);
    expect(await bot.store.getUser('telegram:9003')).toBeUndefined();
  });

  it('handles an update delivered twice only once', async () => {
    const update = textUpdate('menu', 9004);
    await post(update);
    const first = sent.length;
    await post(update);
    expect(sent.length).toBe(first);
  });

  it('splits a message longer than 4,096 characters', async () => {
    await bot.telegram!.send({
      id: 'r',
      kind: 'broadcast',
      broadcastId: 'b',
      userKey: 'telegram:9005',
      channel: 'telegram',
      createdAt: '',
      notBefore: '',
      status: 'sending',
      attempts: 1,
      text: Array.from({ length: 150 }, (_, i) => `Dòng ${i + 1}: một câu hướng dẫn ngắn cho bà con.`).join('\n'),
    });
    expect(sent.length).toBe(2);
    expect(sent.every((m) => m.text.length <= 4096)).toBe(true);
  });

  it('waits retry_after on 429 and sends again', async () => {
    answers.push({
      status: 429,
      body: {
        ok: false,
        error_code: 429,
        description: 'Too Many Requests: retry after 1',
        parameters: { retry_after: 1 },
      },
    });
    const started = Date.now();
    await post(textUpdate('cảm ơn', 9006));
    expect(Date.now() - started).toBeGreaterThanOrEqual(1000);
    expect(sent.map((m) => m.text).join()).toContain('Không có gì');
  });

  it('marks a person who blocked the bot (403) inactive', async () => {
    await post(textUpdate('menu', 9007));
    answers.push({
      status: 403,
      body: { ok: false, error_code: 403, description: 'Forbidden: bot was blocked by the user' },
    });
    const result = await bot.telegram!.send({
      id: 'x',
      kind: 'broadcast',
      broadcastId: 'b',
      userKey: 'telegram:9007',
      channel: 'telegram',
      text: 'nhắc',
      createdAt: '',
      notBefore: '',
      status: 'sending',
      attempts: 1,
    });
    expect(result).toMatchObject({ ok: false, permanent: true, userGone: true });
    expect((await bot.store.getUser('telegram:9007'))!.active).toBe(false);
  });

  it('retries a server error in a live reply with backoff; an outbox row is tried once per round', async () => {
    answers.push({ status: 502, body: { ok: false, error_code: 502, description: 'Bad Gateway' } });
    const started = Date.now();
    await post(textUpdate('cảm ơn', 9008));
    expect(Date.now() - started).toBeGreaterThanOrEqual(2000);
    expect(sent.map((m) => m.text).join()).toContain('Không có gì');
    // The outbox counts its own tries (one policy, five tries in all): the channel does not retry inside.
    sent = [];
    answers.push({ status: 502, body: { ok: false, error_code: 502, description: 'Bad Gateway' } });
    const result = await bot.telegram!.send({
      id: 'y',
      kind: 'broadcast',
      broadcastId: 'b',
      userKey: 'telegram:9008',
      channel: 'telegram',
      text: 'nhắc',
      createdAt: '',
      notBefore: '',
      status: 'sending',
      attempts: 1,
    });
    expect(result).toMatchObject({ ok: false, permanent: false, reason: '502 Bad Gateway' });
    expect(sent).toHaveLength(0);
  });

  it('queues a reply Telegram holds back for long as outbox reply rows carrying their text and buttons', async () => {
    answers.push({
      status: 429,
      body: {
        ok: false,
        error_code: 429,
        description: 'Too Many Requests: retry after 120',
        parameters: { retry_after: 120 },
      },
    });
    await post(textUpdate('/start', 9009));
    expect(sent).toHaveLength(0);
    const rows = (await all(bot.store.outbox()))
      .filter((r) => r.userKey === 'telegram:9009')
      .sort((a, b) => a.id.localeCompare(b.id));
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) expect(row).toMatchObject({ kind: 'reply', status: 'pending', channel: 'telegram' });
    expect(rows[0]!.broadcastId).toBeUndefined();
    expect(Date.parse(rows[0]!.notBefore) - Date.now()).toBeGreaterThan(100_000);
    const last = rows.at(-1)!;
    expect(last.buttons!.map((b) => b.payload)).toContain('flow:qr-payment');
    // What the person is told next waits behind it, so the answers keep their order.
    await post(textUpdate('cảm ơn', 9009));
    expect(sent).toHaveLength(0);
    const behind = (await all(bot.store.outbox())).filter((r) => r.userKey === 'telegram:9009' && !rows.includes(r));
    expect(behind.map((r) => r.text).join()).toContain('Không có gì');
    expect(behind.every((r) => r.kind === 'reply' && r.notBefore >= rows[0]!.notBefore)).toBe(true);
    // Sent later as it was converted: the same text (options already numbered) and its buttons.
    expect(await bot.telegram!.send(last)).toEqual({ ok: true });
    expect(sent[0]!.text).toBe(last.text);
    expect(sent[0]!.reply_markup!.inline_keyboard.map(([b]) => b!.callback_data)).toEqual(
      last.buttons!.map((b) => b.payload),
    );
    for (const row of [...rows, ...behind]) bot.store.putOutbox({ ...row, status: 'sent' });
  });

  it('keeps no name, username, ID number or password from an update anywhere in DATA_DIR, and warns the citizen', async () => {
    const update = {
      update_id: ++updateId,
      message: {
        message_id: updateId,
        date: Math.floor(Date.now() / 1000),
        chat: { id: 9100, type: 'private', first_name: 'Nguyễn Thị', last_name: 'Hoa', username: 'hoa_nguyen_1970' },
        from: {
          id: 9100,
          is_bot: false,
          first_name: 'Nguyễn Thị',
          last_name: 'Hoa',
          username: 'hoa_nguyen_1970',
          language_code: 'vi',
        },
        text: 'cccd của tôi 001203004567, mật khẩu là Hoa@1970xyz',
      },
    };
    expect(await post(update)).toBe(200);
    await bot.telegram!.idle();
    await bot.store.flush();
    const written = everythingUnder(dataDir);
    for (const secret of ['001203004567', 'Hoa@1970xyz', 'hoa_nguyen_1970', 'Nguyễn Thị', 'Hoa"'])
      expect(written).not.toContain(secret);
    const warning = sent.find((m) => String(m.chat_id) === '9100' && m.text.startsWith('Cảnh báo'));
    expect(warning?.text).toContain('số căn cước');
    expect(warning?.text).toContain('mật khẩu');
  });
});
