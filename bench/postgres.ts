// Web chat on each store in one run: bare express, the file store, PostgreSQL with one instance
// and with two instances on one database (the load split between them, as a load balancer would),
// and the database round trips each message costs.
import autocannon from 'autocannon';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { startProcess, type Started } from './processes.js';
import type { Figure } from './report.js';

const DURATION = Number(process.env.BENCH_SECONDS ?? 10);
const CONNECTIONS = 50;
const ADMIN_URL = process.env.BENCH_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/postgres';
const MESSAGES = ['hướng dẫn kích hoạt vneid mức 2', '1', 'quen mk vneid', 'rồi', 'thẻ bhyt còn hạn không', 'menu'];

function chatLoad(url: string, connections: number, tag: string) {
  let i = 0;
  const texts = MESSAGES.map((m) => JSON.stringify(m));
  return autocannon({
    url,
    connections,
    duration: DURATION,
    requests: [
      {
        method: 'POST',
        path: '/api/chat',
        setupRequest: (req) => {
          const n = i++;
          // A few hundred citizens, each coming back: a person's messages take turns.
          const body = `{"userId":"bench-${tag}-${n % 500}","text":${texts[n % texts.length]}}`;
          return { ...req, body, headers: { ...req.headers, 'content-type': 'application/json' } };
        },
      },
    ],
  });
}

/** The load split evenly over the instances; throughput added up, the worst instance's p99. */
async function splitLoad(servers: Started[], tag: string) {
  const results = await Promise.all(
    servers.map((s, k) => chatLoad(s.url, CONNECTIONS / servers.length, `${tag}-${k}`)),
  );
  return {
    perSecond: results.reduce((sum, r) => sum + r.requests.average, 0),
    p99: Math.max(...results.map((r) => r.latency.p99)),
    ok: results.reduce((sum, r) => sum + r['2xx'], 0),
    bad: results.reduce((sum, r) => sum + r.errors + r.non2xx, 0),
  };
}

const appEnv = { RATE_LIMIT_PER_MINUTE: '0', USER_RATE_LIMIT_PER_MINUTE: '0', QUIET_HOURS: '' };

async function withDatabase<T>(work: (url: string, transactions: () => Promise<number>) => Promise<T>): Promise<T> {
  const admin = new pg.Client(ADMIN_URL);
  await admin.connect();
  const name = `bot_bench_${Date.now().toString(36)}`;
  await admin.query(`CREATE DATABASE ${name}`);
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  // Every statement the store sends outside migrations is a transaction of its own: counting
  // transactions counts round trips (figures are reported once the instances have stopped).
  const transactions = async () => {
    const { rows } = await admin.query(
      'SELECT xact_commit + xact_rollback AS n FROM pg_stat_database WHERE datname = $1',
      [name],
    );
    return Number(rows[0]?.n ?? 0);
  };
  try {
    return await work(url.toString(), transactions);
  } finally {
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.end();
  }
}

async function postgresRun(instances: number) {
  return withDatabase(async (url, transactions) => {
    const dirs = Array.from({ length: instances }, () => mkdtempSync(join(tmpdir(), 'cds-bench-pg-')));
    const servers: Started[] = [];
    for (const dir of dirs)
      servers.push(await startProcess('src/main.ts', { ...appEnv, DATA_DIR: dir, DATABASE_URL: url }));
    await new Promise((r) => setTimeout(r, 1500));
    const before = await transactions();
    const load = await splitLoad(servers, `pg${instances}-${Date.now().toString(36)}`);
    await Promise.all(servers.map((s) => s.stop()));
    await new Promise((r) => setTimeout(r, 1500));
    const roundTrips = (await transactions()) - before;
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
    return { ...load, perMessage: roundTrips / Math.max(1, load.ok) };
  });
}

async function postgresReachable(): Promise<boolean> {
  const client = new pg.Client({ connectionString: ADMIN_URL, connectionTimeoutMillis: 3_000 });
  try {
    await client.connect();
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

export async function benchPostgres(): Promise<Figure[]> {
  const figures: Figure[] = [];
  const baseline = await startProcess('bench/baseline-server.ts', {});
  const base = await chatLoad(baseline.url, CONNECTIONS, 'base');
  await baseline.stop();
  figures.push(
    { name: 'baseline express 5 constant JSON, requests/s', value: base.requests.average },
    { name: 'baseline p99 ms', value: base.latency.p99 },
  );

  const dir = mkdtempSync(join(tmpdir(), 'cds-bench-file-'));
  const file = await startProcess('src/main.ts', { ...appEnv, DATA_DIR: dir });
  const onFile = await splitLoad([file], `file-${Date.now().toString(36)}`);
  await file.stop();
  rmSync(dir, { recursive: true, force: true });
  figures.push(
    { name: 'file store: web chat requests/s', value: onFile.perSecond },
    { name: 'file store: web chat p99 ms', value: onFile.p99 },
  );

  if (!(await postgresReachable())) {
    console.log(`PostgreSQL at ${ADMIN_URL} is unreachable: its figures are left out (set BENCH_DATABASE_URL)`);
    return figures;
  }
  for (const instances of [1, 2]) {
    const run = await postgresRun(instances);
    const label = `PostgreSQL × ${instances}`;
    figures.push(
      { name: `${label}: web chat requests/s`, value: run.perSecond },
      { name: `${label}: web chat p99 ms (worst instance)`, value: run.p99 },
      { name: `${label}: database round trips per message`, value: run.perMessage },
      { name: `${label}: errors + non-2xx`, value: run.bad, goal: '0', ok: run.bad === 0 },
    );
  }
  return figures;
}
