import { existsSync, mkdirSync } from 'node:fs';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { citizen, startTestServer } from './helpers/server.js';

// The web chat page on a phone (390x844) in Debian's chromium, against the real server.
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const SHOTS = 'test-artifacts/chat-page';
const TEAM = 'team-token-chat-page-0123456';
const USER = 'w-' + '5a'.repeat(18);
/** The machine is shared: give the page time. */
const WAIT = { timeout: 20_000, interval: 100 };

let server: Awaited<ReturnType<typeof startTestServer>>;
let browser: Browser;

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) throw new Error(`no browser at ${CHROMIUM}`);
  mkdirSync(SHOTS, { recursive: true });
  server = await startTestServer(undefined, {
    TEAM_TOKENS: `${TEAM}:viet-hung`,
    QUIET_HOURS: '',
    REMINDER_TICK_SECONDS: 59,
  });
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-gpu', '--no-first-run'],
  });
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await server?.cleanup();
});

async function phone(): Promise<{ context: BrowserContext; page: Page; posts: string[] }> {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 2 });
  const page = await context.newPage();
  const posts: string[] = [];
  page.on('request', (r) => {
    if (r.method() === 'POST' && r.url().endsWith('/api/chat')) posts.push(r.postData() ?? '');
  });
  return { context, page, posts };
}

const bubbles = (page: Page, who: 'me' | 'bot') =>
  page.$$eval(`#log .msg.${who}`, (els) => els.map((e) => e.textContent ?? ''));

async function type(page: Page, text: string) {
  const before = (await bubbles(page, 'bot')).length;
  await page.fill('#text', text);
  await page.press('#text', 'Enter');
  await expect.poll(async () => (await bubbles(page, 'bot')).length, WAIT).toBeGreaterThan(before);
}

describe('the chat page on a phone', { timeout: 90_000 }, () => {
  it('greets once with the menu, posts no bubble the citizen did not type, and keeps the conversation across a reload', async () => {
    const { context, page, posts } = await phone();
    await page.goto(server.url + '/');
    await page.waitForSelector('.msg.bot .buttons button');
    expect(await bubbles(page, 'me')).toEqual([]);
    const greeting = (await bubbles(page, 'bot')).join('\n');
    expect(greeting.match(/Xin chào/g)).toHaveLength(1);
    await page.screenshot({ path: `${SHOTS}/1-first-visit.png` });

    // a number picks from the menu, as pressing its button would
    await type(page, '3');
    expect((await bubbles(page, 'bot')).join('\n')).toContain('Bắt đầu hướng dẫn: Thanh toán bằng mã QR');
    await type(page, 'tổng đài vneid muốn gặp người hướng dẫn trực tiếp');
    const before = { me: await bubbles(page, 'me'), bot: await bubbles(page, 'bot') };
    const sent = posts.length;

    await page.reload();
    await page.waitForSelector('.msg.bot');
    expect(await bubbles(page, 'me')).toEqual(before.me);
    expect(await bubbles(page, 'bot')).toEqual(before.bot);
    expect(posts.length).toBe(sent);
    // only the last answer's buttons can still be pressed
    const lists = await page.$$eval('#log .msg.bot .buttons', (boxes) =>
      boxes.map((box) => Array.from(box.querySelectorAll('button')).map((b) => !b.disabled)),
    );
    expect(lists[0]!.every((on) => !on)).toBe(true);
    expect(lists.at(-1)!.every((on) => on)).toBe(true);
    await page.screenshot({ path: `${SHOTS}/2-after-reload.png` });
    await context.close();
  });

  it('makes phone numbers tel: links and official addresses links, as text, never markup', async () => {
    const { context, page } = await phone();
    await page.goto(server.url + '/');
    await page.waitForSelector('.msg.bot .buttons button');
    await type(page, 'muốn gặp người hướng dẫn trực tiếp');
    expect(
      await page.$$eval('a[href^="tel:"]', (as) => as.map((a) => [a.getAttribute('href'), a.textContent])),
    ).toContainEqual(['tel:19000368', '1900 0368']);
    // While the case is open the team answers, not the bot: end it to ask the bot again.
    await type(page, 'kết thúc hỗ trợ');
    await type(page, 'đăng nhập dịch vụ công bằng vneid như thế nào');
    expect(await page.$$eval('a[href*="gov.vn"]', (as) => as.map((a) => a.getAttribute('href')))).toContain(
      'https://dichvucong.gov.vn',
    );
    // what the citizen types is shown as typed
    await type(page, '<img src=x onerror="document.title=1"> 0912 345 678');
    expect(await page.$$eval('#log .msg.me img, #log .msg.me a', (els) => els.length)).toBe(0);
    expect(await page.title()).toBe('Trợ lý Công dân số');
    await page.screenshot({ path: `${SHOTS}/3-links.png` });
    await context.close();
  });

  it('says in Vietnamese when the server refuses (429 from the real per-IP limit), answers in English or not at all', async () => {
    const limited = await startTestServer(undefined, { RATE_LIMIT_PER_MINUTE: 3 });
    try {
      const { context, page } = await phone();
      await page.goto(limited.url + '/');
      await page.waitForSelector('.msg.bot .buttons button');
      for (const text of ['ok', 'cảm ơn', 'menu']) {
        await page.fill('#text', text);
        await page.press('#text', 'Enter');
      }
      // the server's own Vietnamese words for its per-address limit
      await expect
        .poll(() => page.textContent('#log .error'), WAIT)
        .toMatch(/^Hệ thống đang nhận quá nhiều tin nhắn.*một phút/);
      await page.screenshot({ path: `${SHOTS}/4-refused.png` });
      await context.close();
    } finally {
      await limited.cleanup();
    }
    const { context, page } = await phone();
    await page.goto(server.url + '/');
    await page.waitForSelector('.msg.bot .buttons button');
    const answers: [number | 'network', string][] = [
      [400, 'Tin nhắn chưa gửi được. Ông/Bà gõ lại rồi gửi.'],
      [413, 'Tin nhắn quá dài. Ông/Bà gõ ngắn hơn (tối đa 2.000 chữ).'],
      [503, 'Hệ thống đang bận. Ông/Bà thử lại sau ít phút.'],
      ['network', 'Mất kết nối. Ông/Bà kiểm tra mạng rồi gửi lại.'],
    ];
    for (const [status, message] of answers) {
      await page.route('**/api/chat', (route) =>
        status === 'network'
          ? route.abort('internetdisconnected')
          : route.fulfill({
              status,
              contentType: 'application/json',
              body: '{"error":"text: must be at most 2000 characters"}',
            }),
      );
      await page.fill('#text', `thử ${status}`);
      await page.press('#text', 'Enter');
      await expect.poll(() => page.$$eval('#log .error', (e) => e.at(-1)?.textContent), WAIT).toBe(message);
      await page.unroute('**/api/chat');
    }
    await context.close();
  });

  it('shows a pushed message with who sent it and when', async () => {
    // This browser's citizen finished a flow and said where they live (Việt Hưng), through the API.
    const c = citizen(server.url, USER);
    let reply = await c.say('hướng dẫn thanh toán qr');
    while (!reply.match.completed) reply = await c.say('1');
    await c.say('Việt Hưng');
    const { context, page } = await phone();
    await context.addInitScript((id) => localStorage.setItem('cds-user', id), USER);
    await page.goto(server.url + '/');
    await page.waitForSelector('.msg.bot');
    await expect.poll(() => page.evaluate(() => localStorage.getItem('cds-cursor')), WAIT).not.toBeNull();

    const res = await fetch(`${server.url}/admin/api/broadcasts`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${TEAM}` },
      body: JSON.stringify({
        text: 'Chủ nhật này tổ hỗ trợ cài VNeID tại nhà văn hóa thôn, gọi 0912 345 678.',
        audience: { area: 'viet-hung' },
      }),
    });
    expect(res.status).toBe(201);
    await server.reminders.tick();
    await server.reminders.tick();
    const [pushed] = (await (await fetch(`${server.url}/api/chat/messages?userId=${USER}`)).json()).messages;
    await page.reload();
    await page.waitForSelector('.msg.pushed');
    const at = new Date(pushed.at);
    const vn = new Date(at.getTime() + 7 * 3600_000);
    const two = (n: number) => String(n).padStart(2, '0');
    const stamp = `${two(vn.getUTCHours())}:${two(vn.getUTCMinutes())}, ${two(vn.getUTCDate())}/${two(vn.getUTCMonth() + 1)}`;
    expect(await page.textContent('.msg.pushed .meta')).toBe(`Tổ công nghệ số cộng đồng · ${stamp}`);
    expect(await page.getAttribute('.msg.pushed a', 'href')).toBe('tel:0912345678');
    await page.screenshot({ path: `${SHOTS}/5-pushed.png` });
    await context.close();
  });
});
