// Web chat and Zalo webhook under load (autocannon on loopback), against a bare express app in the same run.
import autocannon from 'autocannon';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { zaloMac } from '../src/channels/zalo/signature.js';
import { startProcess } from './processes.js';
import type { Figure } from './report.js';

const DURATION = Number(process.env.BENCH_SECONDS ?? 10);
const CONNECTIONS = 50;
const MESSAGES = [
  'quen mk vneid',
  'ko nhan dc ma kich hoat',
  'hướng dẫn kích hoạt vneid mức 2',
  '1',
  'sinh trắc học',
  'muốn trả tiền chợ bằng điện thoại',
  'rồi',
  'thẻ bhyt còn hạn không',
  'phạt nguội',
  'chưa được',
  'xin chào',
  'đổi số điện thoại vneid',
  'mã qr bị dán đè',
  'hướng dẫn trả phí online',
  '2',
  'menu',
];

/** autocannon drives the load from the other core; keep its per-request work to a string join. */
function load(url: string, path: string, body: (i: number) => { body: string; headers?: Record<string, string> }) {
  let i = 0;
  return autocannon({
    url,
    connections: CONNECTIONS,
    duration: DURATION,
    requests: [
      {
        method: 'POST',
        path,
        setupRequest: (req) => {
          const next = body(i++);
          return {
            ...req,
            body: next.body,
            headers: { ...req.headers, 'content-type': 'application/json', ...next.headers },
          };
        },
      },
    ],
  });
}

export async function benchHttp(): Promise<Figure[]> {
  const figures: Figure[] = [];
  const baseline = await startProcess('bench/baseline-server.ts', {});
  const base = await load(baseline.url, '/api/chat', () => ({ body: '{"userId":"x","text":"hi"}' }));
  await baseline.stop();

  // A stand-in for Zalo's send API on loopback, counting answers.
  let zaloSends = 0;
  const fakeZalo = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      zaloSends++;
      res.setHeader('content-type', 'application/json');
      res.end('{"error":0,"message":"Success","data":{"message_id":"m"}}');
    });
  });
  await new Promise<void>((r) => fakeZalo.listen(0, '127.0.0.1', () => r()));
  const zaloUrl = `http://127.0.0.1:${(fakeZalo.address() as { port: number }).port}`;

  const dataDir = mkdtempSync(join(tmpdir(), 'cds-bench-'));
  const app = await startProcess('src/main.ts', {
    DATA_DIR: dataDir,
    RATE_LIMIT_PER_MINUTE: '0',
    USER_RATE_LIMIT_PER_MINUTE: '0',
    QUIET_HOURS: '',
    ZALO_APP_ID: '1234567890',
    ZALO_APP_SECRET: 's',
    ZALO_OA_SECRET_KEY: 'bench-oa-secret',
    ZALO_ACCESS_TOKEN: 'a',
    ZALO_REFRESH_TOKEN: 'r',
    ZALO_API_BASE: zaloUrl,
    ZALO_OAUTH_BASE: zaloUrl,
  });
  const run = Date.now().toString(36);
  const texts = MESSAGES.map((m) => JSON.stringify(m));
  const chat = await load(app.url, '/api/chat', (i) => ({
    body: `{"userId":"bench-${run}-${i}","text":${texts[i % texts.length]}}`,
  }));

  const zalo = await load(app.url, '/webhooks/zalo', (i) => {
    const raw = JSON.stringify({
      app_id: '1234567890',
      event_name: 'user_send_text',
      timestamp: String(Date.now()),
      sender: { id: `88${run.length}${i}` },
      recipient: { id: '1' },
      message: { msg_id: `bench-${run}-${i}`, text: MESSAGES[i % MESSAGES.length] },
    });
    const ts = JSON.parse(raw).timestamp as string;
    return { body: raw, headers: { 'x-zevent-signature': `mac=${zaloMac('1234567890', raw, ts, 'bench-oa-secret')}` } };
  });
  const accepted = zalo['2xx'];
  // Every accepted event is answered: wait for the queue to drain (each answer is ≥ 1 send).
  const deadline = Date.now() + 120_000;
  let answered = 0;
  while (Date.now() < deadline) {
    const before = zaloSends;
    await new Promise((r) => setTimeout(r, 1000));
    if (zaloSends === before && zaloSends >= accepted) break;
  }
  answered = zaloSends;
  await app.stop();
  fakeZalo.close();
  rmSync(dataDir, { recursive: true, force: true });

  const ratio = chat.requests.average / base.requests.average;
  figures.push(
    { name: 'baseline express 5 constant JSON, requests/s', value: base.requests.average },
    { name: 'baseline p99 ms', value: base.latency.p99 },
    { name: 'web chat POST /api/chat, requests/s', value: chat.requests.average },
    { name: 'web chat p50 ms', value: chat.latency.p50 },
    { name: 'web chat p99 ms', value: chat.latency.p99, goal: '≤ 50', ok: chat.latency.p99 <= 50 },
    { name: 'web chat / baseline throughput ratio', value: ratio, goal: '≥ 0.3', ok: ratio >= 0.3 },
    {
      name: 'web chat errors + non-2xx',
      value: chat.errors + chat.non2xx,
      goal: '0',
      ok: chat.errors + chat.non2xx === 0,
    },
    { name: 'zalo webhook acks/s', value: zalo.requests.average },
    { name: 'zalo webhook ack p99 ms', value: zalo.latency.p99, goal: '≤ 10', ok: zalo.latency.p99 <= 10 },
    { name: 'zalo events accepted', value: accepted },
    {
      name: 'zalo sends made for them (≥ 1 per event)',
      value: answered,
      goal: `≥ ${accepted}`,
      ok: answered >= accepted,
    },
  );
  return figures;
}
