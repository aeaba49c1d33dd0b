// Store scale: a DATA_DIR with 100,000 users and 1,000,000 progress events — start-up time,
// memory, per-message latency against 1,000 users, bytes written per message, statistics time.
import { mkdtempSync, readdirSync, rmSync, statSync, writeFileSync, createWriteStream } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { once } from 'node:events';
import { percentile, type Figure } from './report.js';
import { startProcess, type Started } from './processes.js';

const ADMIN = 'bench-admin-token-0123456789';
const FLOWS: [string, string[]][] = [
  [
    'vneid-level2',
    [
      'prepare',
      'go-police',
      'wait-sms',
      'install-app',
      'activate-start',
      'enter-otp',
      'set-password',
      'set-passcode',
      'login-check',
      'done',
    ],
  ],
  ['qr-payment', ['prepare', 'open-app', 'check-name', 'amount', 'confirm', 'show-seller', 'done']],
  [
    'online-fee-payment',
    ['prepare', 'login', 'find-request', 'choose-gateway', 'pay', 'success-check', 'receipt', 'done'],
  ],
  ['e-health-record', ['prepare', 'update-app', 'add-bhyt', 'open-health-book', 'what-is-inside', 'at-clinic', 'done']],
];
const AREAS = ['viet-hung', 'ha-tu', 'bai-chay', 'hong-gai', 'tuan-chau'];

/** Writes a DATA_DIR as the store would have left it: a snapshot of users and an event log. */
export async function makeDataDir(users: number, events: number): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'cds-scale-'));
  const snapshotUsers: Record<string, unknown> = {};
  const base = Date.parse('2026-01-05T00:00:00Z');
  for (let i = 0; i < users; i++) {
    const key = `web:scale-${i}`;
    const [flow, steps] = FLOWS[i % FLOWS.length]!;
    snapshotUsers[key] = {
      key,
      channel: 'web',
      channelUserId: `scale-${i}`,
      createdAt: new Date(base).toISOString(),
      lastSeenAt: new Date(base + i * 1000).toISOString(),
      reminders: true,
      active: true,
      unclear: 0,
      area: AREAS[i % AREAS.length],
      flows: {
        [flow]: {
          status: i % 3 ? 'completed' : 'in-progress',
          startedAt: new Date(base).toISOString(),
          updatedAt: new Date(base).toISOString(),
        },
      },
      ...(i % 3
        ? {}
        : {
            session: {
              flowId: flow,
              version: 1,
              stepId: steps[2],
              attempts: 0,
              trail: steps.slice(0, 2),
              startedAt: new Date(base).toISOString(),
              updatedAt: new Date(base).toISOString(),
            },
          }),
    };
  }
  writeFileSync(
    join(dir, 'db.json'),
    JSON.stringify({ schema: 1, journal: 0, users: snapshotUsers, inbox: {}, meta: {} }),
  );
  const out = createWriteStream(join(dir, 'events.jsonl'));
  let written = 0;
  for (let i = 0; written < events; i++) {
    const uid = `p${i % users}`;
    const [flow, steps] = FLOWS[i % FLOWS.length]!;
    const at = base + i * 5_000;
    const area = AREAS[i % AREAS.length];
    const lines = [
      JSON.stringify({ type: 'flow_started', at: new Date(at).toISOString(), uid, channel: 'web', area, flow }),
    ];
    const reach = 1 + (i % steps.length);
    for (let s = 0; s < reach; s++)
      lines.push(
        JSON.stringify({
          type: 'step_entered',
          at: new Date(at + s * 60_000).toISOString(),
          uid,
          channel: 'web',
          area,
          flow,
          step: steps[s],
        }),
      );
    if (reach === steps.length)
      lines.push(
        JSON.stringify({
          type: 'flow_completed',
          at: new Date(at + reach * 60_000).toISOString(),
          uid,
          channel: 'web',
          area,
          flow,
        }),
      );
    if (i % 7 === 0)
      lines.push(
        JSON.stringify({
          type: 'kb_unmatched',
          at: new Date(at).toISOString(),
          uid,
          channel: 'web',
          area,
          text: `câu hỏi chưa có số ${i % 500}`,
        }),
      );
    const chunk = lines.slice(0, events - written);
    written += chunk.length;
    if (!out.write(chunk.join('\n') + '\n')) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
  return dir;
}

function dirBytes(dir: string): number {
  return readdirSync(dir).reduce((sum, f) => sum + statSync(join(dir, f)).size, 0);
}

/** Sequential messages from people already in the store: latency and bytes written per message. */
async function messages(app: Started, dir: string, users: number, count: number) {
  const before = dirBytes(dir);
  const times: number[] = [];
  for (let i = 0; i < count; i++) {
    const started = performance.now();
    const res = await fetch(`${app.url}/api/chat`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ userId: `scale-${(i * 7919) % users}`, text: i % 2 ? '1' : 'quen mk vneid' }),
    });
    await res.arrayBuffer();
    times.push(performance.now() - started);
  }
  return {
    p50: percentile(times, 0.5),
    p99: percentile(times, 0.99),
    bytesPerMessage: (dirBytes(dir) - before) / count,
  };
}

export async function benchStoreScale(): Promise<Figure[]> {
  const USERS = Number(process.env.BENCH_USERS ?? 100_000);
  const EVENTS = Number(process.env.BENCH_EVENTS ?? 1_000_000);
  const env = {
    RATE_LIMIT_PER_MINUTE: '0',
    USER_RATE_LIMIT_PER_MINUTE: '0',
    ADMIN_TOKEN: ADMIN,
    QUIET_HOURS: '',
    REMINDER_TICK_SECONDS: '59',
  };

  const smallDir = await makeDataDir(1_000, 10_000);
  const small = await startProcess('src/main.ts', { ...env, DATA_DIR: smallDir });
  const smallRun = await messages(small, smallDir, 1_000, 400);
  await small.stop();
  rmSync(smallDir, { recursive: true, force: true });

  const bigDir = await makeDataDir(USERS, EVENTS);
  // Cold: no saved statistics index, the whole event log is replayed (as after a crash).
  const cold = await startProcess('src/main.ts', { ...env, DATA_DIR: bigDir });
  const coldMs = cold.startMs;
  await cold.stop();
  // Warm: after a graceful stop, as in a normal restart.
  const big = await startProcess('src/main.ts', { ...env, DATA_DIR: bigDir });
  const rss = big.rssMb();
  const bigRun = await messages(big, bigDir, USERS, 400);
  const statsTimes: number[] = [];
  for (let i = 0; i < 5; i++) {
    const started = performance.now();
    const res = await fetch(`${big.url}/admin/api/stats${i % 2 ? '?area=viet-hung&from=2026-01-10' : ''}`, {
      headers: { authorization: `Bearer ${ADMIN}` },
    });
    await res.arrayBuffer();
    statsTimes.push(performance.now() - started);
  }
  const rssAfter = big.rssMb();
  await big.stop();
  rmSync(bigDir, { recursive: true, force: true });

  const latencyRatio = bigRun.p50 / smallRun.p50;
  const statsMs = Math.max(...statsTimes);
  return [
    {
      name: `start-up with ${USERS.toLocaleString('en')} users and ${EVENTS.toLocaleString('en')} events, after a graceful stop, ms`,
      value: big.startMs,
      goal: '≤ 5000',
      ok: big.startMs <= 5000,
    },
    { name: 'start-up, cold (no saved statistics index: full event replay, as after a crash), ms', value: coldMs },
    { name: 'resident memory after start-up, MB', value: rss, goal: '≤ 500', ok: rss <= 500 },
    {
      name: 'resident memory after 400 messages and 5 stats requests, MB',
      value: rssAfter,
      goal: '≤ 500',
      ok: rssAfter <= 500,
    },
    { name: 'per-message p50 ms, 1,000 users (baseline)', value: smallRun.p50 },
    { name: `per-message p50 ms, ${USERS.toLocaleString('en')} users`, value: bigRun.p50 },
    { name: 'per-message p50 ratio, large / 1,000 users', value: latencyRatio, goal: '≤ 1.5', ok: latencyRatio <= 1.5 },
    { name: 'per-message p99 ms, large store', value: bigRun.p99 },
    { name: 'bytes written per message, 1,000 users', value: smallRun.bytesPerMessage },
    {
      name: `bytes written per message, ${USERS.toLocaleString('en')} users`,
      value: bigRun.bytesPerMessage,
      goal: 'not growing with users',
      ok: bigRun.bytesPerMessage <= smallRun.bytesPerMessage * 1.5,
    },
    {
      name: `statistics over ${EVENTS.toLocaleString('en')} events, slowest of 5 requests, ms`,
      value: statsMs,
      goal: '≤ 1000',
      ok: statsMs <= 1000,
    },
  ];
}
