import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserAvailable, launchBrowser } from './helpers/browser.js';
import { startTestServer } from './helpers/server.js';

const RUN = browserAvailable('test/browser-limits.test.ts');

let server: Awaited<ReturnType<typeof startTestServer>>;
let browser: Browser;
beforeAll(async () => {
  if (!RUN) return;
  server = await startTestServer(undefined, { USER_RATE_LIMIT_PER_MINUTE: 2 });
  browser = await launchBrowser();
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await server?.cleanup();
});

describe.runIf(RUN)('the web chat page at its limit', () => {
  it("shows the server's Vietnamese message when a citizen sends too fast", async () => {
    const page = await browser.newPage({ viewport: { width: 390, height: 844 } });
    await page.goto(server.url);
    for (let i = 0; i < 3; i++) {
      await page.fill('#text', 'menu');
      await page.press('#text', 'Enter');
    }
    await expect
      .poll(() => page.textContent('body'), { timeout: 15_000 })
      .toContain('Bạn gửi nhanh quá. Vui lòng đợi một phút rồi gửi tiếp.');
    expect(await page.textContent('body')).not.toMatch(/too many|please wait/i);
    await page.close();
  });
});
