import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createLogger } from '../src/lib/log.js';
import { startServer } from '../src/server.js';
import { allText, citizen, tempDataDir } from './helpers/server.js';
import { allEvents } from './helpers/store.js';

const ID_NUMBER = '001203004567';
const PHONE = '0912345678';
const OTP = '482913';
const PASSWORD = 'Lan@2024xyz';
const CARD = '4111111111111111';

let logOutput = '';
const logSink = new Writable({
  write(chunk, _enc, done) {
    logOutput += chunk.toString();
    done();
  },
});
let server: Awaited<ReturnType<typeof startServer>>;
let dataDir: string;

beforeAll(async () => {
  dataDir = tempDataDir();
  server = await startServer(
    {
      PORT: 0,
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      CONTENT_DIR: process.cwd(),
      RATE_LIMIT_PER_MINUTE: 0,
      ERASURE_PURGE_SECONDS: 1,
    },
    createLogger({ level: 'debug', destination: logSink }),
  );
});
afterAll(async () => {
  await server.stop();
});

/** Every file in DATA_DIR, as text. */
function everythingWritten(dir: string): string {
  return readdirSync(dir)
    .map((f) => join(dir, f))
    .filter((p) => statSync(p).isFile())
    .map((p) => readFileSync(p, 'utf8'))
    .join('\n');
}

describe('sensitive values a citizen types', () => {
  it('warns about an ID number, then still answers the question', async () => {
    const c = citizen(server.url);
    const reply = await c.say(`số căn cước của em là ${ID_NUMBER}, em quên mật khẩu vneid`);
    const warning = reply.replies.find((r) => r.text.startsWith('Cảnh báo'));
    expect(warning?.text).toContain('số căn cước');
    expect(reply.match).toMatchObject({ kind: 'knowledge', id: 'vneid-forgot-passcode' });
  });

  it.each([
    ['a phone number', `sdt của tôi ${PHONE}`, 'số điện thoại'],
    ['an OTP', `mã otp ${OTP}`, 'mã OTP'],
    ['a password', `mật khẩu của tôi là ${PASSWORD}`, 'mật khẩu'],
    ['a card number', `thẻ ngân hàng ${CARD}`, 'số thẻ ngân hàng'],
  ])('warns about %s', async (_name, text, named) => {
    const reply = await citizen(server.url).say(text);
    expect(reply.replies.some((r) => r.text.startsWith('Cảnh báo') && r.text.includes(named))).toBe(true);
  });

  it('keeps the step when a value is sent in the middle of a flow', async () => {
    const c = citizen(server.url);
    await c.say('hướng dẫn kích hoạt vneid mức 2');
    const reply = await c.say(ID_NUMBER);
    expect(reply.match).toMatchObject({ kind: 'flow-step', id: 'vneid-level2', step: 'prepare' });
    expect(allText(reply)).toContain('Cảnh báo');
  });

  it('stores and logs none of them, anywhere', async () => {
    const c = citizen(server.url);
    for (const text of [
      `cccd ${ID_NUMBER} làm sổ đỏ được không`,
      `gọi cho tôi ${PHONE} nhé bạn`,
      `otp là ${OTP}`,
      `mật khẩu: ${PASSWORD}`,
      `${CARD} thẻ này dùng được không`,
      `chuyện gì đây ${ID_NUMBER.slice(0, 4)} ${ID_NUMBER.slice(4, 8)} ${ID_NUMBER.slice(8)}`,
    ]) {
      await c.say(text);
    }
    await server.store.flush();
    server.logger.info({ text: `mã otp ${OTP}` }, `a log line that mentions ${PHONE}`);
    const written = everythingWritten(dataDir) + logOutput;
    for (const secret of [ID_NUMBER, PHONE, OTP, PASSWORD, CARD]) expect(written).not.toContain(secret);
    expect(written).toContain('[số đã ẩn]');
  });
});

describe("a citizen's own data", () => {
  it('shows what is stored with "dữ liệu của tôi"', async () => {
    const c = citizen(server.url);
    await c.say('hướng dẫn thanh toán qr');
    const reply = await c.say('dữ liệu của tôi');
    expect(reply.match).toEqual({ kind: 'command', id: 'my-data' });
    expect(allText(reply)).toContain('Thanh toán không tiền mặt bằng cách quét mã QR: đang làm');
    expect(allText(reply)).toContain('Nhận tin nhắc: có');
  });

  it('deletes everything after confirmation without rewriting the event log, leaving counts but no trace of the person', async () => {
    const id = 'delete-me-7f3a9c';
    const c = citizen(server.url, id);
    await c.say('hướng dẫn thanh toán qr');
    await c.say('1');
    const eventsBefore = await countEvents();
    const pseudonym = (await server.store.getUser(`web:${id}`))!.uid!;
    const eventLog = statSync(join(dataDir, 'events.jsonl'));

    const asked = await c.say('xóa dữ liệu của tôi');
    expect(asked.match).toEqual({ kind: 'command', id: 'delete-data' });
    expect(await server.store.getUser(`web:${id}`)).toBeDefined();
    const done = await c.press('cmd:delete-confirm');
    expect(done.match).toEqual({ kind: 'command', id: 'delete-confirm' });

    expect(await server.store.getUser(`web:${id}`)).toBeUndefined();
    // The event log is only appended to (its cost does not grow with the log)...
    const after = statSync(join(dataDir, 'events.jsonl'));
    expect(after.ino).toBe(eventLog.ino);
    expect(after.size).toBeGreaterThan(eventLog.size);
    // ...and the old copies of the record go at the compaction that follows (ERASURE_PURGE_SECONDS).
    await vi.waitFor(() => expect(everythingWritten(dataDir)).not.toContain(id), { timeout: 10_000, interval: 100 });
    // Their events keep a pseudonym that nothing on disk links to a person any more.
    const links = readdirSync(dataDir).filter((f) => !['events.jsonl', 'stats-index.json'].includes(f));
    for (const f of links)
      if (statSync(join(dataDir, f)).isFile()) expect(readFileSync(join(dataDir, f), 'utf8')).not.toContain(pseudonym);
    const events = await allEvents(server.store);
    expect(events.length).toBe(eventsBefore + 1);
    expect(events.at(-1)!.type).toBe('data_deleted');
    expect(events.filter((e) => e.type === 'flow_started' && e.flow === 'qr-payment').length).toBeGreaterThan(0);
  });

  it('keeps everything when the citizen says no', async () => {
    const c = citizen(server.url, 'keep-me');
    await c.say('hướng dẫn thanh toán qr');
    await c.say('xóa dữ liệu của tôi');
    const kept = await c.say('không xóa');
    expect(kept.match.id).toBe('delete-cancel');
    expect(await server.store.getUser('web:keep-me')).toBeDefined();
  });
});

async function countEvents() {
  return (await allEvents(server.store)).length;
}
