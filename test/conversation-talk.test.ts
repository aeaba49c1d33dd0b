import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allText, citizen, startTestServer } from './helpers/server.js';

let server: Awaited<ReturnType<typeof startTestServer>>;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server.cleanup();
});

const buttonsOf = (body: { replies: { buttons?: { title: string; payload: string }[] }[] }) =>
  body.replies.flatMap((r) => r.buttons ?? []);

describe('a number typed after a numbered list', () => {
  it('picks that option of the menu, as pressing its button would', async () => {
    const c = citizen(server.url);
    const menu = await c.say('menu');
    expect(buttonsOf(menu)[1]).toEqual({ title: 'Nộp lệ phí trực tuyến', payload: 'flow:online-fee-payment' });
    const typed = await c.say('2');
    const pressed = await citizen(server.url).press('flow:online-fee-payment');
    expect(typed.match).toEqual(pressed.match);
    expect(typed.match).toMatchObject({ kind: 'flow', id: 'online-fee-payment' });
    expect(allText(typed)).toContain('Bắt đầu hướng dẫn');
  });

  it('picks a suggestion after "not sure", in words too ("số 1")', async () => {
    const c = citizen(server.url);
    await c.say('xin chào');
    const lost = await c.say('mật khẩu');
    expect(lost.match.kind).toBe('fallback');
    const first = buttonsOf(lost)[0]!;
    const picked = await c.say('số 1');
    const [kind, id] = first.payload.split(':');
    expect(picked.match).toMatchObject({ kind: kind === 'kb' ? 'knowledge' : kind, id });
  });

  it('refers to the last list shown: the menu shown inside a flow, not the step', async () => {
    const c = citizen(server.url);
    await c.say('hướng dẫn thanh toán qr');
    const menu = await c.say('menu');
    expect(buttonsOf(menu)[0]!.payload).toBe('cmd:resume');
    const second = await c.say('2');
    expect(second.match).toMatchObject({ kind: 'flow', id: buttonsOf(menu)[1]!.payload.slice(5) });
  });

  it('keeps working for the step inside a flow, also after small talk', async () => {
    const c = citizen(server.url);
    await c.say('hướng dẫn kích hoạt vneid mức 2');
    const before = (await c.say('1')).match.step;
    const thanks = await c.say('cảm ơn');
    expect(thanks.match).toEqual({ kind: 'command', id: 'thanks' });
    const next = await c.say('2');
    expect(next.match).toMatchObject({ kind: 'flow-step', id: 'vneid-level2' });
    expect(next.match.step).not.toBe(before);
  });

  it('says which numbers there are when the number is not on the list', async () => {
    const c = citizen(server.url);
    await c.say('menu');
    const seven = await c.say('7');
    expect(seven.match).toEqual({ kind: 'command', id: 'number' });
    expect(allText(seven)).toContain('số 1 đến 4');
    expect((await c.say('1')).match).toMatchObject({ kind: 'flow', id: 'vneid-level2' });
  });
});

describe('small talk', () => {
  it.each(['ok', 'cảm ơn', 'cam on', '👍', 'hiểu rồi', 'dạ', 'vâng', 'Cảm ơn bạn nhiều 🙏'])(
    'answers "%s" in one line, as a command',
    async (said) => {
      const c = citizen(server.url);
      await c.say('thanh toán qr có mất phí không');
      const reply = await c.say(said);
      expect(reply.match.kind).toBe('command');
      expect(['thanks', 'ack']).toContain(reply.match.id);
      expect(reply.replies).toHaveLength(1);
      expect(reply.replies[0]!.text.split('\n')).toHaveLength(1);
    },
  );

  it('answers a greeting with the menu, and a first message is greeted once', async () => {
    const first = await citizen(server.url).say('xin chào');
    expect(first.match).toEqual({ kind: 'command', id: 'greeting' });
    expect(allText(first).match(/Xin chào/g)).toHaveLength(1);
    expect(buttonsOf(first).map((b) => b.payload)).toContain('flow:vneid-level2');
  });

  it.each(['không hiểu gì cả', 'bot ngu quá', 'chán quá'])(
    'meets "%s" with an apology, the menu and a person',
    async (said) => {
      const c = citizen(server.url);
      await c.say('menu');
      const reply = await c.say(said);
      expect(reply.match).toEqual({ kind: 'command', id: 'frustrated' });
      expect(reply.replies).toHaveLength(1);
      expect(allText(reply)).toContain('xin lỗi');
      const buttons = buttonsOf(reply);
      expect(buttons.map((b) => b.payload)).toContain('flow:vneid-level2');
      expect(buttons.at(-1)).toEqual({ title: 'Gặp người hỗ trợ', payload: 'cmd:handoff' });
      const person = await c.say(String(buttons.length));
      expect(person.match).toEqual({ kind: 'command', id: 'handoff' });
    },
  );

  it('inside a flow, "ok", "dạ" and "rồi" still answer the step', async () => {
    for (const said of ['ok', 'dạ', 'rồi']) {
      const c = citizen(server.url);
      const start = await c.say('hướng dẫn thanh toán qr');
      const reply = await c.say(said);
      expect(reply.match).toMatchObject({ kind: 'flow-step', id: 'qr-payment' });
      expect(reply.match.step).not.toBe(start.match.step);
    }
  });

  it('"vâng" still confirms deleting one\'s data', async () => {
    const c = citizen(server.url);
    await c.say('xin chào');
    await c.say('xóa dữ liệu của tôi');
    expect((await c.say('vâng')).match).toEqual({ kind: 'command', id: 'delete-confirm' });
  });

  it('takes the same yes words for "xóa?" as for a step: "chắc chắn" confirms both', async () => {
    const asked = citizen(server.url);
    await asked.say('xin chào');
    await asked.say('xóa dữ liệu của tôi');
    expect((await asked.say('chắc chắn')).match).toEqual({ kind: 'command', id: 'delete-confirm' });
    const inFlow = citizen(server.url);
    const start = await inFlow.say('hướng dẫn thanh toán qr');
    const reply = await inFlow.say('chắc chắn');
    expect(reply.match).toMatchObject({ kind: 'flow-step', id: 'qr-payment' });
    expect(reply.match.step).not.toBe(start.match.step);
  });

  it('does not take "rồi" (done) as consent to erase: it is small talk, and the data stays', async () => {
    const c = citizen(server.url);
    await c.say('hướng dẫn thanh toán qr');
    await c.say('hủy');
    await c.say('xóa dữ liệu của tôi');
    expect((await c.say('rồi')).match).toEqual({ kind: 'command', id: 'ack' });
    const data = await c.say('dữ liệu của tôi');
    expect(allText(data)).toContain('Thanh toán không tiền mặt bằng cách quét mã QR: đã dừng');
  });
});

describe('not understood', () => {
  it('first says so in one bubble with suggestions; the help block comes on a second miss in a row', async () => {
    const c = citizen(server.url);
    await c.say('xin chào');
    const first = await c.say('con mèo nhà tôi bị ốm');
    expect(first.match.kind).toBe('fallback');
    expect(first.replies).toHaveLength(1);
    expect(buttonsOf(first).length).toBeLessThanOrEqual(3);
    expect(allText(first)).not.toContain('1900 0368');
    const second = await c.say('hôm nay ăn gì cho ngon');
    expect(second.replies).toHaveLength(1);
    expect(allText(second)).toContain('Tổ công nghệ số cộng đồng');
    expect(buttonsOf(second).at(-1)!.payload).toBe('cmd:handoff');
    // understood in between: the count starts again
    await c.say('cảm ơn');
    expect(allText(await c.say('con mèo nhà tôi bị ốm'))).not.toContain('Tổ công nghệ số cộng đồng');
  });
});

describe('long answers', () => {
  it('show the first part and a "Xem thêm" that continues the same answer', async () => {
    const c = citizen(server.url);
    await c.say('xin chào');
    const first = await c.press('kb:vneid-forgot-passcode');
    const more = buttonsOf(first).find((b) => b.title === 'Xem thêm')!;
    expect(more.payload).toMatch(/^more:kb:vneid-forgot-passcode:\d+$/);
    const next = await c.press(more.payload);
    expect(next.match).toEqual({ kind: 'knowledge', id: 'vneid-forgot-passcode' });
    const shown = allText(first) + '\n' + allText(next);
    expect(shown).toContain('Quên mật khẩu đăng nhập');
    expect(shown).toContain('Quên passcode');
    // typing "1" is pressing "Xem thêm" too
    const typed = citizen(server.url);
    await typed.say('xin chào');
    await typed.press('kb:vneid-forgot-passcode');
    expect(allText(await typed.say('1'))).toBe(allText(next));
  });

  it('put the warning about sensitive data last, where it is seen', async () => {
    const c = citizen(server.url);
    await c.say('xin chào');
    const reply = await c.say('quên mật khẩu vneid, số căn cước của tôi là 001085012345');
    expect(reply.replies.at(-1)!.text).toMatch(/^Cảnh báo/);
    expect(reply.replies.length).toBeGreaterThan(1);
  });
});
