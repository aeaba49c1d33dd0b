import fc from 'fast-check';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../src/lib/log.js';
import { startServer } from '../src/server.js';
import { tempDataDir } from './helpers/server.js';
import { fuzzRuns } from './helpers/fuzz.js';
import { all } from './helpers/store.js';

// Hundreds of real HTTP requests per property: on a busy two-core machine they need more than the default 20 s.
const FUZZ_TIMEOUT_MS = 120_000;

const SECRET = 'fuzz-telegram-secret-000000';
let botApi: Server;
let sends = 0;
let bot: Awaited<ReturnType<typeof startServer>>;

beforeAll(async () => {
  // A local Bot API and Zalo API that accept everything and count sends.
  botApi = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      if (/sendMessage|message\/cs/.test(req.url ?? '')) sends++;
      res.setHeader('content-type', 'application/json');
      res.end(
        JSON.stringify(
          req.url?.includes('getMe')
            ? { ok: true, result: { id: 1, is_bot: true, first_name: 'b', username: 'b_bot' } }
            : { ok: true, result: true, error: 0 },
        ),
      );
    });
  });
  await new Promise<void>((r) => botApi.listen(0, '127.0.0.1', () => r()));
  const api = `http://127.0.0.1:${(botApi.address() as AddressInfo).port}`;
  bot = await startServer(
    { PORT: 0, HOST: '127.0.0.1', DATA_DIR: tempDataDir(), CONTENT_DIR: process.cwd(), RATE_LIMIT_PER_MINUTE: 0 },
    createLogger({ level: 'silent' }),
    {
      TELEGRAM_BOT_TOKEN: '1:fuzz',
      TELEGRAM_WEBHOOK_SECRET: SECRET,
      PUBLIC_URL: 'https://bot.example.vn',
      TELEGRAM_API_ROOT: api,
      ZALO_APP_ID: '1',
      ZALO_APP_SECRET: 's',
      ZALO_OA_SECRET_KEY: 'k',
      ZALO_ACCESS_TOKEN: 'a',
      ZALO_REFRESH_TOKEN: 'r',
      ZALO_API_BASE: api,
      ZALO_OAUTH_BASE: api,
    },
  );
});
afterAll(async () => {
  await bot.stop();
  await new Promise((r) => botApi.close(r));
});

const odd = fc.oneof(
  fc.string({ unit: 'grapheme' }),
  fc.constantFrom('\u202e', '\u200b', '🇻🇳', 'ạaaa', '\u0000'),
  fc.string({ unit: 'binary', maxLength: 30 }),
);
const anyBody = fc.oneof(
  fc.json(),
  fc.anything().map((v) => JSON.stringify(v) ?? 'null'),
  fc
    .record({
      app_id: fc.oneof(fc.string(), fc.integer()),
      event_name: fc.oneof(fc.constant('user_send_text'), odd),
      timestamp: fc.oneof(fc.string(), fc.integer()),
      sender: fc.anything(),
      message: fc.anything(),
    })
    .map((v) => JSON.stringify(v)),
  fc.uint8Array({ maxLength: 200 }).map((b) => Buffer.from(b).toString('latin1')),
);

describe('webhooks under hostile input', () => {
  it(
    '/webhooks/zalo never answers 5xx and accepts nothing unsigned',
    async () => {
      await fc.assert(
        fc.asyncProperty(
          anyBody,
          fc.oneof(
            fc.constant(undefined),
            fc.string(),
            fc.stringMatching(/^[0-9a-f]{64}$/).map((h) => `mac=${h}`),
          ),
          async (body, signature) => {
            const res = await fetch(`${bot.url}/webhooks/zalo`, {
              method: 'POST',
              headers: {
                'content-type': 'application/json',
                ...(signature !== undefined ? { 'x-zevent-signature': signature } : {}),
              },
              body,
            });
            expect(res.status).toBeLessThan(500);
            expect([400, 401, 413]).toContain(res.status);
            await res.body?.cancel();
          },
        ),
        { numRuns: fuzzRuns(1000) },
      );
      await bot.zalo!.idle();
      expect(await all(bot.store.users())).toHaveLength(0);
      expect(sends).toBe(0);
    },
    FUZZ_TIMEOUT_MS,
  );

  it(
    '/webhooks/telegram never answers 5xx, and nothing gets past a missing or wrong secret',
    async () => {
      await fc.assert(
        fc.asyncProperty(anyBody, fc.constantFrom(undefined, 'wrong-secret-0000000000'), async (body, secret) => {
          const res = await fetch(`${bot.url}/webhooks/telegram`, {
            method: 'POST',
            headers: {
              'content-type': 'application/json',
              ...(secret ? { 'x-telegram-bot-api-secret-token': secret } : {}),
            },
            body,
          });
          expect(res.status).toBe(secret ? 403 : 401);
          await res.body?.cancel();
        }),
        { numRuns: fuzzRuns(500) },
      );
      await fc.assert(
        fc.asyncProperty(anyBody, async (body) => {
          const res = await fetch(`${bot.url}/webhooks/telegram`, {
            method: 'POST',
            headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': SECRET },
            body,
          });
          expect(res.status).toBeLessThan(500);
          await res.body?.cancel();
        }),
        { numRuns: fuzzRuns(1000) },
      );
      await bot.telegram!.idle();
      const health = await fetch(`${bot.url}/healthz`);
      expect(health.status).toBe(200);
    },
    FUZZ_TIMEOUT_MS,
  );
});
