import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commandNames } from '../src/core/commands.js';
import { BUDGET_PX, PHONE, repliesHeight } from '../src/core/screen.js';
import { everyReply, type Sample } from './helpers/every-reply.js';
import { startTestServer } from './helpers/server.js';

// Every reply the bot can give, through the real server, must fit one phone screen or offer
// "Xem thêm"; in Chromium at 390x844 the rendered bubbles confirm the estimate the core uses.
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const ARTIFACTS = 'test-artifacts/phone-screen';

let server: Awaited<ReturnType<typeof startTestServer>>;
let browser: Browser;
let samples: Sample[];

beforeAll(async () => {
  server = await startTestServer();
  samples = await everyReply(
    server.url,
    commandNames().filter((c) => c !== 'delete-confirm'),
  );
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-gpu', '--no-first-run'],
  });
  mkdirSync(ARTIFACTS, { recursive: true });
}, 120_000);
afterAll(async () => {
  await browser?.close();
  await server?.cleanup();
});

const hasMore = (s: Sample) =>
  s.body.replies.some((r) => r.buttons?.some((b) => b.title === 'Xem thêm' && b.payload.startsWith('more:')));

describe('every reply on a phone screen', () => {
  it('covers every knowledge answer, flow step and command', () => {
    const kinds = new Set(samples.map((s) => s.what.split(':')[0]));
    expect([...kinds].sort()).toEqual(['cmd', 'fallback-1', 'fallback-2', 'flow', 'kb']);
    expect(samples.length).toBeGreaterThan(150);
  });

  it('sends no reply taller than one phone screen without a "Xem thêm"', () => {
    const tall = samples.filter((s) => repliesHeight(s.body.replies) > BUDGET_PX && !hasMore(s)).map((s) => s.what);
    expect(tall).toEqual([]);
    const fit = samples.filter((s) => repliesHeight(s.body.replies) <= BUDGET_PX).length;
    writeFileSync(
      `${ARTIFACTS}/share.txt`,
      `${fit}/${samples.length} replies fit one phone screen (estimate ≤ ${BUDGET_PX} px)\n`,
    );
  });

  it('renders within the chat area in Chromium at 390x844, never taller than the estimate', async () => {
    const page: Page = await browser.newPage({ viewport: { width: PHONE.width, height: PHONE.height } });
    let current: unknown;
    await page.route('**/api/chat', (route) =>
      route.fulfill({ contentType: 'application/json', body: JSON.stringify(current) }),
    );
    current = samples[0]!.body;
    await page.goto(server.url + '/');
    await page.waitForSelector('.msg.bot');
    const area = await page.evaluate(() => {
      const log = document.getElementById('log')!;
      const style = getComputedStyle(log);
      return log.clientHeight - parseFloat(style.paddingTop) - parseFloat(style.paddingBottom);
    });
    expect(area).toBe(PHONE.chatAreaPx);
    // Every third reply, and every one that comes with "Xem thêm".
    const measured = samples.filter((s, i) => i % 3 === 0 || hasMore(s));
    const rows: string[] = [];
    for (const sample of measured) {
      current = sample.body;
      await page.evaluate(() => document.getElementById('log')!.replaceChildren());
      await page.fill('#text', 'x');
      await page.press('#text', 'Enter');
      await page.waitForFunction(
        (n) => document.querySelectorAll('#log .msg.bot').length >= n,
        sample.body.replies.length,
      );
      const height = await page.evaluate(() => {
        const bubbles = Array.from(document.querySelectorAll('#log .msg.bot'));
        return bubbles.at(-1)!.getBoundingClientRect().bottom - bubbles[0]!.getBoundingClientRect().top;
      });
      rows.push(`${sample.what}\t${Math.round(height)}\t${Math.round(repliesHeight(sample.body.replies))}`);
      expect(height, sample.what).toBeLessThanOrEqual(area);
      expect(height, sample.what).toBeLessThanOrEqual(repliesHeight(sample.body.replies) + 60);
      if (sample.what === 'kb:vneid-forgot-passcode')
        await page.screenshot({ path: `${ARTIFACTS}/long-answer-first-page.png` });
    }
    writeFileSync(`${ARTIFACTS}/heights.tsv`, `reply\trendered px\testimated px\n${rows.join('\n')}\n`);
    expect(existsSync(`${ARTIFACTS}/long-answer-first-page.png`)).toBe(true);
    await page.close();
  }, 180_000);
});
