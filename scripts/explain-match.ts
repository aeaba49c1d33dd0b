// Shows how the matcher reads messages: canonical words and the best targets with their scores.
//   npx tsx scripts/explain-match.ts "quen mk vneid" ["..."]   or   --file some.jsonl
import { readFileSync } from 'node:fs';
import { loadContent } from '../src/content/load.js';
import { contentWords } from '../src/core/text/normalize.js';
import { understand } from '../src/core/understand.js';
import { Matcher } from '../src/matching/matcher.js';
import { matchTargets } from '../src/matching/targets.js';

const content = loadContent(process.cwd());
const matcher = new Matcher(matchTargets(content));
const args = process.argv.slice(2);
const fileAt = args.indexOf('--file');
const items: { text: string; expect?: string[] }[] =
  fileAt >= 0
    ? readFileSync(args[fileAt + 1]!, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l))
    : args.map((text) => ({ text }));
for (const { text, expect } of items) {
  const u = understand(matcher, text, (id) => content.knowledge.get(id)?.flow);
  const decided = u.kind === 'answer' ? `${u.target.kind}:${u.target.id}` : u.kind;
  const ok = expect ? (expect.length ? expect.includes(decided.split(':')[1] ?? '') : decided === 'fallback') : undefined;
  if (args.includes('--misses') && ok) continue;
  console.log(`${ok === undefined ? '' : ok ? 'OK   ' : 'MISS '}${text}\n   words: ${contentWords(text).join(' ')}\n   -> ${decided}  expect ${expect?.join('|') ?? ''}`);
  for (const c of matcher.rank(text, 3)) console.log(`      ${c.score.toFixed(3)} ${c.kind}:${c.id}`);
}
