import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserAvailable, launchBrowser } from './helpers/browser.js';
import { startTestServer } from './helpers/server.js';

// A commune's LAN server reached by a host name over plain HTTP: the name is mapped to this machine.
const HOST = 'bot.xa-test.vn';
const RUN = browserAvailable('test/browser-plain-http.test.ts');

let server: Awaited<ReturnType<typeof startTestServer>>;
let browser: Browser;

beforeAll(async () => {
  if (!RUN) return;
  server = await startTestServer();
  browser = await launchBrowser([`--host-resolver-rules=MAP ${HOST} 127.0.0.1`]);
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await server?.cleanup();
});

describe.runIf(RUN)('the web chat over plain HTTP on a host name that is not localhost', () => {
  it('is styled, and its script sends a message and shows the reply', async () => {
    const port = new URL(server.url).port;
    const p = await browser.newPage();
    const failed: string[] = [];
    p.on('requestfailed', (r) => failed.push(`${r.url()} ${r.failure()?.errorText}`));
    const requested: string[] = [];
    p.on('request', (r) => requested.push(r.url()));
    await p.goto(`http://${HOST}:${port}/`);
    expect(p.url()).toBe(`http://${HOST}:${port}/`);

    // The stylesheet applied: the header's red band and the page's grey background.
    expect(await p.$eval('header', (h) => getComputedStyle(h).backgroundColor)).toBe('rgb(179, 38, 30)');
    expect(await p.$eval('body', (b) => getComputedStyle(b).backgroundColor)).toBe('rgb(243, 245, 248)');

    // The script ran: the greeting with numbered buttons, then an answer to a typed message.
    await p.waitForSelector('.msg.bot .buttons button');
    await p.fill('#text', 'hướng dẫn kích hoạt vneid mức 2');
    await p.press('#text', 'Enter');
    await expect.poll(() => p.textContent('#log')).toContain('Bắt đầu hướng dẫn');

    // Every file came over http:// from that host; nothing was upgraded to https:// or failed.
    expect(failed).toEqual([]);
    expect(requested.filter((u) => !u.startsWith(`http://${HOST}:${port}/`))).toEqual([]);
    expect(requested).toContain(`http://${HOST}:${port}/chat.css`);
    expect(requested).toContain(`http://${HOST}:${port}/chat.js`);
    await p.close();
  });
});
