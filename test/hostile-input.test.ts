import fc from 'fast-check';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postChat, startTestServer } from './helpers/server.js';
import { fuzzRuns } from './helpers/fuzz.js';
import { all } from './helpers/store.js';

// Hundreds of real HTTP requests per property: on a busy two-core machine they need more than the default 20 s.
const FUZZ_TIMEOUT_MS = 120_000;

let server: Awaited<ReturnType<typeof startTestServer>>;
beforeAll(async () => {
  server = await startTestServer(undefined, { USER_RATE_LIMIT_PER_MINUTE: 0 });
});
afterAll(async () => {
  await server.cleanup();
});

const snapshot = (dir: string) =>
  Object.fromEntries(readdirSync(dir).map((f) => [f, readFileSync(join(dir, f), 'utf8')]));

/** Text with the Unicode that breaks naive code: combining marks, zero-width, RTL, emoji, lone surrogates. */
const oddText = fc
  .array(
    fc.oneof(
      fc.string({ unit: 'grapheme', maxLength: 20 }),
      fc.constantFrom(
        '\u0301',
        '\u200b',
        '\u200f',
        '\u202e',
        '\ufeff',
        '👨‍👩‍👧',
        '🇻🇳',
        '\ud800',
        'ạaaa',
        'Đ',
        '\u0000',
        '%00',
        '${x}',
        '<script>',
      ),
      fc.string({ unit: 'binary', maxLength: 10 }),
    ),
    { maxLength: 12 },
  )
  .map((parts) => parts.join(''));

describe('/api/chat under hostile input', () => {
  it(
    'never answers 5xx and changes nothing for malformed bodies',
    async () => {
      await server.store.flush();
      const before = snapshot(server.dataDir);
      const validId = fc.stringMatching(/^[A-Za-z0-9_.-]{1,64}$/);
      const notString = fc.anything().filter((v) => typeof v !== 'string' && v !== undefined);
      const malformed = fc.oneof(
        fc.anything().filter((v) => typeof v !== 'object' || v === null || Array.isArray(v)),
        fc.record({ userId: notString, text: oddText }),
        fc.record({ userId: oddText.filter((s) => !/^[A-Za-z0-9_.-]{1,64}$/.test(s)), text: fc.string() }),
        fc.record({ userId: validId, text: notString }),
        fc.record({ userId: validId, payload: notString }),
        fc.record({ userId: validId, text: fc.string(), payload: fc.string() }),
        fc.record({ userId: validId }),
        fc.record({ userId: validId, text: fc.string({ minLength: 2001, maxLength: 2100 }) }),
        fc.record({ userId: validId, text: fc.string(), extra: notString }),
      );
      await fc.assert(
        fc.asyncProperty(malformed, async (body) => {
          const res = await fetch(`${server.url}/api/chat`, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify(body) ?? 'null',
          });
          expect(res.status).toBeGreaterThanOrEqual(400);
          expect(res.status).toBeLessThan(500);
          expect((await res.json()).error).toEqual(expect.any(String));
        }),
        { numRuns: fuzzRuns(1500) },
      );
      await server.store.flush();
      expect(snapshot(server.dataDir)).toEqual(before);
      expect(await all(server.store.users())).toHaveLength(0);
    },
    FUZZ_TIMEOUT_MS,
  );

  it(
    'answers odd Unicode from a valid citizen with 200 and a reply',
    async () => {
      await fc.assert(
        fc.asyncProperty(
          oddText.filter((t) => t.trim().length > 0 && t.length <= 2000),
          async (text) => {
            const { status, body } = await postChat(server.url, { userId: 'fuzz-citizen', text });
            expect(status).toBe(200);
            expect(body.replies.length).toBeGreaterThan(0);
          },
        ),
        { numRuns: fuzzRuns(1000) },
      );
    },
    FUZZ_TIMEOUT_MS,
  );

  it(
    'refuses raw bytes that are not JSON',
    async () => {
      await fc.assert(
        fc.asyncProperty(fc.uint8Array({ maxLength: 300 }), async (bytes) => {
          const res = await fetch(`${server.url}/api/chat`, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: bytes,
          });
          expect(res.status).toBeLessThan(500);
          await res.body?.cancel();
        }),
        { numRuns: fuzzRuns(500) },
      );
    },
    FUZZ_TIMEOUT_MS,
  );
});

describe('limits and headers', () => {
  it('answers 429 past the per-IP limit', async () => {
    const limited = await startTestServer(undefined, { RATE_LIMIT_PER_MINUTE: 5 });
    try {
      const statuses = [];
      for (let i = 0; i < 7; i++)
        statuses.push((await postChat(limited.url, { userId: `ip-${i}`, text: 'menu' })).status);
      expect(statuses.slice(0, 5)).toEqual([200, 200, 200, 200, 200]);
      expect(statuses.slice(5)).toEqual([429, 429]);
    } finally {
      await limited.cleanup();
    }
  });

  it('answers 429 past the per-citizen limit, while others are still served', async () => {
    const limited = await startTestServer(undefined, { USER_RATE_LIMIT_PER_MINUTE: 3 });
    try {
      const statuses = [];
      for (let i = 0; i < 4; i++)
        statuses.push((await postChat(limited.url, { userId: 'chatty', text: 'menu' })).status);
      expect(statuses).toEqual([200, 200, 200, 429]);
      expect((await postChat(limited.url, { userId: 'quiet', text: 'menu' })).status).toBe(200);
    } finally {
      await limited.cleanup();
    }
  });

  it('sends security headers with a content security policy on every page', async () => {
    for (const path of ['/', '/api/chat/messages?userId=x', '/healthz']) {
      const res = await fetch(server.url + path);
      expect(res.headers.get('content-security-policy')).toContain("default-src 'self'");
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    }
  });
});
