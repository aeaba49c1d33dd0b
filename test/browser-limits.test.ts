import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer } from './helpers/server.js';

// Debian's chromium (.ci/run installs it); no browser download.
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

let server: Awaited<ReturnType<typeof startTestServer>>;
let browser: Browser;
beforeAll(async () => {
  if (!existsSync(CHROMIUM)) throw new Error(`no browser at ${CHROMIUM}: install Debian's chromium package (see .ci/run)`);
  server = await startTestServer(undefined, { USER_RATE_LIMIT_PER_MINUTE: 2 });
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'] });
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await server?.cleanup();
});

describe('the web chat page at its limit', () => {
  it('shows the server\'s Vietnamese message when a citizen sends too fast', async () => {
    const page = await browser.newPage({ viewport: { width: 390, height: 844 } });
    await page.goto(server.url);
    for (let i = 0; i < 3; i++) {
      await page.fill('#text', 'menu');
      await page.press('#text', 'Enter');
    }
    await expect.poll(() => page.textContent('body'), { timeout: 15_000 }).toContain('Bạn gửi nhanh quá. Vui lòng đợi một phút rồi gửi tiếp.');
    expect(await page.textContent('body')).not.toMatch(/too many|please wait/i);
    await page.close();
  });
});
