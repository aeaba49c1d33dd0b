// Chooses the understanding cut-offs on data: every combination of the grid below is scored on
// the tuning sets, and the best by  right − 5 × confidently wrong + fell back  (pooled rates) is
// printed with the runners-up. Never pass a held-out set here.
//   npx tsx scripts/sweep-cutoffs.ts test/fixtures/dev-questions.jsonl ... [--top 10]
import { readFileSync } from 'node:fs';
import { loadContent } from '../src/content/load.js';
import { CUTOFFS, decide, type Cutoffs } from '../src/core/understand.js';
import { Matcher, type Ranking } from '../src/matching/matcher.js';
import { matchTargets } from '../src/matching/targets.js';
import { parseSet, type LabelledMessage } from './score-set.js';

const GRID: { [K in keyof Cutoffs]: number[] } = {
  wordShare: [0.7, 0.8, 0.9],
  answer: [0.34, 0.38, 0.42, 0.46],
  agreeAnswer: [0.3, 0.34, 0.38, 0.42],
  specific: [2, 2.5, 3],
  clarifyBand: [0.03, 0.05, 0.08],
  sure: [0.8, 2],
  clarify: [0.3],
  outside: [CUTOFFS.outside],
  outsideMargin: [0.05, 0.1],
  suggest: [CUTOFFS.suggest],
  siblingBand: [0, 0.06, 0.1, 0.15],
  siblingSure: [0.9, 0.95, 1.01],
  apart: [2, 3, 4, 99],
  // A clarifying question and a fallback score the same here (neither answers): the evidence
  // floor moves no figure, so it is not swept (see the comment on CUTOFFS).
  evidence: [CUTOFFS.evidence],
};

const args = process.argv.slice(2);
/** What one confidently wrong answer costs, in right answers. */
const WRONG_COST = Number(process.env.WRONG_COST ?? 5);
const top = Number(args[args.indexOf('--top') + 1]) || 10;
const items: LabelledMessage[] = args
  .filter((a) => a.endsWith('.jsonl'))
  .flatMap((f) => parseSet(readFileSync(f, 'utf8')));
const content = loadContent(process.cwd());
const matcher = new Matcher(matchTargets(content));
const related = (id: string) => content.knowledge.get(id)?.flow;

const rankings = new Map<number, Ranking[]>();
for (const share of GRID.wordShare)
  rankings.set(
    share,
    items.map((item) => matcher.rankBoth(item.text, 8, share)),
  );

function combos(): Cutoffs[] {
  let out: Partial<Cutoffs>[] = [{}];
  for (const key of Object.keys(GRID) as (keyof Cutoffs)[])
    out = out.flatMap((c) => GRID[key].map((v) => ({ ...c, [key]: v })));
  return out as Cutoffs[];
}

const results = combos().map((cutoffs) => {
  let inScope = 0,
    right = 0,
    wrong = 0,
    oneTap = 0,
    outScope = 0,
    fellBack = 0;
  const ranked = rankings.get(cutoffs.wordShare)!;
  items.forEach((item, i) => {
    const u = decide(ranked[i]!, item.text, related, cutoffs);
    if (item.kind === 'fallback') {
      outScope++;
      if (u.kind !== 'answer') fellBack++;
      return;
    }
    inScope++;
    if (u.kind === 'answer') {
      if (item.expect.includes(u.target.id)) {
        right++;
        oneTap++;
      } else wrong++;
    } else if ((u.kind === 'clarify' ? u.options : u.suggestions).some((c) => item.expect.includes(c.id))) oneTap++;
  });
  const r = { right: right / inScope, wrong: wrong / inScope, oneTap: oneTap / inScope, fellBack: fellBack / outScope };
  return { cutoffs, ...r, objective: r.right - WRONG_COST * r.wrong + r.fellBack };
});

results.sort((a, b) => b.objective - a.objective);
const pct = (x: number) => `${(100 * x).toFixed(1)}%`;
console.log(`${items.length} messages, ${results.length} combinations`);
for (const r of results.slice(0, top)) {
  console.log(
    `${r.objective.toFixed(3)}  right ${pct(r.right)}  wrong ${pct(r.wrong)}  fell back ${pct(r.fellBack)}  one tap ${pct(r.oneTap)}  ${JSON.stringify(r.cutoffs)}`,
  );
}
const current = results.find((r) =>
  (Object.keys(CUTOFFS) as (keyof Cutoffs)[]).every((k) => r.cutoffs[k] === CUTOFFS[k]),
);
if (current)
  console.log(
    `current: ${current.objective.toFixed(3)}  right ${pct(current.right)}  wrong ${pct(current.wrong)}  fell back ${pct(current.fellBack)}  one tap ${pct(current.oneTap)}`,
  );
