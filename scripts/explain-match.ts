// Shows content authors why a message matched: how it was read, the candidates with both
// signals' scores (word index, character n-grams, topic classifier), and the decision (answer,
// clarifying question, or fallback) with its reason.
//   npm run explain -- "quen mk vneid" ["..."]
//   npm run explain -- --file some.jsonl [--misses]     (labelled lines; --misses: only the wrong ones)
import { readFileSync } from 'node:fs';
import { loadContent } from '../src/content/load.js';
import { contentTokens } from '../src/lib/text/normalize.js';
import { CUTOFFS, decide } from '../src/core/understand.js';
import { Matcher } from '../src/matching/matcher.js';
import { matchTargets } from '../src/matching/targets.js';

const content = loadContent(process.cwd());
const matcher = new Matcher(matchTargets(content));
const args = process.argv.slice(2);
const fileAt = args.indexOf('--file');
const items: { text: string; expect?: string[] }[] =
  fileAt >= 0
    ? readFileSync(args[fileAt + 1]!, 'utf8')
        .split('\n')
        .filter(Boolean)
        .map((l) => JSON.parse(l))
    : args.filter((a) => !a.startsWith('--')).map((text) => ({ text }));

for (const { text, expect } of items) {
  const ranking = matcher.rankBoth(text, 6);
  const u = decide(ranking, text, (id) => content.knowledge.get(id)?.flow, CUTOFFS);
  const decided =
    u.kind === 'answer'
      ? `answer ${u.target.kind}:${u.target.id}`
      : u.kind === 'clarify'
        ? `clarify: ${u.options.map((c) => c.id).join(' / ')}`
        : `fallback${u.outside ? ` (not covered: ${u.outside.id})` : ''}; buttons: ${u.suggestions.map((c) => c.id).join(', ') || 'none'}`;
  const ok = expect
    ? expect.length
      ? u.kind === 'answer' && expect.includes(u.target.id)
      : u.kind !== 'answer'
    : undefined;
  if (args.includes('--misses') && ok) continue;
  const words = contentTokens(text)
    .map((t) => (t.class === 'weak' ? `(${t.word})` : t.word))
    .join(' ');
  console.log(`${ok === undefined ? '' : ok ? 'OK    ' : 'MISS  '}${text}`);
  console.log(`  read as: ${words || '(nothing)'}${expect ? `   expected: ${expect.join('|') || 'fallback'}` : ''}`);
  const { wordShare, topicShare } = CUTOFFS;
  const share = (x: number) => Number(x.toFixed(2));
  console.log(
    `  words and n-grams ${ranking.agree ? 'agree' : 'disagree'} on the best; combined = ` +
      `${share((1 - topicShare) * wordShare)} × words + ${share((1 - topicShare) * (1 - wordShare))} × n-grams + ` +
      `${share(topicShare)} × topic (the classifier's probability against its best)`,
  );
  console.log(
    `  combined  words  n-grams  topic  rarest shared  explains msg / variant (answers from ${CUTOFFS.cover})  target`,
  );
  for (const c of ranking.candidates) {
    const cover = `${c.cover.message.toFixed(2)} / ${c.cover.variant.toFixed(2)}`.padStart(40);
    console.log(
      `  ${c.score.toFixed(3).padStart(8)}  ${c.word.toFixed(3)}  ${c.ngram.toFixed(3).padStart(7)}  ${c.topic.toFixed(2).padStart(5)}  ${c.specific.toFixed(2).padStart(13)}  ${cover}  ${c.kind}:${c.id}  [${c.shared.join(' ')}]`,
    );
  }
  const { first, second } = ranking.contrast;
  console.log(`  words only the best in-scope target has: ${first}; only the next: ${second} (summed idf)`);
  console.log(`  -> ${decided}${u.why ? `   [${u.why}]` : ''}\n`);
}
