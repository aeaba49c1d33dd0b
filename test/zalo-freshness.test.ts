import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { zaloMac } from '../src/channels/zalo/signature.js';
import { createLogger } from '../src/lib/log.js';
import { startServer } from '../src/server.js';
import { fakeZalo } from './helpers/fake-zalo.js';
import { tempDataDir } from './helpers/server.js';

const APP_ID = '4306134286741826981';
const OA_SECRET = 'oa-secret-freshness';
let zalo: Awaited<ReturnType<typeof fakeZalo>>;
let bot: Awaited<ReturnType<typeof startServer>>;

beforeAll(async () => {
  zalo = await fakeZalo();
  bot = await startServer(
    { PORT: 0, HOST: '127.0.0.1', DATA_DIR: tempDataDir(), CONTENT_DIR: process.cwd(), RATE_LIMIT_PER_MINUTE: 0 },
    createLogger({ level: 'silent' }),
    {
      ZALO_APP_ID: APP_ID,
      ZALO_APP_SECRET: 'app-secret',
      ZALO_OA_SECRET_KEY: OA_SECRET,
      ZALO_ACCESS_TOKEN: 'a',
      ZALO_REFRESH_TOKEN: 'r',
      ZALO_API_BASE: zalo.url,
      ZALO_OAUTH_BASE: zalo.url,
    },
  );
});
afterAll(async () => {
  await bot.stop();
  await zalo.close();
});

let n = 0;
/** A correctly signed text message whose own timestamp is `offsetMs` from now. */
async function deliverAt(user: string, offsetMs: number) {
  const timestamp = String(Date.now() + offsetMs);
  const raw = JSON.stringify({
    app_id: APP_ID,
    event_name: 'user_send_text',
    sender: { id: user },
    recipient: { id: '1' },
    message: { msg_id: `fresh-${++n}`, text: 'menu' },
    timestamp,
  });
  const res = await fetch(`${bot.url}/webhooks/zalo`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'x-zevent-signature': `mac=${zaloMac(APP_ID, raw, timestamp, OA_SECRET)}`,
    },
    body: raw,
  });
  await bot.zalo!.idle();
  return { status: res.status, body: await res.json() };
}

describe('Zalo deliveries outside the time window', () => {
  it('acknowledges but ignores a signed delivery more than 5 minutes old or ahead, and handles a fresh one', async () => {
    zalo.requests.length = 0;
    const stale = await deliverAt('5101', -6 * 60_000);
    const future = await deliverAt('5102', 6 * 60_000);
    // 200, so Zalo does not retry it or count the webhook as failing; nothing is done.
    expect([stale.status, future.status]).toEqual([200, 200]);
    expect(stale.body).toEqual({ ok: true, ignored: 'timestamp' });
    expect(zalo.sends()).toHaveLength(0);
    expect(await bot.store.getUser('zalo:5101')).toBeUndefined();
    expect(await bot.store.getUser('zalo:5102')).toBeUndefined();

    const fresh = await deliverAt('5103', -60_000);
    expect(fresh).toEqual({ status: 200, body: { ok: true } });
    expect(zalo.sends().length).toBeGreaterThan(0);
    expect(await bot.store.getUser('zalo:5103')).toBeDefined();
  });
});
