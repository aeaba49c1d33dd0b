import { spawn, type ChildProcess } from 'node:child_process';
import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { zaloMac } from '../src/channels/zalo/signature.js';
import { FileStore } from '../src/store/file-store.js';
import { freePort } from '../bench/processes.js';
import { fakeZalo, zaloSettings } from './helpers/fake-zalo.js';
import { tempDataDir } from './helpers/server.js';

const APP_ID = '4306134286741826981';
const OA_SECRET = 'oa-secret-key-for-tests';
const PEOPLE = 40;
const STEPS = 3;
let zalo: Awaited<ReturnType<typeof fakeZalo>>;
const dataDir = tempDataDir();

beforeAll(async () => {
  zalo = await fakeZalo();
});
afterAll(async () => {
  await zalo.close();
  rmSync(dataDir, { recursive: true, force: true });
});

/** The real server in its own process, as `npm start` runs it. */
async function serve(): Promise<{ child: ChildProcess; url: string }> {
  const port = await freePort();
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    env: {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      LOG_LEVEL: 'silent',
      RATE_LIMIT_PER_MINUTE: '0',
      ...zaloSettings(zalo.url, APP_ID, OA_SECRET),
    },
    stdio: 'ignore',
  });
  const url = `http://127.0.0.1:${port}`;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}`);
    if (
      await fetch(`${url}/healthz`).then(
        (r) => r.ok,
        () => false,
      )
    )
      return { child, url };
    await new Promise((r) => setTimeout(r, 50));
  }
}

let msg = 0;
async function send(url: string, user: string, text: string): Promise<number> {
  const raw = JSON.stringify({
    app_id: APP_ID,
    event_name: 'user_send_text',
    sender: { id: user },
    message: { msg_id: `m-${++msg}`, text },
    timestamp: String(Date.now()),
  });
  const res = await fetch(`${url}/webhooks/zalo`, {
    method: 'POST',
    headers: { 'x-zevent-signature': `mac=${zaloMac(APP_ID, raw, JSON.parse(raw).timestamp, OA_SECRET)}` },
    body: raw,
  });
  return res.status;
}

async function until(check: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 120; i++) {
    if (check()) return;
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`timed out waiting for ${what}`);
}

const people = Array.from({ length: PEOPLE }, (_, i) => `90000000000000${String(i).padStart(5, '0')}`);
const sendsTo = (user: string) => zalo.sends().filter((s) => s.recipient.user_id === user).length;

describe('a kill -9 with Zalo deliveries in flight', () => {
  it('moves nobody further than the messages they sent', { timeout: 120_000 }, async () => {
    const first = await serve();
    // Everyone starts the guided flow and is answered.
    for (const user of people) expect(await send(first.url, user, 'hướng dẫn kích hoạt vneid mức 2')).toBe(200);
    await until(() => people.every((u) => sendsTo(u) > 0), 'the first answers');

    // Zalo's API stops answering: each person's next message is handled, its reply hangs.
    zalo.control.hang = true;
    const before = zalo.requests.length;
    for (let step = 0; step < STEPS; step++)
      for (const user of people) expect(await send(first.url, user, '1')).toBe(200);
    // The queue works on 4 deliveries at a time: 4 people's "1" are handled, their replies stuck.
    await until(() => zalo.requests.length - before >= 4, 'the first deliveries to be handled');
    await new Promise((r) => setTimeout(r, 300));
    first.child.kill('SIGKILL');
    await new Promise((r) => first.child.once('exit', r));

    zalo.control.hang = false;
    const second = await serve();
    // Wait until the queue is empty (every delivery handled and answered), then stop gracefully.
    let seen = -1;
    await until(() => {
      const quiet = zalo.requests.length === seen;
      seen = zalo.requests.length;
      return quiet && people.every((u) => sendsTo(u) >= 1 + STEPS);
    }, 'the deliveries left to be handled');
    second.child.kill('SIGTERM');
    await new Promise((r) => second.child.once('exit', r));

    const store = await FileStore.open(dataDir);
    const further: string[] = [];
    for (const user of people) {
      const session = (await store.getUser(`zalo:${user}`))?.session;
      // Started at the first step, then one step per "1": the trail holds the steps behind.
      if (!session || session.trail.length > STEPS) further.push(`${user}: ${session?.trail.length} steps`);
      expect(session?.trail.length).toBe(STEPS);
    }
    expect(further).toEqual([]);
    await store.release();
  });
});
