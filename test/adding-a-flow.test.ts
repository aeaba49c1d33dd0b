// Adding a guided flow is one YAML file: dropped into flows/, it is in the menu where the file
// says, a citizen can start and finish it, and the dashboard counts it — no code changes.
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { citizen, startTestServer } from './helpers/server.js';

const ADMIN = 'admin-token-for-a-fifth-flow-0123456789';

// A test fixture, not content: it lives only in this test's copy of the content folder.
const FIFTH_FLOW = `
id: practice-flow
version: 1
title: Luồng tập dùng thử trợ lý
menuLabel: Tập dùng trợ lý
menuOrder: 2
summary: Một luồng ngắn để tập bấm nút và trả lời.
source:
  - "Tệp thử của bộ kiểm thử"
triggers:
  - tập dùng thử trợ lý số
  - muốn tập dùng thử trợ lý
  - cho tôi tập dùng thử trợ lý
  - bắt đầu tập dùng thử trợ lý
  - hướng dẫn tập dùng thử trợ lý
start: hello
steps:
  - id: hello
    title: Làm quen
    messages:
      - Đây là bước tập. Ông/Bà bấm "Tiếp tục" nhé.
    options:
      - label: Tiếp tục
        says: yes
        next: try
      - label: Dừng lại
        says: no
        next: stop
  - id: try
    title: Thử trả lời
    milestone: tried
    messages:
      - Ông/Bà trả lời được rồi. Bấm "Xong" để kết thúc.
    options:
      - label: Xong
        says: yes
        next: done
      - label: Dừng lại
        says: no
        next: stop
  - id: done
    title: Hoàn thành
    messages:
      - Ông/Bà đã tập xong.
    end: completed
  - id: stop
    title: Dừng
    messages:
      - Ông/Bà có thể tập lại bất cứ lúc nào.
    end: stopped
`;

let contentDir: string;
let server: Awaited<ReturnType<typeof startTestServer>>;
beforeAll(async () => {
  contentDir = mkdtempSync(join(tmpdir(), 'cds-content-'));
  for (const folder of ['flows', 'knowledge']) cpSync(folder, join(contentDir, folder), { recursive: true });
  writeFileSync(join(contentDir, 'flows', 'practice-flow.yaml'), FIFTH_FLOW);
  server = await startTestServer(undefined, { CONTENT_DIR: contentDir, ADMIN_TOKEN: ADMIN });
});
afterAll(async () => {
  await server.cleanup();
  rmSync(contentDir, { recursive: true, force: true });
});

describe('a fifth flow added as one file', () => {
  it('is in the menu where its file says (second place shared: then by id)', async () => {
    const reply = await citizen(server.url).say('menu');
    const flowButtons = reply.replies.flatMap((r) => r.buttons ?? []).filter((b) => b.payload.startsWith('flow:'));
    expect(flowButtons.map((b) => b.payload)).toEqual([
      'flow:vneid-level2',
      'flow:online-fee-payment',
      'flow:practice-flow',
      'flow:qr-payment',
      'flow:e-health-record',
    ]);
    expect(flowButtons[2]!.title).toBe('Tập dùng trợ lý');
  });

  it('starts from its own words, finishes by typing "1", and the dashboard counts it', async () => {
    const c = citizen(server.url);
    expect((await c.say('cho tôi tập dùng thử trợ lý')).match).toMatchObject({ kind: 'flow', id: 'practice-flow' });
    expect((await c.say('1')).match).toMatchObject({ kind: 'flow-step', id: 'practice-flow', step: 'try' });
    const last = await c.say('1');
    expect(last.match).toMatchObject({ kind: 'flow-step', id: 'practice-flow', completed: true });
    expect(last.replies.map((r) => r.text).join('\n')).toContain('Ông/Bà đã tập xong.');

    const res = await fetch(`${server.url}/admin/api/stats`, { headers: { authorization: `Bearer ${ADMIN}` } });
    const stats = (await res.json()) as { flows: { id: string; title: string; started: number; completed: number }[] };
    expect(stats.flows.find((f) => f.id === 'practice-flow')).toMatchObject({
      title: 'Luồng tập dùng thử trợ lý',
      started: 1,
      completed: 1,
    });
  });
});
