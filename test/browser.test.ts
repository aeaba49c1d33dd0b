import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserAvailable, launchBrowser } from './helpers/browser.js';
import { citizen, startTestServer } from './helpers/server.js';

const RUN = browserAvailable('test/browser.test.ts');
const ADMIN = 'browser-admin-token-0123456789';

let server: Awaited<ReturnType<typeof startTestServer>>;
let browser: Browser;
const cspErrors: string[] = [];

beforeAll(async () => {
  if (!RUN) return;
  server = await startTestServer(undefined, { ADMIN_TOKEN: ADMIN });
  const c = citizen(server.url, 'browser-citizen');
  let reply = await c.say('hướng dẫn thanh toán qr');
  while (!reply.match.completed) reply = await c.say('1');
  await citizen(server.url, 'browser-citizen-2').say('hướng dẫn kích hoạt vneid mức 2');
  browser = await launchBrowser();
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await server?.cleanup();
});

async function page(path: string) {
  const p = await browser.newPage();
  p.on('console', (m) => {
    if (m.type() === 'error' && /Content Security Policy/i.test(m.text())) cspErrors.push(m.text());
  });
  await p.goto(server.url + path);
  return p;
}

describe.runIf(RUN)('the admin dashboard in a real browser', () => {
  it('asks for the token when it has none', async () => {
    const p = await page('/admin/');
    await expect.poll(() => p.isVisible('#login')).toBe(true);
    expect(await p.isVisible('#dashboard')).toBe(false);
    await p.close();
  });

  it('shows the numbers the API returns and draws the charts', async () => {
    const p = await page('/admin/');
    await p.fill('#token', ADMIN);
    await p.click('#login-form button[type=submit]');
    await p.waitForSelector('body[data-loaded="yes"]');
    const api = await (await fetch(`${server.url}/admin/api/stats`, { headers: { authorization: `Bearer ${ADMIN}` } })).json();
    const qr = api.flows.find((f: { id: string }) => f.id === 'qr-payment');
    const cells = await p.$$eval('#flows tr[data-flow="qr-payment"] td', (tds) => tds.map((td) => td.textContent));
    expect(cells.slice(0, 4)).toEqual([qr.title, String(qr.started), String(qr.completed), '100.0%']);
    expect(await p.textContent('#totals')).toContain(`Bắt đầu: ${api.totals.started}`);
    // Chart.js drew into every funnel canvas and the weekly one.
    const drawn = await p.$$eval('canvas', (canvases) =>
      canvases.map((c) => {
        const ctx = (c as HTMLCanvasElement).getContext('2d')!;
        const { data } = ctx.getImageData(0, 0, (c as HTMLCanvasElement).width, (c as HTMLCanvasElement).height);
        return data.some((v, i) => i % 4 === 3 && v > 0);
      }),
    );
    expect(drawn.length).toBe(api.flows.length + 1);
    expect(drawn.every(Boolean)).toBe(true);
    // The token is kept for this tab only.
    expect(await p.evaluate(() => sessionStorage.getItem('cds-admin-token'))).toBe(ADMIN);
    await p.close();
  });

  it('goes back to the token form on a wrong token', async () => {
    const p = await page('/admin/');
    await p.fill('#token', 'not-the-right-token-000000');
    await p.click('#login-form button[type=submit]');
    await expect.poll(() => p.textContent('#login-error')).toContain('không đúng');
    await p.close();
  });
});

describe.runIf(RUN)('the web chat page in a real browser', () => {
  it('greets, shows numbered buttons, and follows a button press', async () => {
    const p = await page('/');
    await p.waitForSelector('.msg.bot .buttons button');
    const first = await p.textContent('.msg.bot .buttons button');
    expect(first).toMatch(/^1\. /);
    await p.click('text=Kích hoạt VNeID mức 2');
    await expect.poll(() => p.textContent('#log')).toContain('Bắt đầu hướng dẫn');
    const id = await p.evaluate(() => localStorage.getItem('cds-user'));
    expect(id).toMatch(/^w-[0-9a-f]{36}$/);
    await p.fill('#text', '1');
    await p.press('#text', 'Enter');
    await expect.poll(() => p.textContent('#log')).toContain('Bước 2/9');
    await p.close();
  });

  it('ran under the content security policy without violations', () => {
    expect(cspErrors).toEqual([]);
  });
});
