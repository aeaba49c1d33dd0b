import { WORD_SHARE, type Candidate, type Matcher, type Ranking } from '../matching/matcher.js';
import { canonicalWords, contentWords } from '../lib/text/normalize.js';

/**
 * Where the decision changes. Chosen by scripts/sweep-cutoffs.ts on the tuning sets (the
 * development set, held-out sets 1–7 and the negatives, ../shared/real-questions.jsonl and the
 * tuning part of our real questions; never our held-out part), maximising right answers minus five
 * times the confidently wrong ones plus fallbacks on out-of-scope messages (a wrong answer costs
 * five right ones). On those 560 messages these cut-offs give 93.2% right, 0.2% wrong, 95.7% fell
 * back, 98.5% within one tap; the sweep's best (93.4%, the same wrong) differs by one message,
 * answered when `apart` is 2: 3 was kept, the careful side.
 * - siblingBand 0.1: at 0 (no sibling rule) the same sets get 4 more right answers and 3 more
 *   wrong ones (the runner-up was meant); at 0.15, 4 fewer right and no fewer wrong.
 * - siblingSure 0.95 and 0.9 score the same; 1.01 (never) loses one right answer.
 * - specific: 2 and 2.5 score the same, 3 answers fewer; 2.5 is the careful end of the tie.
 * - evidence: a clarifying question and a fallback both count as not answering, so no figure
 *   moves with it; it decides which of the two a stray message gets. 1 with words of our own
 *   topics only ("con mèo nhà tôi tên là gì" meets entries on "nhà", which the out-of-scope
 *   housing subject uses too: a fallback, not a question).
 */
export interface Cutoffs {
  /** Share of the word score in the combined score (the rest is the n-gram classifier's). */
  wordShare: number;
  /** The best target answers at or above this combined score, when no other is within clarifyBand... */
  answer: number;
  /** ...or from this lower score when both signals name it... */
  agreeAnswer: number;
  /** ...and the words it shares with the message are rare enough (summed idf): generic words alone never answer. */
  specific: number;
  /** Targets within this band of the best (2–3 of them) make one clarifying question instead of an answer... */
  clarifyBand: number;
  /** ...a band half as wide once the best is at least this good (nearly every word explained, both ways)... */
  sure: number;
  /** ...if the best is at least this good. */
  clarify: number;
  /** An out-of-scope subject ranked first and this good is named in the fallback ("tôi chưa hướng dẫn việc này"). */
  outside: number;
  /** An out-of-scope subject this close to the best, when the best leaves a known word of the message unexplained, falls back. */
  outsideMargin: number;
  /** Targets at least this good are offered as buttons when the bot is unsure. */
  suggest: number;
  /**
   * The best and the next in-scope target this close are siblings to tell apart: unless the
   * message has more words that only the best has than words only the next has, ask with both.
   */
  siblingBand: number;
  /** ...unless the best's closest variant says everything the message says, both ways, at least this well (word score). */
  siblingSure: number;
  /** Two targets within the clarify band are told apart by words of the message only the best has, this rare (summed idf). */
  apart: number;
  /** A clarifying question needs a shared word at least this rare (idf); below it, the message is not about us. */
  evidence: number;
}

export const CUTOFFS: Cutoffs = {
  wordShare: WORD_SHARE,
  answer: 0.42,
  agreeAnswer: 0.42,
  specific: 2.5,
  clarifyBand: 0.05,
  sure: 0.8,
  clarify: 0.3,
  outside: 0.3,
  outsideMargin: 0.1,
  suggest: 0.2,
  siblingBand: 0.1,
  siblingSure: 0.95,
  apart: 3,
  evidence: 1,
};

/** `why`: the rule that decided, in a few words, for `npm run explain`. */
export type Understanding =
  | { kind: 'answer'; target: Candidate; why?: string }
  | { kind: 'clarify'; options: Candidate[]; why?: string }
  /** `outside`: the message is about a subject the bot knowingly does not cover. */
  | { kind: 'fallback'; suggestions: Candidate[]; outside?: Candidate; why?: string };

/** Words that only ask (where, what, how long, when, how, why, how much): a message made of nothing else names no subject. */
const ASKING_ONLY = new Set(['odau', 'lagi', 'baolau', 'khinao', 'thenao', 'taisao', 'baonhieu', 'dau', 'lau', 'khi']);

const HOW_TO = new Set(['huongdan', 'thenao', 'giup', 'muon', 'cach']);

type RelatedFlow = (knowledgeId: string) => string | undefined;

/**
 * The rarest word of the message that at least two of the options share with it, among the words
 * only our topics use (0 when none): "vneid", "căn cước", not "nhà" or "tên".
 */
function subjectRarity(options: Candidate[], ranking: Ranking): number {
  let best = 0;
  for (const [i, a] of options.entries())
    for (const word of a.shared)
      if (ranking.ours.has(word) && options.some((b, j) => j !== i && b.shared.includes(word)))
        best = Math.max(best, ranking.rarity.get(word) ?? 0);
  return best;
}

/** Decides what a free-text message asks for, or that it is not understood well enough to answer. */
export function understand(
  matcher: Matcher,
  text: string,
  relatedFlow: RelatedFlow = () => undefined,
  cutoffs: Cutoffs = CUTOFFS,
): Understanding {
  const words = contentWords(text);
  // "ở đâu", "=2+2 ở đâu": whatever the scores say, there is nothing to answer about.
  if (words.length > 0 && words.every((w) => ASKING_ONLY.has(w)))
    return { kind: 'fallback', suggestions: [], why: 'only question words' };
  return decide(matcher.rankBoth(text, 8, cutoffs.wordShare), text, relatedFlow, cutoffs);
}

/** The decision on a ranking: answer, one clarifying question, or a fallback with suggestions. */
export function decide(ranking: Ranking, text: string, relatedFlow: RelatedFlow, cutoffs: Cutoffs): Understanding {
  const ranked = ranking.candidates;
  const inScope = ranked.filter((c) => c.kind !== 'outside');
  const suggestions = inScope.filter((c) => c.score >= cutoffs.suggest).slice(0, 3);
  const [first] = ranked;
  const fallback = (why: string, outside?: Candidate): Understanding => ({
    kind: 'fallback',
    suggestions,
    why,
    ...(outside ? { outside } : {}),
  });
  const answer = (target: Candidate, why: string): Understanding => ({ kind: 'answer', target, why });
  if (!first) return fallback('nothing matched');
  // A subject the bot does not cover, ranked above everything it does: say so.
  if (first.kind === 'outside')
    return fallback('an out-of-scope subject ranked first', first.score >= cutoffs.outside ? first : undefined);
  // Lower down, an out-of-scope subject blocks an answer only through a rare word of its own that
  // the best does not share ("sổ đỏ"), or when it is close behind and the best leaves a word of the
  // message unexplained ("quên mật khẩu zalo": near the VNeID password entry, but zalo is not in
  // it). Generic words it shares with the message ("đăng ký", "bao lâu") never block.
  const unexplained = ranking.known.some((w) => !first.shared.includes(w));
  const blocking = ranked.find(
    (c) =>
      c.kind === 'outside' &&
      c.score >= cutoffs.outside &&
      ((c.key !== undefined &&
        c.keyRarity >= first.keyRarity &&
        !first.shared.includes(c.key) &&
        first.score - c.score < 2 * cutoffs.outsideMargin) ||
        (unexplained && first.score - c.score < cutoffs.outsideMargin)),
  );
  if (blocking) return fallback('an out-of-scope subject blocks', blocking);

  const bar = ranking.agree ? Math.min(cutoffs.answer, cutoffs.agreeAnswer) : cutoffs.answer;
  const confident = first.score >= bar && first.specific >= cutoffs.specific;
  const band = first.score >= cutoffs.sure ? cutoffs.clarifyBand / 2 : cutoffs.clarifyBand;
  const close = inScope.filter((c) => first.score - c.score < band).slice(0, 3);
  // A guided flow and questions about that same flow, equally close: "how do I..." picks the
  // flow; otherwise one question picks its answer (which offers the flow as a button anyway).
  // Either is safe, so generic words ("đăng ký định danh") are enough here.
  const flow = close.find((c) => c.kind === 'flow');
  const entries = close.filter((c) => c !== flow);
  if (flow && entries.length > 0 && entries.every((c) => relatedFlow(c.id) === flow.id) && first.score >= bar) {
    // Asking to be walked through it, helped with it, or wanting to do it: the flow.
    const howTo = canonicalWords(text).some((w) => HOW_TO.has(w));
    if (howTo) return answer(flow, 'a flow and its questions, equally close; asked how: the flow');
    if (entries.length === 1)
      return answer(entries[0]!, 'a flow and one of its questions, equally close: the question');
  }
  // A clarifying question only when the options have a subject in common with the message: a word
  // of it at least this rare that two of them share. "con mèo nhà tôi tên là gì" meets one entry
  // on "tên", another on "nhà": no reason to ask which one was meant.
  // The evidence is judged on the options that made the question (`core`); a nearby third may be shown too.
  const clarify = (why: string, core: Candidate[], options = core): Understanding =>
    subjectRarity(core, ranking) >= cutoffs.evidence
      ? { kind: 'clarify', options, why }
      : fallback(`${why}, but no subject word of ours in common`);
  // Someone reporting that a step failed ("không kích hoạt được") is not asking to be walked
  // through from the start: a question about that flow answers instead, or both are offered.
  if (first.kind === 'flow' && confident && ranking.rarity.has('loi') && !first.shared.includes('loi')) {
    const entry = inScope.find((c) => c.kind === 'knowledge' && relatedFlow(c.id) === first.id);
    const why = 'a failure reported, not a walk-through';
    if (entry && entry.score >= bar && entry.specific >= cutoffs.specific) return answer(entry, why);
    return entry && entry.score >= cutoffs.clarify ? clarify(why, [entry, first]) : fallback(why);
  }
  if (confident && close.length === 1) {
    // Siblings (a new phone / a new number, getting the card / what to bring): close behind, the
    // next one wins unless the message has the words that tell the best apart from it.
    // A flow and a question about it are not siblings: either answer is safe.
    const second = inScope.find((c) => c !== first);
    const related = second && (relatedFlow(first.id) === second.id || relatedFlow(second.id) === first.id);
    const { contrast } = ranking;
    const told = first.word >= cutoffs.siblingSure || contrast.first > contrast.second;
    if (second && !related && !told && first.score - second.score < cutoffs.siblingBand)
      return clarify(
        'a close sibling not told apart',
        [first, second],
        inScope.filter((c) => first.score - c.score < cutoffs.siblingBand).slice(0, 3),
      );
    return answer(first, told && second ? 'confident; told apart from the next' : 'confident, nothing close');
  }
  // Two close ones, but the message has a rare word only the best has and none only the other
  // has ("số đứng tên bố": a SIM in another's name, not a change of number): that tells them apart.
  const [one, two] = close;
  const apart = ranking.contrast.first >= cutoffs.apart && ranking.contrast.second === 0;
  if (confident && close.length === 2 && one === first && two === inScope[1] && apart)
    return answer(first, 'two close; a rare word only the best has');
  if (close.length >= 2 && first.score >= cutoffs.clarify) {
    // Up to three buttons: the close ones, then the next within twice the band (one more chance
    // that the meant one is a tap away, at no risk: nothing is answered).
    const near = inScope.filter((c) => first.score - c.score < 2 * band).slice(0, 3);
    return clarify('several close', close, near);
  }
  return fallback(first.score < bar ? 'best below the answer bar' : 'shared words too generic');
}
