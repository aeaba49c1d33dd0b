import { WORD_SHARE, type Candidate, type Matcher, type Ranking } from '../matching/matcher.js';
import { canonicalWords } from './text/normalize.js';

/**
 * Where the decision changes. Chosen by scripts/sweep-cutoffs.ts on the tuning sets (the
 * development set, held-out sets 1–7 and their negatives, ../shared/real-questions.jsonl and the
 * tuning half of our real questions), maximising right answers minus five times the confidently
 * wrong ones plus fallbacks on out-of-scope messages; the held-out half of the real questions was
 * never used. A wrong answer costs five right ones, so the cut-offs sit on the careful side.
 */
export interface Cutoffs {
  /** Share of the word score in the combined score (the rest is the n-gram classifier's). */
  wordShare: number;
  /** The best target answers at or above this combined score... */
  answer: number;
  /** ...when it leads the next by this much, or both signals name it... */
  margin: number;
  /** ...and the words it shares with the message are rare enough (summed idf): generic words alone never answer. */
  specific: number;
  /** Below the answer bar, targets within this band of the best (2–3 of them) make one clarifying question... */
  clarifyBand: number;
  /** ...if the best is at least this good. */
  clarify: number;
  /** An out-of-scope subject ranked first and this good is named in the fallback ("tôi chưa hướng dẫn việc này"). */
  outside: number;
  /** An out-of-scope subject this close to the best, when the best leaves a known word of the message unexplained, falls back. */
  outsideMargin: number;
  /** Targets at least this good are offered as buttons when the bot is unsure. */
  suggest: number;
}

export const CUTOFFS: Cutoffs = {
  wordShare: WORD_SHARE,
  answer: 0.42,
  margin: 0.06,
  specific: 3,
  clarifyBand: 0.05,
  clarify: 0.3,
  outside: 0.3,
  outsideMargin: 0.05,
  suggest: 0.2,
};

export type Understanding =
  | { kind: 'answer'; target: Candidate }
  | { kind: 'clarify'; options: Candidate[] }
  /** `outside`: the message is about a subject the bot knowingly does not cover. */
  | { kind: 'fallback'; suggestions: Candidate[]; outside?: Candidate };

const HOW_TO = new Set(['huongdan', 'thenao', 'giup', 'muon', 'cach']);

type RelatedFlow = (knowledgeId: string) => string | undefined;

/** Decides what a free-text message asks for, or that it is not understood well enough to answer. */
export function understand(matcher: Matcher, text: string, relatedFlow: RelatedFlow = () => undefined, cutoffs: Cutoffs = CUTOFFS): Understanding {
  return decide(matcher.rankBoth(text, 8, cutoffs.wordShare), text, relatedFlow, cutoffs);
}

/** The decision on a ranking: answer, one clarifying question, or a fallback with suggestions. */
export function decide(ranking: Ranking, text: string, relatedFlow: RelatedFlow, cutoffs: Cutoffs): Understanding {
  const ranked = ranking.candidates;
  const inScope = ranked.filter((c) => c.kind !== 'outside');
  const suggestions = inScope.filter((c) => c.score >= cutoffs.suggest).slice(0, 3);
  const [first] = ranked;
  if (!first) return { kind: 'fallback', suggestions };
  // A subject the bot does not cover, ranked above everything it does: say so. Out-of-scope
  // subjects lower down never block an in-scope answer.
  if (first.kind === 'outside') return { kind: 'fallback', suggestions, ...(first.score >= cutoffs.outside ? { outside: first } : {}) };
  // Lower down, an out-of-scope subject blocks only through a rare word of its own that the best
  // in-scope target does not explain ("quên mật khẩu zalo": zalo), never through generic words.
  // Close behind the best, it also blocks when the best leaves a word of the message unexplained
  // ("quên mật khẩu zalo" is close to the VNeID password entry, but zalo is not in it).
  const unexplained = ranking.known.some((w) => !first.shared.includes(w));
  const blocking = ranked.find((c) => c.kind === 'outside' && c.score >= cutoffs.outside &&
    ((c.key !== undefined && c.keyRarity >= first.keyRarity && !first.shared.includes(c.key)) || (unexplained && first.score - c.score < cutoffs.outsideMargin)));
  if (blocking) return { kind: 'fallback', suggestions, outside: blocking };

  const second = inScope[1];
  const lead = first.score - (second?.score ?? 0);
  const confident = first.score >= cutoffs.answer && first.specific >= cutoffs.specific && (lead >= cutoffs.margin || ranking.agree);
  if (confident && lead >= cutoffs.clarifyBand) return { kind: 'answer', target: first };

  const close = inScope.filter((c) => first.score - c.score < cutoffs.clarifyBand).slice(0, 3);
  if (close.length === 2) {
    // A guided flow and a question about that same flow, equally close: "how do I..." picks the
    // flow, anything else the answer (which offers the flow as a button anyway).
    const flow = close.find((c) => c.kind === 'flow');
    const entry = close.find((c) => c.kind === 'knowledge');
    if (flow && entry && relatedFlow(entry.id) === flow.id && first.score >= cutoffs.answer && first.specific >= cutoffs.specific) {
      const words = canonicalWords(text);
      // Asking to be walked through it, helped with it, or wanting to do it: the flow.
      const howTo = words.some((w) => HOW_TO.has(w));
      return { kind: 'answer', target: howTo ? flow : entry };
    }
  }
  if (confident && close.length === 1) return { kind: 'answer', target: first };
  if (close.length >= 2 && first.score >= cutoffs.clarify) return { kind: 'clarify', options: close };
  return { kind: 'fallback', suggestions };
}
