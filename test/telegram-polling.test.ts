import { TelegramServer } from 'telegram-test-api/lib/telegramServer.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../src/lib/log.js';
import { startServer } from '../src/server.js';
import { tempDataDir } from './helpers/server.js';
import { pacedBotApi } from './helpers/telegram-emulator.js';

const TOKEN = '123456:citizen-test-token';
// Port 0 would become 9000: give this file its own port.
const PORT = 9100 + (process.pid % 500);
let emulator: TelegramServer;
let api: Awaited<ReturnType<typeof pacedBotApi>>;
let bot: Awaited<ReturnType<typeof startServer>>;

interface BotMessage {
  text: string;
  reply_markup?: string | { inline_keyboard: { text: string; callback_data: string }[][] };
}

beforeAll(async () => {
  emulator = new TelegramServer({ port: PORT, host: '127.0.0.1', storeTimeout: 60 });
  await emulator.start();
  api = await pacedBotApi(emulator.config.apiURL);
  bot = await startServer(
    { PORT: 0, HOST: '127.0.0.1', DATA_DIR: tempDataDir(), CONTENT_DIR: process.cwd(), RATE_LIMIT_PER_MINUTE: 0 },
    createLogger({ level: 'silent' }),
    { TELEGRAM_BOT_TOKEN: TOKEN, TELEGRAM_API_ROOT: api.url },
  );
}, 30_000);
afterAll(async () => {
  await bot?.stop();
  await api?.close();
  await emulator?.stop();
});

describe('Telegram, long polling against a Bot API emulator', () => {
  it('walks a citizen through the QR-payment flow with inline buttons and typed numbers', async () => {
    const client = emulator.getClient(TOKEN, { userId: 777001, chatId: 777001, firstName: 'Bà Lan', timeout: 300 });
    /** Waits for the bot's next answer: every message it sent since the last call, in order. */
    const next = async (): Promise<BotMessage[]> => {
      const unread = async (): Promise<BotMessage[]> => {
        try {
          return ((await client.getUpdates()).result as unknown as { message: BotMessage }[]).map((u) => u.message);
        } catch {
          return []; // the emulator's client throws when nothing arrived within its timeout
        }
      };
      // Every answer of the bot ends with a message that has buttons: collect up to it.
      const collected: BotMessage[] = [];
      for (let i = 0; i < 100; i++) {
        collected.push(...(await unread()));
        if (collected.length && hasButtons(collected.at(-1)!)) return collected;
      }
      throw new Error('the bot did not answer');
    };
    const hasButtons = (m: BotMessage) => keyboard(m).length > 0;
    function keyboard(m: BotMessage) {
      const markup = typeof m.reply_markup === 'string' ? JSON.parse(m.reply_markup) : m.reply_markup;
      return (markup?.inline_keyboard ?? []).flat() as { text: string; callback_data: string }[];
    }

    await client.sendCommand(client.makeCommand('/start'));
    const welcome = await next();
    expect(welcome.map((m) => m.text).join('\n')).toContain('Trợ lý Công dân số');
    expect(keyboard(welcome.at(-1)!).map((b) => b.callback_data)).toContain('flow:qr-payment');

    await client.sendCallback(client.makeCallbackQuery('flow:qr-payment'));
    let answer = await next();
    expect(answer.map((m) => m.text).join('\n')).toContain('Bắt đầu hướng dẫn: Thanh toán bằng mã QR');
    for (let step = 0; step < 20; step++) {
      const last = answer.at(-1)!;
      if (/Chúc mừng/.test(answer.map((m) => m.text).join('\n'))) break;
      if (step % 2 === 0) {
        const first = keyboard(last)[0]!;
        expect(Buffer.byteLength(first.callback_data)).toBeLessThanOrEqual(64);
        await client.sendCallback(client.makeCallbackQuery(first.callback_data));
      } else {
        expect(last.text).toMatch(/\n1\. /);
        await client.sendMessage(client.makeMessage('1'));
      }
      answer = await next();
    }
    expect(answer.map((m) => m.text).join('\n')).toContain('Chúc mừng! Ông/Bà đã trả tiền bằng mã QR.');
    const user = (await bot.store.getUser('telegram:777001'))!;
    expect(user.flows['qr-payment']!.status).toBe('completed');
  }, 60_000);
});

describe('the Telegram webhook route in long-polling mode', () => {
  it('refuses a POST without the secret header (401) or with any secret (403)', async () => {
    const post = (headers: Record<string, string>) =>
      fetch(`${bot.url}/webhooks/telegram`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: JSON.stringify({
          update_id: 1,
          message: { message_id: 1, date: 0, chat: { id: 5, type: 'private' }, text: 'menu' },
        }),
      });
    expect((await post({})).status).toBe(401);
    expect((await post({ 'x-telegram-bot-api-secret-token': 'guess-000000000000' })).status).toBe(403);
    expect(await bot.store.getUser('telegram:5')).toBeUndefined();
  });
});
