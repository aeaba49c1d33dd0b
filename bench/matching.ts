// Matching speed with the real knowledge base and with it padded to 5,000 entries.
import { readFileSync } from 'node:fs';
import { loadContent } from '../src/content/load.js';
import { fold } from '../src/lib/text/normalize.js';
import { Matcher } from '../src/matching/matcher.js';
import { matchTargets } from '../src/matching/targets.js';
import { paddingTargets } from './padding.js';
import { percentile, type Figure } from './report.js';

function messages(): string[] {
  return ['test/fixtures/dev-questions.jsonl', 'test/fixtures/holdout-questions.jsonl'].flatMap((f) =>
    readFileSync(f, 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((l) => (JSON.parse(l) as { text: string }).text),
  );
}

function time(fn: (text: string) => unknown, texts: string[], rounds: number): number[] {
  for (const t of texts) fn(t); // warm up
  const samples: number[] = [];
  for (let r = 0; r < rounds; r++) {
    for (const t of texts) {
      const start = performance.now();
      fn(t);
      samples.push(performance.now() - start);
    }
  }
  return samples;
}

export function benchMatching(): Figure[] {
  const content = loadContent(process.cwd());
  const real = matchTargets(content);
  const texts = messages();
  const baseline = time((t) => fold(t), texts, 30);
  const small = new Matcher(real);
  const realTimes = time((t) => small.rank(t), texts, 30);
  const buildStart = performance.now();
  const padded = new Matcher([...real, ...paddingTargets(5000 - real.length)]);
  const buildMs = performance.now() - buildStart;
  const paddedTimes = time((t) => padded.rank(t), texts, 30);
  const p99 = percentile(paddedTimes, 0.99);
  return [
    { name: 'fold() alone (baseline), p99 ms', value: percentile(baseline, 0.99) },
    { name: `match, real knowledge base (${real.length} targets), p50 ms`, value: percentile(realTimes, 0.5) },
    { name: `match, real knowledge base (${real.length} targets), p99 ms`, value: percentile(realTimes, 0.99) },
    { name: 'match, padded to 5,000 targets, p50 ms', value: percentile(paddedTimes, 0.5) },
    { name: 'match, padded to 5,000 targets, p99 ms', value: p99, goal: '≤ 5', ok: p99 <= 5 },
    { name: 'match p99 ratio, padded / real', value: p99 / percentile(realTimes, 0.99) },
    { name: 'index build, 5,000 targets, ms', value: buildMs },
  ];
}
