import { mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { browserAvailable, launchBrowser } from './helpers/browser.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { citizen, startTestServer } from './helpers/server.js';

const RUN = browserAvailable('test/handoff-browser.test.ts');
const TEAM = 'team-viet-hung-browser-0123';
// Kept as test artefacts; SCREENSHOT_DIR=docs/screenshots refreshes the ones the README shows.
const SCREENSHOTS = process.env.SCREENSHOT_DIR ?? join(tmpdir(), 'cds-screenshots');

let server: Awaited<ReturnType<typeof startTestServer>>;
let browser: Browser;
const cspErrors: string[] = [];
const asker = `w-${crypto.randomUUID()}`;

/** A web citizen of one ward who asks for a person and says what the matter is. */
async function openCase(userId: string, ward: string, message: string) {
  const c = citizen(server.url, userId);
  await c.say('đổi khu vực');
  await c.say(ward);
  expect((await c.say('gặp người thật')).match).toEqual({ kind: 'command', id: 'handoff' });
  expect((await c.say(message)).match.id).toBe('handoff-message');
}

beforeAll(async () => {
  if (!RUN) return;
  server = await startTestServer(undefined, {
    TEAM_TOKENS: `${TEAM}:viet-hung`,
    AREAS_FILE: 'test/fixtures/areas-handoff.yaml',
  });
  await openCase(`w-${crypto.randomUUID()}`, 'phường Bãi Cháy', 'Tôi ở Bãi Cháy, cần hỏi về sổ sức khỏe');
  await openCase(
    asker,
    'phường Việt Hưng',
    'Tôi đã ra công an phường rồi mà vẫn chưa thấy tin nhắn kích hoạt, số 0912 345 678',
  );
  browser = await launchBrowser();
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await server?.cleanup();
});

describe.runIf(RUN)('the handoff queue in /admin, in a real browser', () => {
  it('lets a team see the case a web citizen opened, answer it, and close it; the citizen’s inbox shows the answer', async () => {
    const p = await browser.newPage({ viewport: { width: 1000, height: 900 } });
    p.on('console', (m) => {
      if (m.type() === 'error' && /Content Security Policy/i.test(m.text())) cspErrors.push(m.text());
    });
    await p.goto(server.url + '/admin/');
    await p.fill('#token', TEAM);
    await p.click('#login-form button[type=submit]');
    await p.waitForSelector('body[data-handoffs="loaded"]');
    await expect.poll(() => p.textContent('#handoff-badge')).toBe('Hỗ trợ trực tiếp: 1 đang chờ');
    // The badge in the header leads to the queue.
    await p.click('#handoff-badge');
    await p.waitForSelector('#handoffs', { state: 'visible' });

    const cases = p.locator('#handoff-list article.case');
    expect(await cases.count()).toBe(1);
    const box = cases.first();
    expect(await box.locator('h3').textContent()).toBe('Phường Việt Hưng · Web');
    const shown = await box.locator('.messages').textContent();
    expect(shown).toContain('Tôi đã ra công an phường rồi mà vẫn chưa thấy tin nhắn kích hoạt, số [số đã ẩn]');
    expect(shown).not.toContain('0912');
    expect(shown).not.toContain('Bãi Cháy');

    await box
      .locator('textarea')
      .fill('Chào bạn, bạn kiểm tra lại số điện thoại đã khai với công an phường nhé. Chiều nay tổ gọi lại.');
    await box.locator('button.send').click();
    await expect.poll(() => box.locator('.messages li.from-team').count()).toBe(1);
    await expect
      .poll(() => box.locator('.messages li.from-team .who').textContent(), { timeout: 15_000 })
      .toContain('đã gửi');

    const res = await fetch(`${server.url}/api/chat/messages?userId=${asker}`);
    const inbox = (await res.json()) as { messages: { text: string }[] };
    expect(inbox.messages.map((m) => m.text)).toEqual([
      'Cán bộ hỗ trợ trả lời:\nChào bạn, bạn kiểm tra lại số điện thoại đã khai với công an phường nhé. Chiều nay tổ gọi lại.',
    ]);

    mkdirSync(SCREENSHOTS, { recursive: true });
    await p.screenshot({ path: `${SCREENSHOTS}/handoff-queue.png`, clip: await clipOf(p) });

    await box.locator('button.close').click();
    await expect.poll(() => p.textContent('#handoff-badge'), { timeout: 10_000 }).toBe('Hỗ trợ trực tiếp: 0 đang chờ');
    expect(await p.textContent('#handoff-list')).toContain('Không có yêu cầu nào đang chờ.');
    const texts = async () =>
      (
        (await (await fetch(`${server.url}/api/chat/messages?userId=${asker}`)).json()) as {
          messages: { text: string }[];
        }
      ).messages.map((m) => m.text);
    await expect.poll(texts, { timeout: 10_000 }).toHaveLength(2);
    expect((await texts())[1]).toContain('Cán bộ đã kết thúc cuộc trò chuyện hỗ trợ');
    await p.close();
  }, 60_000);

  it('shows the queue on a phone without sideways scrolling', async () => {
    await openCase(
      `w-${crypto.randomUUID()}`,
      'phường Việt Hưng',
      'Cho tôi hỏi cách cài sổ sức khỏe điện tử cho mẹ tôi',
    );
    const p = await browser.newPage({ viewport: { width: 390, height: 844 } });
    await p.goto(server.url + '/admin/');
    await p.fill('#token', TEAM);
    await p.click('#login-form button[type=submit]');
    await p.waitForSelector('#handoff-badge:not([hidden])');
    await p.click('#handoff-badge');
    await p.waitForSelector('#handoff-list article.case', { state: 'visible' });
    // The queue itself fits the screen (the rest of the dashboard is laid out elsewhere).
    const widths = await p.$$eval('#handoffs, #handoffs *, header', (nodes) =>
      nodes.map((n) => n.getBoundingClientRect().right),
    );
    expect(Math.max(...widths)).toBeLessThanOrEqual(390);
    await p.screenshot({ path: `${SCREENSHOTS}/handoff-queue-phone.png`, clip: await clipOf(p) });
    await p.close();
  }, 60_000);

  it('ran under the content security policy without violations', () => {
    expect(cspErrors).toEqual([]);
  });
});

/** The header and the handoff section, as one picture. */
async function clipOf(p: import('playwright-core').Page) {
  const section = (await p.locator('#handoffs').boundingBox())!;
  return { x: 0, y: 0, width: p.viewportSize()!.width, height: section.y + section.height + 12 };
}
