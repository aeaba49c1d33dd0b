import type { Candidate, Matcher } from '../matching/matcher.js';
import { canonicalWords, contentWords } from './text/normalize.js';

/** Above this the best target answers the message. */
export const ANSWER_THRESHOLD = 0.5;
/** Below ANSWER_THRESHOLD, a target this good answers if it leads the next one by LEAD_MARGIN. */
export const LEAD_THRESHOLD = 0.42;
export const LEAD_MARGIN = 0.1;
/** A second target this close to the first makes the bot ask which one was meant. */
export const CLARIFY_MARGIN = 0.03;
/** An out-of-scope subject at least this good is named in the fallback ("tôi chưa hướng dẫn việc này"). */
export const OUTSIDE_THRESHOLD = 0.35;
/** An out-of-scope subject this close to the best answer means the bot should not answer. */
export const OUTSIDE_MARGIN = 0.1;
/** Targets at least this good are offered as suggestions when the bot is unsure. */
export const SUGGEST_THRESHOLD = 0.22;

/** Words that only ask (where, what, how long, when): a message made of nothing else names no subject. */
const ASKING_ONLY = new Set(['dau', 'lagi', 'lau', 'khi']);

export type Understanding =
  | { kind: 'answer'; target: Candidate }
  | { kind: 'clarify'; options: Candidate[] }
  /** `outside`: the message is about a subject the bot knowingly does not cover. */
  | { kind: 'fallback'; suggestions: Candidate[]; outside?: Candidate };

/** Decides what a free-text message asks for, or that it is not understood well enough to answer. */
export function understand(matcher: Matcher, text: string, relatedFlow: (knowledgeId: string) => string | undefined = () => undefined): Understanding {
  const words = contentWords(text);
  // "ở đâu", "=2+2 ở đâu": whatever the scores say, there is nothing to answer about.
  if (words.length > 0 && words.every((w) => ASKING_ONLY.has(w))) return { kind: 'fallback', suggestions: [] };
  const ranked = matcher.rank(text, 6);
  const inScope = ranked.filter((c) => c.kind !== 'outside');
  const suggestions = inScope.filter((c) => c.score >= SUGGEST_THRESHOLD).slice(0, 3);
  const [first, second] = ranked;
  if (first?.kind === 'outside' && first.score >= OUTSIDE_THRESHOLD) return { kind: 'fallback', suggestions, outside: first };
  // A lower score still answers when nothing else comes near it.
  const clearLead = first !== undefined && first.score >= LEAD_THRESHOLD && first.score - (second?.score ?? 0) >= LEAD_MARGIN;
  if (!first || (first.score < ANSWER_THRESHOLD && !clearLead)) return { kind: 'fallback', suggestions };

  const close = inScope.filter((c) => first.score - c.score < CLARIFY_MARGIN);
  const outsideClose = ranked.some((c) => c.kind === 'outside' && first.score - c.score < OUTSIDE_MARGIN);
  if (outsideClose) return { kind: 'fallback', suggestions };
  if (close.length === 2) {
    // A guided flow and a question about that same flow, equally close: "how do I..." picks the
    // flow, anything else the answer (which offers the flow as a button anyway).
    const flow = close.find((c) => c.kind === 'flow');
    const entry = close.find((c) => c.kind === 'knowledge');
    if (flow && entry && relatedFlow(entry.id) === flow.id) {
      const words = canonicalWords(text);
      const howTo = words.includes('huongdan') || words.includes('thenao');
      return { kind: 'answer', target: howTo ? flow : entry };
    }
  }
  if (close.length > 1) return { kind: 'clarify', options: close.slice(0, 3) };
  return { kind: 'answer', target: first };
}
