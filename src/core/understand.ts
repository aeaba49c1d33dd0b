import type { Candidate, Matcher } from '../matching/matcher.js';

/** Above this the best target answers the message. */
export const ANSWER_THRESHOLD = 0.5;
/** A second target this close to the first makes the bot ask which one was meant. */
export const CLARIFY_MARGIN = 0.03;
/** Targets at least this good are offered as suggestions when the bot is unsure. */
export const SUGGEST_THRESHOLD = 0.22;

export type Understanding =
  | { kind: 'answer'; target: Candidate }
  | { kind: 'clarify'; options: Candidate[] }
  | { kind: 'fallback'; suggestions: Candidate[] };

/** Decides what a free-text message asks for, or that it is not understood well enough to answer. */
export function understand(matcher: Matcher, text: string): Understanding {
  const ranked = matcher.rank(text, 4);
  const [first, second] = ranked;
  if (first && first.score >= ANSWER_THRESHOLD) {
    if (second && second.score >= ANSWER_THRESHOLD && first.score - second.score < CLARIFY_MARGIN) {
      return { kind: 'clarify', options: ranked.filter((c) => first.score - c.score < CLARIFY_MARGIN).slice(0, 3) };
    }
    return { kind: 'answer', target: first };
  }
  return { kind: 'fallback', suggestions: ranked.filter((c) => c.score >= SUGGEST_THRESHOLD).slice(0, 3) };
}
