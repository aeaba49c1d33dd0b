// Chooses the understanding cut-offs on data: every combination of the grid below is scored on
// the tuning sets, and the best by  right − 5 × confidently wrong + fell back  (pooled rates; the
// within-one-tap rate breaks ties) is printed with the runners-up. Never pass a held-out set here.
//   npx tsx scripts/sweep-cutoffs.ts test/fixtures/dev-questions.jsonl ... [--top 10]
// --cv [--folds 5]: an honest estimate of how the choice does on messages never seen. The pool is
// cut into folds (the two phrasings of one real question, same source, stay together); for each
// fold the cut-offs are chosen on the others and scored on it; the left-out scores are pooled.
// --drop-copies: see below. --fix cover=0,siblingBand=0: pins cut-offs (cover=0 is the decision before the evidence rule).
// --outcomes: each message's outcome under the current cut-offs, to compare content changes.
// --thin: the tuning messages the current cut-offs answer on thin evidence (how much the message
// and the answer's closest variant explain of each other), the weakest first.
// --buttons: the in-scope tuning messages not answered whose buttons miss the meant topic, with
// where it ranked and each candidate's scores (w word, n n-gram, s shared rarity, c cover both ways).
import { readFileSync } from 'node:fs';
import { loadContent } from '../src/content/load.js';
import { CUTOFFS, decide, type Cutoffs } from '../src/core/understand.js';
import { Matcher, type Ranking } from '../src/matching/matcher.js';
import { matchTargets } from '../src/matching/targets.js';
import { contentWords } from '../src/lib/text/normalize.js';
import { parseSet, type LabelledMessage } from './score-set.js';

type Grid = { [K in keyof Cutoffs]: number[] };
const fixed = (overrides: Partial<Grid>): Grid =>
  ({
    ...Object.fromEntries(Object.entries(CUTOFFS).map(([k, v]) => [k, [v]])),
    ...overrides,
  }) as Grid;

const GRID: Grid = fixed({
  wordShare: [0.7, 0.8, 0.9],
  topicShare: [0.1, 0.2, 0.3],
  answer: [0.42, 0.46, 0.5, 0.54],
  specific: [2, 2.5, 3],
  clarifyBand: [0.03, 0.05, 0.08],
  sure: [0.8, 2],
  outsideMargin: [0.05, 0.1],
  siblingBand: [0, 0.06, 0.1, 0.15],
  // evidence moves no figure here (a clarifying question and a fallback score the same); cover and
  // coverMargin: see CV_GRID.
});

/**
 * What the cross-validation chooses among: each rule on and off (0 or 99 where that turns it
 * off) and a few settings of the cut-offs that move the figures most, around the scale of the
 * combined score with the topic classifier in it (its share and temperature were tried here too:
 * topicShare 0.1–0.3, topicTemperature 0.5 and 1; see CUTOFFS).
 */
const CV_GRID: Grid = fixed({
  answer: [0.5, 0.54, 0.58, 0.62],
  specific: [2, 2.5],
  clarifyBand: [0.05, 0.08, 0.12],
  siblingBand: [0, 0.1],
  cover: [0, 0.5, 0.6],
  coverMargin: [0.1, 0.15, 99],
  outsideMargin: [0.05, 0.1],
});

const args = process.argv.slice(2);
const opt = (name: string) => (args.includes(`--${name}`) ? args[args.indexOf(`--${name}`) + 1] : undefined);
/** What one confidently wrong answer costs, in right answers. */
const WRONG_COST = Number(process.env.WRONG_COST ?? 5);
const top = Number(opt('top')) || 10;
const folds = Number(opt('folds')) || 5;
const items: (LabelledMessage & { source?: string })[] = args
  .filter((a) => a.endsWith('.jsonl'))
  .flatMap((f) => parseSet(readFileSync(f, 'utf8')));
const content = loadContent(process.cwd());
const matcher = new Matcher(matchTargets(content));
const related = (id: string) => content.knowledge.get(id)?.flow;
const pinned = Object.fromEntries(
  (opt('fix') ?? '')
    .split(',')
    .filter(Boolean)
    .map((kv) => [kv.split('=')[0], [Number(kv.split('=')[1])]]),
);
const grid: Grid = { ...(args.includes('--cv') ? CV_GRID : GRID), ...pinned };

/** The fold of each message: by its source when it has one, so both phrasings of a question fall together. */
// --seed N cuts other folds (repeat the estimate over a few seeds: one cut varies by a point or two).
const seed = Number(opt('seed')) || 0;
const foldOf = items.map((item) => {
  let h = seed;
  for (const ch of item.source ?? item.text) h = (h * 31 + ch.charCodeAt(0)) >>> 0;
  return h % folds;
});

// --drop-copies: question variants were also written from these messages, so a message can meet
// its own copy in the content. Each message is then ranked by a matcher built without the
// variants that are near-copies (most content words in common) of any message in its fold.
const wordSets = items.map((item) => new Set(contentWords(item.text)));
const nearCopy = (a: Set<string>, b: Set<string>) => {
  const common = [...a].filter((w) => b.has(w)).length;
  return common > 0 && common / (a.size + b.size - common) >= 0.6;
};
const matchers = Array.from({ length: folds }, (_, f) => {
  if (!args.includes('--drop-copies')) return matcher;
  const mine = wordSets.filter((_, i) => foldOf[i] === f);
  const targets = matchTargets(content).map((t) => ({
    ...t,
    texts: t.texts.filter((text, j) => j === 0 || !mine.some((m) => nearCopy(m, new Set(contentWords(text))))),
  }));
  return new Matcher(targets);
});

const rankings = new Map<string, Ranking[]>();
const rankingsOf = (c: Cutoffs) => {
  const key = `${c.wordShare}/${c.topicShare}/${c.topicTemperature}`;
  if (!rankings.has(key))
    rankings.set(
      key,
      items.map((item, i) => matchers[foldOf[i]!]!.rankBoth(item.text, 8, c)),
    );
  return rankings.get(key)!;
};

function combos(g: Grid): Cutoffs[] {
  let out: Partial<Cutoffs>[] = [{}];
  for (const key of Object.keys(g) as (keyof Cutoffs)[])
    out = out.flatMap((c) => g[key].map((v) => ({ ...c, [key]: v })));
  return out as Cutoffs[];
}

/** Counts per fold: in scope, right, wrong, within one tap, out of scope, fell back. */
type Counts = [number, number, number, number, number, number];
const zero = (): Counts => [0, 0, 0, 0, 0, 0];

/** What the decision did with a message: right or WRONG when it answered, else how it did not. */
function outcomeOf(item: LabelledMessage, u: ReturnType<typeof decide>): 'right' | 'WRONG' | 'clarify' | 'fallback' {
  if (u.kind !== 'answer') return u.kind;
  return item.kind !== 'fallback' && item.expect.includes(u.target.id) ? 'right' : 'WRONG';
}

function countsOf(cutoffs: Cutoffs): Counts[] {
  const perFold = Array.from({ length: folds }, zero);
  const ranked = rankingsOf(cutoffs);
  items.forEach((item, i) => {
    const c = perFold[foldOf[i]!]!;
    const u = decide(ranked[i]!, item.text, related, cutoffs);
    if (item.kind === 'fallback') {
      c[4]++;
      if (u.kind !== 'answer') c[5]++;
      return;
    }
    c[0]++;
    if (u.kind === 'answer') {
      if (!item.expect.includes(u.target.id)) c[2]++;
      else {
        c[1]++;
        c[3]++;
      }
    } else if ((u.kind === 'clarify' ? u.options : u.suggestions).some((o) => item.expect.includes(o.id))) c[3]++;
  });
  return perFold;
}

function rates(c: Counts) {
  const [inScope, right, wrong, oneTap, outScope, fellBack] = c;
  const r = { right: right / inScope, wrong: wrong / inScope, oneTap: oneTap / inScope, fellBack: fellBack / outScope };
  return { ...r, objective: r.right - WRONG_COST * r.wrong + r.fellBack };
}
const sum = (cs: Counts[]) => cs.reduce((a, c) => a.map((x, i) => x + c[i]!) as Counts, zero());
const better = (a: ReturnType<typeof rates>, b: ReturnType<typeof rates>) =>
  a.objective - b.objective || a.oneTap - b.oneTap;
const pct = (x: number) => `${(100 * x).toFixed(1)}%`;
const line = (r: ReturnType<typeof rates>) =>
  `${r.objective.toFixed(3)}  right ${pct(r.right)}  wrong ${pct(r.wrong)}  fell back ${pct(r.fellBack)}  one tap ${pct(r.oneTap)}`;
const same = (a: Cutoffs, b: Cutoffs) => (Object.keys(b) as (keyof Cutoffs)[]).every((k) => a[k] === b[k]);

if (args.includes('--buttons')) {
  // The in-scope messages not answered whose buttons miss the meant topic: where it ranks, and what took the slots.
  const ranked = rankingsOf(CUTOFFS);
  items.forEach((item, i) => {
    const u = decide(ranked[i]!, item.text, related, CUTOFFS);
    if (item.kind === 'fallback' || u.kind === 'answer') return;
    const shown = u.kind === 'clarify' ? u.options : u.suggestions;
    if (shown.some((o) => item.expect.includes(o.id))) return;
    const all = ranked[i]!.candidates;
    const at = all.findIndex((c) => item.expect.includes(c.id));
    const list = all
      .map(
        (c) =>
          `${item.expect.includes(c.id) ? '*' : ''}${c.id}${c.kind === 'outside' ? '(out)' : ''} ${c.score} w${c.word} n${c.ngram} s${c.specific} c${c.cover.message}/${c.cover.variant}`,
      )
      .join('\n    ');
    console.log(`${u.kind} ${u.why}\n  ${item.text}  [${item.expect.join('|')} ranked ${at < 0 ? '-' : at + 1}]`);
    console.log(`  shown: ${shown.map((o) => o.id).join(', ') || '-'}\n  ranked: ${list}`);
  });
} else if (args.includes('--ranks')) {
  // Where the meant topic ranks, and what the decision did with it: ranking losses against decision losses.
  const ranked = rankingsOf(CUTOFFS);
  const tally = new Map<string, number>();
  const bump = (k: string) => tally.set(k, (tally.get(k) ?? 0) + 1);
  items.forEach((item, i) => {
    if (item.kind === 'fallback') return;
    const inScope = ranked[i]!.candidates.filter((c) => c.kind !== 'outside');
    const at = inScope.findIndex((c) => item.expect.includes(c.id));
    const u = decide(ranked[i]!, item.text, related, CUTOFFS);
    const did = outcomeOf(item, u);
    const place = at < 0 ? 'unranked' : at === 0 ? 'first' : at < 3 ? '2nd-3rd' : 'lower';
    bump(`${place} ${did}`);
    if (args.includes('--verbose') && ((place === 'first' && did !== 'right') || did === 'WRONG'))
      console.log(`  ${did} ${u.why}: ${item.text}`);
  });
  for (const [k, n] of [...tally].sort()) console.log(`${k.padEnd(24)} ${n}`);
} else if (args.includes('--outcomes')) {
  // One line per message under the current cut-offs: outcome (right, WRONG, or the clarify or
  // fallback it got instead of an answer), what it got, what was meant. Run it
  // before and after adding question variants (with --drop-copies and each --seed) and compare the
  // two outputs line by line: a variant that turns more messages wrong than right does not stay.
  const ranked = rankingsOf(CUTOFFS);
  items.forEach((item, i) => {
    const u = decide(ranked[i]!, item.text, related, CUTOFFS);
    const got = u.kind === 'answer' ? u.target.id : u.kind;
    console.log(`${outcomeOf(item, u)}\t${got}\t${item.expect.join('|') || '-'}\t${item.text}`);
  });
} else if (args.includes('--thin')) {
  const ranked = rankingsOf(CUTOFFS);
  const thin = items.flatMap((item, i) => {
    const u = decide(ranked[i]!, item.text, related, CUTOFFS);
    if (u.kind !== 'answer') return [];
    const { message, variant } = u.target.cover;
    const ok = item.kind !== 'fallback' && item.expect.includes(u.target.id);
    return [
      { min: Math.min(message, variant), text: `${ok ? 'right' : 'WRONG'}  ${message} / ${variant}  ${item.text}` },
    ];
  });
  thin.sort((a, b) => a.min - b.min);
  for (const t of thin.slice(0, top)) console.log(t.text);
} else {
  const all = combos(grid).map((cutoffs) => ({ cutoffs, perFold: countsOf(cutoffs) }));
  console.log(`${items.length} messages, ${all.length} combinations`);
  const scored = all.map((a) => ({ ...a, r: rates(sum(a.perFold)) })).sort((a, b) => better(b.r, a.r));
  for (const s of scored.slice(0, top)) console.log(`${line(s.r)}  ${JSON.stringify(s.cutoffs)}`);
  const current = scored.find((s) => same(s.cutoffs, CUTOFFS));
  if (current) console.log(`current, on the whole pool: ${line(current.r)}`);
  if (args.includes('--cv')) {
    // For each fold: choose on the others, score on it.
    const left: Counts[] = [];
    for (let f = 0; f < folds; f++) {
      const chosen = all
        .map((a) => ({ a, r: rates(sum(a.perFold.filter((_, j) => j !== f))) }))
        .reduce((x, y) => (better(y.r, x.r) > 0 ? y : x));
      left.push(chosen.a.perFold[f]!);
      const differs = (Object.keys(CUTOFFS) as (keyof Cutoffs)[]).filter((k) => chosen.a.cutoffs[k] !== CUTOFFS[k]);
      const diff = differs.map((k) => `${k} ${chosen.a.cutoffs[k]}`).join(', ');
      console.log(`fold ${f + 1}: ${line(rates(chosen.a.perFold[f]!))}  chosen: ${diff || 'the current cut-offs'}`);
    }
    console.log(`cross-validated (${folds} folds): ${line(rates(sum(left)))}`);
  }
}
