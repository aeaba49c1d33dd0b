import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postChat, startTestServer } from './helpers/server.js';

let server: Awaited<ReturnType<typeof startTestServer>>;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server.cleanup();
});

describe('POST /api/chat', () => {
  it('answers a greeting with replies, buttons and how it was understood', async () => {
    const { status, body } = await postChat(server.url, { userId: 'api-1', text: 'xin chào' });
    expect(status).toBe(200);
    expect(body.match).toEqual({ kind: 'command', id: 'greeting' });
    expect(body.replies[0]!.text).toContain('Trợ lý Công dân số');
    const buttons = body.replies.flatMap((r) => r.buttons ?? []);
    expect(buttons.map((b) => b.payload)).toContain('flow:vneid-level2');
  });

  it('starts a flow from a request typed without diacritics and reports the step', async () => {
    const { body } = await postChat(server.url, { userId: 'api-2', text: 'kich hoat vneid muc 2' });
    expect(body.match).toMatchObject({ kind: 'flow', id: 'vneid-level2', step: 'prepare' });
    expect(typeof body.match.score).toBe('number');
  });

  it('accepts a button payload instead of text', async () => {
    const { body } = await postChat(server.url, { userId: 'api-3', payload: 'flow:qr-payment' });
    expect(body.match).toMatchObject({ kind: 'flow', id: 'qr-payment' });
  });

  it('serves the web chat page and the health check', async () => {
    const page = await fetch(server.url);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('Trợ lý Công dân số');
    const health = await fetch(`${server.url}/healthz`);
    expect(health.status).toBe(200);
  });
});

describe('POST /api/chat with bad input', () => {
  const cases: [string, unknown, string | undefined, number, string][] = [
    ['a missing userId', { text: 'xin chào' }, undefined, 400, 'userId'],
    ['a userId with spaces', { userId: 'a b', text: 'hi' }, undefined, 400, 'userId'],
    ['a userId over 64 characters', { userId: 'x'.repeat(65), text: 'hi' }, undefined, 400, 'userId'],
    ['text over 2,000 characters', { userId: 'bad-1', text: 'a'.repeat(2001) }, undefined, 400, 'text'],
    ['both text and payload', { userId: 'bad-1', text: 'hi', payload: 'cmd:menu' }, undefined, 400, 'text'],
    ['neither text nor payload', { userId: 'bad-1' }, undefined, 400, 'text'],
    ['a number as text', { userId: 'bad-1', text: 42 }, undefined, 400, 'text'],
    ['an unknown field', { userId: 'bad-1', text: 'hi', admin: true }, undefined, 400, 'body'],
    ['a body that is not JSON', undefined, '{"userId": "bad-1", "text": ', 400, 'body'],
    ['a JSON array', undefined, '[1,2]', 400, 'body'],
    ['a body over 64 KB', undefined, JSON.stringify({ userId: 'bad-1', text: 'a'.repeat(70_000) }), 413, 'body'],
  ];

  it.each(cases)('refuses %s, naming the field', async (_name, body, raw, status, field) => {
    const reply = await postChat(server.url, body, raw);
    expect(reply.status).toBe(status);
    expect(reply.body.error).toMatch(new RegExp(`^${field}`));
  });

  it('changes nothing when it refuses', async () => {
    const before = snapshot(server.dataDir);
    await postChat(server.url, { userId: 'bad-2', text: 'a'.repeat(2001) });
    await postChat(server.url, { userId: 'bad-2', text: 'hi', payload: 'x' });
    await server.store.flush();
    expect(snapshot(server.dataDir)).toEqual(before);
    expect(await server.store.getUser('web:bad-2')).toBeUndefined();
  });
});

describe('GET /api/chat/messages', () => {
  it('returns the messages pushed to a web user, after a cursor', async () => {
    server.store.pushInbox('web:push-1', { id: '0001', text: 'Nhắc lịch', at: new Date().toISOString() });
    server.store.pushInbox('web:push-1', { id: '0002', text: 'Nhắc lần hai', at: new Date().toISOString() });
    await server.store.flush();
    const all = await (await fetch(`${server.url}/api/chat/messages?userId=push-1`)).json();
    expect(all.messages.map((m: { text: string }) => m.text)).toEqual(['Nhắc lịch', 'Nhắc lần hai']);
    expect(all.cursor).toBe('0002');
    const after = await (await fetch(`${server.url}/api/chat/messages?userId=push-1&after=0001`)).json();
    expect(after.messages.map((m: { id: string }) => m.id)).toEqual(['0002']);
  });

  it('refuses a missing userId', async () => {
    const res = await fetch(`${server.url}/api/chat/messages`);
    expect(res.status).toBe(400);
    expect((await res.json()).error).toMatch(/^userId/);
  });
});

function snapshot(dir: string): Record<string, string> {
  return Object.fromEntries(readdirSync(dir).map((f) => [f, readFileSync(join(dir, f), 'utf8')]));
}
