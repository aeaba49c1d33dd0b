import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../src/lib/log.js';
import { allText, citizen, startTestServer } from './helpers/server.js';

const FLOWS: [string, string][] = [
  ['vneid-level2', 'hướng dẫn kích hoạt vneid mức 2'],
  ['online-fee-payment', 'hướng dẫn trả phí online'],
  ['qr-payment', 'muốn trả tiền chợ bằng điện thoại'],
  ['e-health-record', 'chỉ tôi dùng sổ sức khỏe điện tử'],
];

let server: Awaited<ReturnType<typeof startTestServer>>;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server.cleanup();
});

type Citizen = ReturnType<typeof citizen>;

async function walk(
  c: Citizen,
  flow: string,
  trigger: string,
  answer: (step: number) => Promise<{ match: { completed?: boolean; kind: string; id?: string } }>,
) {
  const start = await c.say(trigger);
  expect(start.match).toMatchObject({ kind: 'flow', id: flow });
  for (let i = 0; i < 30; i++) {
    const reply = await answer(i);
    expect(reply.match).toMatchObject({ kind: 'flow-step', id: flow });
    if (reply.match.completed) return;
  }
  throw new Error(`${flow} not completed in 30 answers`);
}

describe('a citizen for whom everything works', () => {
  it.each(FLOWS)('completes %s by typing only "1"', async (flow, trigger) => {
    const c = citizen(server.url);
    let reply = await c.say(trigger);
    expect(reply.match).toMatchObject({ kind: 'flow', id: flow });
    let answers = 0;
    while (!reply.match.completed) {
      reply = await c.say('1');
      expect(reply.match).toMatchObject({ kind: 'flow-step', id: flow });
      expect(++answers).toBeLessThanOrEqual(30);
    }
    expect(allText(reply)).toMatch(/Chúc mừng|Xong/);
  });

  it.each(FLOWS)('completes %s by pressing the first button', async (flow, trigger) => {
    const c = citizen(server.url);
    await walk(c, flow, trigger, () => c.pressNumber(1));
  });

  it.each(FLOWS)('completes %s by answering in words', async (flow, trigger) => {
    const c = citizen(server.url);
    const words = ['rồi', 'xong', 'được rồi ạ', 'ok', 'Đã xong', 'roi a', 'dc r'];
    await walk(c, flow, trigger, (i) => c.say(words[i % words.length]!));
  });
});

describe('troubleshooting', () => {
  it('takes "chưa được" to the fix-it branch and back onto the main path', async () => {
    const c = citizen(server.url);
    await c.say('kích hoạt vneid mức 2');
    await c.say('1'); // prepared → go to police
    await c.say('1'); // registered → waiting for the SMS
    const notYet = await c.say('chưa nhận được');
    expect(notYet.match.step).toBe('sms-not-yet');
    expect(allText(notYet)).toContain('1900 0368');
    const received = await c.say('đã nhận tin nhắn');
    expect(received.match.step).toBe('install-app');
  });

  it('re-asks an unclear answer, and after three offers the menu and a person', async () => {
    const c = citizen(server.url);
    await c.say('hướng dẫn thanh toán qr');
    const first = await c.say('abc xyz');
    expect(first.match).toMatchObject({ kind: 'flow-step', id: 'qr-payment', step: 'prepare' });
    expect(allText(first)).toContain('chưa hiểu');
    await c.say('qwerty');
    const third = await c.say('zzz');
    expect(allText(third)).toContain('Tổ công nghệ số cộng đồng');
    expect(third.replies.flatMap((r) => r.buttons ?? []).map((b) => b.payload)).toContain('cmd:menu');
    expect(third.match.step).toBe('prepare');
  });

  it('shows the current step again when an old button is pressed', async () => {
    const c = citizen(server.url);
    await c.say('hướng dẫn thanh toán qr');
    await c.say('1');
    const stale = await c.press('s:prepare:1');
    expect(stale.match.step).toBe('open-app');
    expect(allText(stale)).toContain('bước cũ');
  });
});

describe('global commands inside a flow', () => {
  it('goes back, restarts and cancels', async () => {
    const c = citizen(server.url);
    await c.say('hướng dẫn nộp lệ phí trực tuyến');
    await c.say('1');
    expect((await c.say('1')).match.step).toBe('find-request');
    expect((await c.say('quay lại')).match).toMatchObject({ kind: 'flow-step', step: 'login' });
    expect((await c.say('làm lại')).match).toMatchObject({ kind: 'flow-step', step: 'prepare' });
    const cancelled = await c.say('hủy');
    expect(cancelled.match).toEqual({ kind: 'command', id: 'cancel' });
    expect(allText(cancelled)).toContain('Đã dừng');
    expect((await c.say('1')).match.kind).not.toBe('flow-step');
  });

  it('resumes with "tiếp tục" where the citizen stopped', async () => {
    const c = citizen(server.url);
    await c.say('hướng dẫn kích hoạt vneid mức 2');
    await c.say('1');
    await c.say('1');
    await c.say('menu');
    const resumed = await c.say('tiếp tục');
    expect(resumed.match).toMatchObject({ kind: 'flow-step', id: 'vneid-level2', step: 'wait-sms' });
  });

  it('answers a question asked in the middle of a flow and keeps the step', async () => {
    const c = citizen(server.url);
    await c.say('hướng dẫn kích hoạt vneid mức 2');
    await c.say('1');
    const question = await c.say('quên mật khẩu vneid thì làm sao');
    expect(question.match).toMatchObject({ kind: 'knowledge', id: 'vneid-forgot-passcode', step: 'go-police' });
    expect(allText(question)).toContain('Quên mật khẩu');
    const next = await c.say('1');
    expect(next.match).toMatchObject({ kind: 'flow-step', step: 'wait-sms' });
  });
});

describe('resuming after a restart', () => {
  it("keeps the citizen's place across a server restart on the same DATA_DIR", async () => {
    const first = await startTestServer();
    const c = citizen(first.url, 'restart-1');
    await c.say('hướng dẫn kích hoạt vneid mức 2');
    await c.say('1');
    await c.say('1');
    await first.stop();

    const { startServer } = await import('../src/server.js');
    const second = await startServer(
      { PORT: 0, HOST: '127.0.0.1', DATA_DIR: first.dataDir, CONTENT_DIR: process.cwd() },
      createLogger({ level: 'silent' }),
    );
    try {
      const again = citizen(second.url, 'restart-1');
      const resumed = await again.say('tiếp tục');
      expect(resumed.match).toMatchObject({ kind: 'flow-step', id: 'vneid-level2', step: 'wait-sms' });
      const next = await again.say('1');
      expect(next.match.step).toBe('install-app');
    } finally {
      await second.stop();
    }
  });
});
