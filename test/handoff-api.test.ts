import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { AreaList } from '../src/content/areas.js';
import { readConfig } from '../src/config.js';
import { loadContent } from '../src/content/load.js';
import { ConversationCore } from '../src/core/conversation.js';
import { MemoryStore } from '../src/store/memory-store.js';
import { allText, citizen, startTestServer } from './helpers/server.js';

const ADMIN = 'admin-token-handoff-0123456789';
const TEAM = 'team-viet-hung-handoff-0123';
const OTHER_TEAM = 'team-bai-chay-handoff-45678';
/** The outbox delivers at once, but a channel's per-chat pace (Telegram: 1 a second) may hold a second message. */
const DELIVERED = { timeout: 10_000 };
const HOUR = 3_600_000;
let server: Awaited<ReturnType<typeof startTestServer>>;

beforeAll(async () => {
  server = await startTestServer(undefined, {
    ADMIN_TOKEN: ADMIN,
    TEAM_TOKENS: `${TEAM}:viet-hung;${OTHER_TEAM}:bai-chay`,
    AREAS_FILE: 'test/fixtures/areas-handoff.yaml',
  });
});
afterAll(async () => {
  await server.cleanup();
});

interface CaseView {
  id: string;
  channel: string;
  area: string | null;
  status: string;
  openedAt: string;
  closedBy?: string;
  canReply: boolean;
  messages: { from: string; text: string; at: string; delivery?: string }[];
}

const call = async (method: string, path: string, token: string, body?: unknown) => {
  const res = await fetch(server.url + path, {
    method,
    headers: {
      authorization: `Bearer ${token}`,
      ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
    },
    ...(body !== undefined ? { body: typeof body === 'string' ? body : JSON.stringify(body) } : {}),
  });
  return { status: res.status, body: await res.json() };
};
const list = async (token: string, status = 'open') =>
  (await call('GET', `/admin/api/handoffs?status=${status}`, token)).body.handoffs as CaseView[];
const inbox = async (userId: string) => {
  const res = await fetch(`${server.url}/api/chat/messages?userId=${userId}`);
  return ((await res.json()) as { messages: { text: string }[] }).messages.map((m) => m.text);
};

/** A web citizen of Việt Hưng (told the bot their ward) who asks for a person. */
async function citizenWithCase(ask = 'gặp người thật') {
  const c = citizen(server.url);
  await c.say('đổi khu vực');
  expect(allText(await c.say('phường Việt Hưng'))).toContain('Việt Hưng');
  const reply = await c.say(ask);
  expect(reply.match).toEqual({ kind: 'command', id: 'handoff' });
  const mine = (await list(ADMIN)).find((h) => h.messages.some((m) => m.from === 'citizen' && m.text === ask))!;
  return { c, reply, id: mine.id };
}

describe('a citizen who asks for a person', () => {
  it('is told who answers and when, sees the contacts of their area, and a case opens for that team', async () => {
    const { reply, id } = await citizenWithCase();
    const text = allText(reply);
    expect(text).toContain('tổ công nghệ số cộng đồng Phường Việt Hưng');
    expect(text).toContain('trong giờ làm việc (sáng thứ Hai đến thứ Sáu (giờ thử))');
    expect(text).toContain('Tổ công nghệ số cộng đồng phường Việt Hưng (thử)');
    expect(text).toContain('24 giờ');
    expect(reply.replies.at(-1)!.buttons).toContainEqual({ title: 'Kết thúc hỗ trợ', payload: 'cmd:handoff-end' });
    const mine = (await list(TEAM)).find((h) => h.id === id)!;
    expect(mine).toMatchObject({ channel: 'web', area: 'viet-hung', status: 'open', canReply: true });
    expect(mine.messages.map((m) => m.from)).toEqual(['bot', 'citizen']);
  });

  it('is understood however they ask, and gets the province-wide line when their area is unknown', async () => {
    for (const ask of [
      'cho tôi nói chuyện với cán bộ',
      'gặp nhân viên',
      'muốn gặp người hỗ trợ',
      'gap nguoi that',
      'cho em xin gặp cán bộ hỗ trợ với ạ',
    ]) {
      const reply = await citizen(server.url).say(ask);
      expect(reply.match, ask).toEqual({ kind: 'command', id: 'handoff' });
      const text = allText(reply);
      expect(text).toContain('cán bộ hỗ trợ của tỉnh');
      expect(text).toContain('Tổng đài hỗ trợ VNeID (Bộ Công an): điện thoại 1900 0368');
      expect(reply.replies.at(-1)!.buttons![0]).toEqual({ title: 'Cho biết xã, phường', payload: 'cmd:change-area' });
    }
    expect((await citizen(server.url).press('cmd:handoff')).match).toEqual({ kind: 'command', id: 'handoff' });
    // Cases without an area go to the province (admin), not to a team.
    expect((await list(TEAM)).every((h) => h.area === 'viet-hung')).toBe(true);
    expect((await list(ADMIN)).some((h) => h.area === null)).toBe(true);
  });

  it('is not answered by the bot while the case is open: free text goes to the team, commands still work', async () => {
    const { c, id } = await citizenWithCase();
    const held = await c.say('hướng dẫn kích hoạt vneid mức 2');
    expect(held.match).toEqual({ kind: 'command', id: 'handoff-message' });
    expect(allText(held)).toContain('Tổ hỗ trợ đã nhận tin');
    expect((await c.say('cảm ơn')).match.id).toBe('handoff-message');
    expect((await c.say('số của tôi 0912 345 678')).match.id).toBe('handoff-message');
    expect((await c.say('menu')).match).toEqual({ kind: 'command', id: 'menu' });
    expect(allText(await c.say('dữ liệu của tôi'))).toContain('Ông/Bà có 1 yêu cầu gặp cán bộ');
    const again = await c.say('gặp người thật');
    expect(again.match.id).toBe('handoff');
    expect(allText(again)).toContain('đã được chuyển tới');
    const view = (await list(TEAM)).find((h) => h.id === id)!;
    const texts = view.messages.filter((m) => m.from === 'citizen').map((m) => m.text);
    expect(texts).toEqual([
      'gặp người thật',
      'hướng dẫn kích hoạt vneid mức 2',
      'cảm ơn',
      'số của tôi [số đã ẩn]',
      'gặp người thật',
    ]);
    expect(JSON.stringify(view)).not.toContain(c.userId);
    expect(JSON.stringify(view)).not.toContain('0912');
  });

  it('can end the case themselves, and the bot answers again', async () => {
    const { c, id } = await citizenWithCase();
    const ended = await c.say('kết thúc hỗ trợ');
    expect(ended.match).toEqual({ kind: 'command', id: 'handoff-end' });
    expect((await c.say('hướng dẫn kích hoạt vneid mức 2')).match).toMatchObject({ kind: 'flow', id: 'vneid-level2' });
    expect((await list(ADMIN, 'closed')).find((h) => h.id === id)).toMatchObject({
      status: 'closed',
      closedBy: 'citizen',
    });
  });

  it('can end the case by typing the number of the "Kết thúc hỗ trợ" button, while other numbers go to the team', async () => {
    const { c } = await citizenWithCase();
    const received = await c.say('tôi ở tổ 5');
    expect(received.match).toEqual({ kind: 'command', id: 'handoff-message' });
    expect(received.replies.at(-1)!.buttons!.map((b) => b.title)).toEqual(['Kết thúc hỗ trợ']);
    expect((await c.say('5')).match).toEqual({ kind: 'command', id: 'handoff-message' });
    expect((await c.say('1')).match).toEqual({ kind: 'command', id: 'handoff-end' });
  });
});

describe('the team answering in /admin/api/handoffs', () => {
  it('sees only the cases of its areas: 403 outside them, 401 without a token', async () => {
    const { id } = await citizenWithCase();
    expect((await list(OTHER_TEAM)).some((h) => h.id === id)).toBe(false);
    expect((await call('POST', `/admin/api/handoffs/${id}/replies`, OTHER_TEAM, { text: 'chào' })).status).toBe(403);
    expect((await call('POST', `/admin/api/handoffs/${id}/close`, OTHER_TEAM)).status).toBe(403);
    expect((await fetch(`${server.url}/admin/api/handoffs`)).status).toBe(401);
    expect((await call('POST', '/admin/api/handoffs/h-nope/replies', ADMIN, { text: 'chào' })).status).toBe(404);
  });

  it('lists the newest case first', async () => {
    const first = await citizenWithCase();
    const second = await citizenWithCase();
    const ids = (await list(TEAM)).map((h) => h.id);
    expect(ids.indexOf(second.id)).toBeLessThan(ids.indexOf(first.id));
  });

  it('refuses a bad reply in Vietnamese, naming the field, and changes nothing', async () => {
    const { id } = await citizenWithCase();
    const empty = await call('POST', `/admin/api/handoffs/${id}/replies`, TEAM, { text: '   ' });
    expect(empty).toEqual({ status: 400, body: { error: 'text: nội dung trả lời không được để trống' } });
    const missing = await call('POST', `/admin/api/handoffs/${id}/replies`, TEAM, {});
    expect(missing.status).toBe(400);
    expect(missing.body.error).toMatch(/^text: cần nội dung trả lời/);
    expect((await call('POST', `/admin/api/handoffs/${id}/replies`, TEAM, { text: 'x'.repeat(2001) })).body.error).toBe(
      'text: nội dung trả lời dài tối đa 2000 ký tự',
    );
    expect((await call('GET', '/admin/api/handoffs?status=maybe', TEAM)).body.error).toMatch(
      /^status: trạng thái phải là/,
    );
    expect((await list(TEAM)).find((h) => h.id === id)!.messages.some((m) => m.from === 'team')).toBe(false);
  });

  it('replies through the outbox to the web inbox, then closes the case and the bot answers again', async () => {
    const { c, id } = await citizenWithCase();
    const sent = await call('POST', `/admin/api/handoffs/${id}/replies`, TEAM, {
      text: 'Chào bác, mai bác mang căn cước ra phường nhé.',
    });
    expect(sent.status).toBe(201);
    expect(sent.body.messages.at(-1)).toMatchObject({
      from: 'team',
      text: 'Chào bác, mai bác mang căn cước ra phường nhé.',
    });
    await expect
      .poll(() => inbox(c.userId), DELIVERED)
      .toContain('Cán bộ hỗ trợ trả lời:\nChào bác, mai bác mang căn cước ra phường nhé.');
    await expect
      .poll(async () => (await list(TEAM)).find((h) => h.id === id)!.messages.at(-1)!.delivery, DELIVERED)
      .toBe('sent');

    const closed = await call('POST', `/admin/api/handoffs/${id}/close`, TEAM);
    expect(closed.status).toBe(200);
    expect(closed.body.status).toBe('closed');
    await expect
      .poll(
        async () => (await inbox(c.userId)).some((t) => t.startsWith('Cán bộ đã kết thúc cuộc trò chuyện hỗ trợ')),
        DELIVERED,
      )
      .toBe(true);
    expect((await c.say('hướng dẫn kích hoạt vneid mức 2')).match).toMatchObject({ kind: 'flow', id: 'vneid-level2' });
    expect((await call('POST', `/admin/api/handoffs/${id}/replies`, TEAM, { text: 'còn đó không?' })).status).toBe(409);
    expect((await list(TEAM, 'closed')).find((h) => h.id === id)).toMatchObject({ closedBy: 'team' });
  });

  it('closes a case by itself after 24 hours without a team reply, with an apology and the contacts', async () => {
    const { c, id } = await citizenWithCase();
    const opened = Date.now();
    await server.reminders.tick(new Date(opened + 23 * HOUR));
    expect((await list(TEAM)).some((h) => h.id === id)).toBe(true);
    await server.reminders.tick(new Date(opened + 24 * HOUR + 60_000));
    expect((await list(TEAM)).some((h) => h.id === id)).toBe(false);
    expect((await list(TEAM, 'closed')).find((h) => h.id === id)).toMatchObject({
      status: 'closed',
      closedBy: 'timeout',
    });
    await expect.poll(() => inbox(c.userId), DELIVERED).toEqual([expect.stringContaining('Xin lỗi ông/bà, đã 24 giờ')]);
    expect((await inbox(c.userId))[0]).toContain('Tổ công nghệ số cộng đồng phường Việt Hưng (thử)');
    expect((await c.say('hướng dẫn kích hoạt vneid mức 2')).match).toMatchObject({ kind: 'flow' });
    // Closed cases are kept 30 days, then removed.
    await server.reminders.tick(new Date(opened + 24 * HOUR + 29 * 24 * HOUR));
    expect((await list(TEAM, 'closed')).some((h) => h.id === id)).toBe(true);
    await server.reminders.tick(new Date(opened + 24 * HOUR + 31 * 24 * HOUR));
    expect((await list(TEAM, 'closed')).some((h) => h.id === id)).toBe(false);
  });

  it('keeps cases across a restart, and erasing the person removes theirs from memory and disk', async () => {
    const { c, id } = await citizenWithCase('gặp nhân viên');
    await c.say('tôi là Nguyễn Thị Hoa ở tổ 5');
    const dataDir = server.dataDir;
    await server.stop();
    server = await startTestServer(dataDir, {
      ADMIN_TOKEN: ADMIN,
      TEAM_TOKENS: `${TEAM}:viet-hung`,
      AREAS_FILE: 'test/fixtures/areas-handoff.yaml',
      ERASURE_PURGE_SECONDS: 1,
    });
    expect((await list(TEAM)).find((h) => h.id === id)!.messages.at(-1)!.text).toBe('tôi là Nguyễn Thị Hoa ở tổ 5');
    const same = citizen(server.url, c.userId);
    expect((await same.say('hỏi tiếp')).match.id).toBe('handoff-message');
    expect((await same.say('xóa dữ liệu của tôi')).match.id).toBe('delete-data');
    expect((await same.say('đồng ý xóa')).match.id).toBe('delete-confirm');
    expect([...(await list(ADMIN)), ...(await list(ADMIN, 'closed'))].some((h) => h.id === id)).toBe(false);
    // Old copies leave the disk at the compaction that follows an erasure (ERASURE_PURGE_SECONDS).
    const onDisk = () =>
      readdirSync(dataDir)
        .filter((f) => /^(db\.json|journal\.\d+\.jsonl)$/.test(f))
        .map((f) => readFileSync(join(dataDir, f), 'utf8'))
        .join('\n');
    await vi.waitFor(() => expect(onDisk()).not.toContain('Nguyễn Thị Hoa'), { timeout: 10_000, interval: 100 });
  });
});

describe('the handoff command with the shipped area list', () => {
  it('shows a Bãi Cháy citizen where to go in their ward and the province-wide line', async () => {
    const store = new MemoryStore();
    const core = new ConversationCore({
      content: loadContent(process.cwd()),
      store,
      pseudonym: async (k) => `p-${k}`,
      areas: new AreaList(readConfig({}).AREAS_FILE),
    });
    const say = (text: string) => core.handle({ channel: 'telegram', userId: '42', text, at: new Date() });
    await say('đổi khu vực');
    await say('Bãi Cháy');
    const reply = await say('gặp nhân viên');
    expect(reply.match).toEqual({ kind: 'command', id: 'handoff' });
    const text = reply.replies.map((r) => r.text).join('\n');
    expect(text).toContain('tổ công nghệ số cộng đồng Phường Bãi Cháy');
    expect(text).toContain('• Công an phường Bãi Cháy');
    expect(text).toContain('điện thoại 1900 0368');
    expect(text).not.toMatch(/giờ làm việc \(/); // the list gives no hours: none are made up
    expect(await store.handoffs()).toMatchObject([{ channel: 'telegram', area: 'bai-chay', status: 'open' }]);
  });
});
