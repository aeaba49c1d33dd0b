// Screenshots of /admin for the docs: the broadcast composer and the funnels, on a desktop and on
// a 390×844 phone. Starts the real server with a temporary DATA_DIR, fills it through the chat
// API, and drives Debian's chromium. Run: npx tsx scripts/admin-screenshots.ts
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { createLogger } from '../src/lib/log.js';
import { startServer } from '../src/server.js';

const OUT = 'docs/screenshots';
const ADMIN = 'screenshot-admin-token-0123';
const TEAM = 'screenshot-team-token-0123';

async function say(url: string, userId: string, text: string) {
  const res = await fetch(`${url}/api/chat`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ userId, text }),
  });
  return (await res.json()) as { match: { completed?: boolean } };
}

async function main() {
  const dataDir = mkdtempSync(join(tmpdir(), 'cds-shots-'));
  const server = await startServer(
    {
      PORT: 0,
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      CONTENT_DIR: process.cwd(),
      RATE_LIMIT_PER_MINUTE: 0,
      USER_RATE_LIMIT_PER_MINUTE: 0,
      ADMIN_TOKEN: ADMIN,
      TEAM_TOKENS: `${TEAM}:viet-hung`,
    },
    createLogger({ level: 'silent' }),
    {},
  );
  // Twelve citizens of Việt Hưng: some finish, some stop part-way, two give up.
  for (let i = 0; i < 12; i++) {
    const id = `shot-${i}`;
    await say(server.url, id, 'đổi khu vực');
    await say(server.url, id, 'Việt Hưng');
    const flow = i % 3 === 0 ? 'hướng dẫn kích hoạt vneid mức 2' : 'hướng dẫn thanh toán qr';
    let reply = await say(server.url, id, flow);
    for (let step = 0; step < 2 + i && !reply.match.completed; step++) reply = await say(server.url, id, '1');
    if (i === 4 || i === 7) await say(server.url, id, 'hủy');
  }
  await say(server.url, 'shot-off', 'đổi khu vực');
  await say(server.url, 'shot-off', 'Việt Hưng');
  await say(server.url, 'shot-off', 'dừng nhắc');

  mkdirSync(OUT, { recursive: true });
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu'],
  });
  for (const [name, viewport] of [
    ['desktop', { width: 1280, height: 900 }],
    ['phone', { width: 390, height: 844 }],
  ] as const) {
    const page = await browser.newPage({ viewport, locale: 'vi-VN', timezoneId: 'Asia/Ho_Chi_Minh' });
    await page.goto(`${server.url}/admin/`);
    await page.fill('#token', TEAM);
    await page.click('#login-form button[type=submit]');
    await page.waitForSelector('body[data-loaded="yes"]');
    await page.locator('#funnels').screenshot({ path: `${OUT}/admin-funnels-${name}.png` });
    await page.locator('section:has(#flows)').screenshot({ path: `${OUT}/admin-flows-${name}.png` });
    await page.click('#nav a[data-view="gui-tin"]');
    await page.fill(
      '#c-text',
      'Tổ công nghệ số thôn Việt Hưng hỗ trợ cài VNeID tại nhà văn hóa, 8 giờ sáng Chủ nhật.\nMang theo thẻ căn cước và điện thoại.',
    );
    await page.check('input[name=when][value=weekly]');
    await page.check('#c-days input[value="0"]');
    await page.waitForFunction(() => document.getElementById('reach')!.textContent!.startsWith('Sẽ gửi'));
    await page.click('#c-submit');
    await page.waitForSelector('#broadcasts tbody tr');
    await page.fill('#c-text', 'Chiều thứ Bảy, tổ hỗ trợ thanh toán bằng mã QR ở chợ thôn.');
    await page.screenshot({ path: `${OUT}/admin-composer-${name}.png`, fullPage: true });
    await page.close();
  }
  await browser.close();
  await server.stop();
  rmSync(dataDir, { recursive: true, force: true });
}

await main();
