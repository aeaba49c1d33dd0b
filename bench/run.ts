// npm run bench: every figure against a baseline measured in the same run, then one JSON line.
import { cpus, totalmem } from 'node:os';
import { benchHttp } from './http.js';
import { benchErasure } from './erasure.js';
import { benchMatching } from './matching.js';
import { benchStoreScale } from './store-scale.js';
import { benchPostgres } from './postgres.js';
import { printTable, type Figure } from './report.js';

const sections: [string, () => Promise<Figure[]> | Figure[]][] = [
  ['Matching', benchMatching],
  ['HTTP load', benchHttp],
  ['Store scale', benchStoreScale],
  ['Erasure', benchErasure],
  ['Stores: file, PostgreSQL × 1, PostgreSQL × 2', benchPostgres],
];
const only = process.argv.slice(2);
const results: Record<string, Figure[]> = {};
const machine = `${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, node ${process.version}`;
console.log(`# Benchmarks — ${machine} — ${new Date().toISOString()}`);
for (const [name, run] of sections) {
  if (only.length && !only.some((o) => name.toLowerCase().includes(o.toLowerCase()))) continue;
  results[name] = await run();
  printTable(name, results[name]);
}
console.log(JSON.stringify({ machine, date: new Date().toISOString(), results }));
