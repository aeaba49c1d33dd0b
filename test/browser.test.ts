import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserAvailable, launchBrowser } from './helpers/browser.js';
import { citizen, startTestServer } from './helpers/server.js';

const RUN = browserAvailable('test/browser.test.ts');
const ADMIN = 'browser-admin-token-0123456789';
const TEAM = 'browser-team-token-0123456789';

let server: Awaited<ReturnType<typeof startTestServer>>;
let browser: Browser;
const cspErrors: string[] = [];

beforeAll(async () => {
  if (!RUN) return;
  server = await startTestServer(undefined, { ADMIN_TOKEN: ADMIN, TEAM_TOKENS: `${TEAM}:viet-hung` });
  const c = citizen(server.url, 'browser-citizen');
  let reply = await c.say('hướng dẫn thanh toán qr');
  while (!reply.match.completed) reply = await c.say('1');
  await c.say('Việt Hưng');
  await citizen(server.url, 'browser-citizen-2').say('hướng dẫn kích hoạt vneid mức 2');
  browser = await launchBrowser();
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await server?.cleanup();
});

async function page(path: string, viewport?: { width: number; height: number }) {
  const p = await browser.newPage(viewport ? { viewport } : {});
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
    const api = await (
      await fetch(`${server.url}/admin/api/stats`, { headers: { authorization: `Bearer ${ADMIN}` } })
    ).json();
    const qr = api.flows.find((f: { id: string }) => f.id === 'qr-payment');
    const cells = await p.$$eval('#flows tr[data-flow="qr-payment"] td', (tds) => tds.map((td) => td.textContent));
    expect(cells.slice(0, 4)).toEqual([qr.title, String(qr.started), String(qr.completed), '100%']);
    expect(await p.textContent('#totals')).toContain(`${api.totals.started}lượt bắt đầu`);
    // Chart.js drew the weekly trend, labelled by date ranges.
    const drawn = await p.$eval('#weekly', (c) => {
      const canvas = c as HTMLCanvasElement;
      return canvas
        .getContext('2d')!
        .getImageData(0, 0, canvas.width, canvas.height)
        .data.some((v, i) => i % 4 === 3 && v > 0);
    });
    expect(drawn).toBe(true);
    expect(await p.textContent('#weeks tbody')).toContain(api.weeks[0].label);
    expect(api.weeks[0].label).toMatch(/^\d{1,2}\/\d{1,2}–\d{1,2}\/\d{1,2}$/);
    // The channel filter lists the channels the server knows, from its channel registry.
    const channels = await p.$$eval('#filters select[name=channel] option', (os) =>
      os.map((o) => (o as HTMLOptionElement).value),
    );
    expect(channels).toEqual(['', 'web', 'zalo', 'telegram']);
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

describe.runIf(RUN)('the funnels', () => {
  it('name every step by its title, with the number of people who reached it', async () => {
    const p = await page('/admin/');
    await p.fill('#token', ADMIN);
    await p.click('#login-form button[type=submit]');
    await p.waitForSelector('body[data-loaded="yes"]');
    const api = await (
      await fetch(`${server.url}/admin/api/stats`, { headers: { authorization: `Bearer ${ADMIN}` } })
    ).json();
    const qr = api.flows.find((f: { id: string }) => f.id === 'qr-payment');
    const mainPath = qr.funnel.filter((s: { dropOff?: number }, i: number) => i === 0 || s.dropOff !== undefined);
    const rows = await p.$$eval('#funnels [data-flow="qr-payment"] li.step', (lis) =>
      lis.map((li) => [li.querySelector('.step-title')!.textContent, li.querySelector('.reached')!.textContent]),
    );
    expect(rows).toEqual(
      mainPath.map((s: { title: string; reached: number }, i: number) => [`${i + 1}. ${s.title}`, String(s.reached)]),
    );
    expect(rows[0]).toEqual(['1. Chuẩn bị', '1']);
    // The VNeID flow: one person stopped after the first step, and the drop-off is said in words.
    const vneid = await p.textContent('#funnels [data-flow="vneid-level2"]');
    expect(vneid).toContain('2. Đăng ký ở công an xã, phường');
    expect(vneid).toContain('Rơi rụng 1 người');
    // No step ids anywhere a person reads.
    expect(await p.textContent('#funnels')).not.toMatch(/\b(prepare|open-app|wait-sms)\b/);
    const stopped = await p.textContent('#flows tr[data-flow="vneid-level2"]');
    expect(stopped).toContain('Chuẩn bị giấy tờ: 1 trong 1 người chưa xong');
    await p.close();
  }, 60_000);

  it('fit a 390-pixel phone without sideways scrolling', async () => {
    const p = await page('/admin/', { width: 390, height: 844 });
    await p.fill('#token', ADMIN);
    await p.click('#login-form button[type=submit]');
    await p.waitForSelector('body[data-loaded="yes"]');
    expect(await p.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    // The flows table stacks: each cell carries its column's name.
    const label = await p.$eval(
      '#flows tr[data-flow="qr-payment"] td:nth-child(2)',
      (td) => getComputedStyle(td, '::before').content,
    );
    expect(label).toBe('"Bắt đầu"');
    await p.click('#nav a[data-view="gui-tin"]');
    await p.waitForSelector('#composer', { state: 'visible' });
    expect(await p.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await p.close();
  }, 60_000);
});

describe.runIf(RUN)('the broadcast composer in a real browser', () => {
  it('lets a team schedule a broadcast for its area and see it in its list', async () => {
    const p = await page('/admin/#gui-tin');
    await p.fill('#token', TEAM);
    await p.click('#login-form button[type=submit]');
    await p.waitForSelector('#composer', { state: 'visible' });
    // A team sees only its own area, and how many people a broadcast would reach.
    expect(await p.$$eval('#c-area option', (os) => os.map((o) => o.textContent))).toEqual(['Phường Việt Hưng']);
    await expect.poll(() => p.textContent('#reach')).toBe('Sẽ gửi tới 1 người. Không ai bị bỏ qua.');

    const text = 'Tổ công nghệ số hỗ trợ cài VNeID tại nhà văn hóa thôn, 8 giờ sáng Chủ nhật.';
    await p.fill('#c-text', text);
    expect(await p.textContent('#c-preview')).toBe(text);
    await p.check('input[name=when][value=at]');
    await p.fill('#c-date', '2099-03-01');
    await p.fill('#c-time', '08:30');
    await p.click('#c-submit');
    await expect.poll(() => p.textContent('#composer-done')).toBe('Đã hẹn giờ gửi.');
    const row = p.locator('#broadcasts tbody tr', { hasText: text });
    await expect.poll(() => row.count()).toBe(1);
    expect(await row.textContent()).toContain('Đã lên lịch');
    expect(await row.textContent()).toContain('Một lần: 08:30');

    // The page sent Vietnam time as an ISO time.
    const { broadcasts } = await (
      await fetch(`${server.url}/admin/api/broadcasts`, { headers: { authorization: `Bearer ${TEAM}` } })
    ).json();
    const created = broadcasts.find((b: { text: string }) => b.text === text);
    expect(created).toMatchObject({
      at: '2099-03-01T01:30:00.000Z',
      audience: { area: 'viet-hung' },
      status: 'scheduled',
    });

    // A weekly schedule: the page writes the cron.
    await p.fill('#c-text', 'Họp tổ mỗi thứ Hai và thứ Năm.');
    await p.check('input[name=when][value=weekly]');
    await p.click('#c-submit');
    await expect.poll(() => p.textContent('#composer-error')).toBe('Hàng tuần: chọn ít nhất một ngày.');
    await p.check('#c-days input[value="1"]');
    await p.check('#c-days input[value="4"]');
    await p.selectOption('#c-hour', '9');
    await p.click('#c-submit');
    await expect
      .poll(() => p.locator('#broadcasts tbody tr', { hasText: 'Hàng tuần: T2, T5 lúc 9:00' }).count())
      .toBe(1);
    const weekly = (
      await (await fetch(`${server.url}/admin/api/broadcasts`, { headers: { authorization: `Bearer ${TEAM}` } })).json()
    ).broadcasts[0];
    expect(weekly.cron).toBe('0 9 * * 1,4');
    await p.close();
  }, 60_000);

  it("shows the server's Vietnamese message when a time is in the past, and cancels a broadcast", async () => {
    const p = await page('/admin/#gui-tin');
    await p.fill('#token', ADMIN);
    await p.click('#login-form button[type=submit]');
    await p.waitForSelector('#composer', { state: 'visible' });
    await p.fill('#c-text', 'Tin thử.');
    await p.check('input[name=when][value=at]');
    await p.fill('#c-date', '2020-01-01');
    await p.fill('#c-time', '08:00');
    await p.click('#c-submit');
    await expect.poll(() => p.textContent('#composer-error')).toBe('Chưa gửi được. at: không được là thời điểm đã qua');

    p.once('dialog', (d) => void d.accept());
    const row = p.locator('#broadcasts tbody tr', { hasText: 'Họp tổ mỗi thứ Hai' });
    await row.locator('button', { hasText: 'Hủy' }).click();
    await expect.poll(() => row.textContent()).toContain('Đã hủy');
    await p.close();
  }, 60_000);
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
