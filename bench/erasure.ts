// Erasure at scale: people asking to be erased ("xóa dữ liệu của tôi", confirmed) in a store of
// 100,000 users and 1,000,000 events, while others keep talking. Time per erasure and everyone
// else's latency before and during the erasures (the deferred clean-up of old copies included).
import { rmSync } from 'node:fs';
import { percentile, type Figure } from './report.js';
import { startProcess, type Started } from './processes.js';
import { makeDataDir } from './store-scale.js';

const ERASURES = 5;
const CONNECTIONS = 8;

async function chat(app: Started, body: object): Promise<number> {
  const started = performance.now();
  const post = () =>
    fetch(`${app.url}/api/chat`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
  // A kept-alive connection the server closed as idle is reset on reuse: try once more, timed from the first try.
  const res = await post().catch(() => post());
  await res.arrayBuffer();
  if (res.status !== 200) throw new Error(`chat answered ${res.status}`);
  return performance.now() - started;
}

/** Others talking for as long as `during` runs: every latency, and the requests per second. */
async function withLoad(app: Started, users: number, during: () => Promise<void>) {
  const times: number[] = [];
  let stop = false;
  let n = 0;
  const loops = Array.from({ length: CONNECTIONS }, async (_, c) => {
    while (!stop) {
      const i = n++;
      times.push(await chat(app, { userId: `scale-${(i * 7919 + c) % users}`, text: i % 2 ? '1' : 'quen mk vneid' }));
    }
  });
  const started = performance.now();
  await during();
  stop = true;
  await Promise.all(loops);
  const seconds = (performance.now() - started) / 1000;
  return { p50: percentile(times, 0.5), p99: percentile(times, 0.99), perSecond: times.length / seconds };
}

export async function benchErasure(): Promise<Figure[]> {
  const USERS = Number(process.env.BENCH_USERS ?? 100_000);
  const EVENTS = Number(process.env.BENCH_EVENTS ?? 1_000_000);
  const dir = await makeDataDir(USERS, EVENTS);
  const app = await startProcess('src/main.ts', {
    DATA_DIR: dir,
    RATE_LIMIT_PER_MINUTE: '0',
    USER_RATE_LIMIT_PER_MINUTE: '0',
    QUIET_HOURS: '',
    REMINDER_TICK_SECONDS: '59',
    // The clean-up of old copies runs within this bound; short here so it falls inside the window measured.
    ERASURE_PURGE_SECONDS: '2',
  });
  // Warm up, then the baseline: the same load with no erasure.
  await withLoad(app, USERS, () => new Promise((r) => setTimeout(r, 2000)));
  const baseline = await withLoad(app, USERS, () => new Promise((r) => setTimeout(r, 8000)));
  const erasureTimes: number[] = [];
  const during = await withLoad(app, USERS, async () => {
    for (let j = 0; j < ERASURES; j++) {
      const userId = `scale-${(j * 15_485_863) % USERS}`;
      await chat(app, { userId, text: 'xóa dữ liệu của tôi' });
      erasureTimes.push(await chat(app, { userId, payload: 'cmd:delete-confirm' }));
    }
    // Long enough for the deferred clean-up of old copies to run inside the window.
    await new Promise((r) => setTimeout(r, 6000));
  });
  await app.stop();
  rmSync(dir, { recursive: true, force: true });
  const slowest = Math.max(...erasureTimes);
  return [
    {
      name: `erasure at ${USERS.toLocaleString('en')} users / ${EVENTS.toLocaleString('en')} events, slowest of ${ERASURES}, ms`,
      value: slowest,
      goal: '≤ 200',
      ok: slowest <= 200,
    },
    { name: 'erasure, median, ms', value: percentile(erasureTimes, 0.5) },
    { name: `others' p99 ms, no erasure (${CONNECTIONS} connections)`, value: baseline.p99 },
    {
      name: `others' p99 ms, during ${ERASURES} erasures and their clean-up`,
      value: during.p99,
      goal: '≤ 3 × without',
      ok: during.p99 <= 3 * baseline.p99,
    },
    { name: "others' requests/s, no erasure", value: baseline.perSecond },
    { name: "others' requests/s, during erasures", value: during.perSecond },
  ];
}
