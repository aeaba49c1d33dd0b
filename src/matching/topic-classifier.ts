import type { MatchTarget } from './target.js';
import { topOf } from './top.js';

/** A word of the message as the word index read it (typos corrected, `factor` < 1 when corrected). */
export interface ClassifiedWord {
  word: string;
  factor: number;
}

/** The classifier's view of one message. */
export interface TopicScores {
  /** The indices of the `limit` most probable targets, best first (none when no word is known). */
  best: number[];
  /** A target's probability against the best one's: 1 for the best, 0..1 for the others. */
  relative(index: number): number;
}

/**
 * What a word of a topic's answer or tags counts for, against one in a question variant: a little
 * (words people use that no variant has yet, "momo" in the answer on ways to pay). Cross-validated
 * (scripts/sweep-cutoffs.ts --cv --drop-copies): 0 gave 74.5% right and 3.7% wrong, 0.1 75.6% and
 * 3.0%, 0.3 75.4% and 3.9%: answers say much about neighbouring topics too.
 */
export const ABOUT_WEIGHT = 0.1;

/** Additive smoothing: a word a topic never uses costs about as much as one it uses once in twenty. */
const SMOOTHING = 0.1;

/**
 * The third signal: a naive Bayes classifier trained at start-up on every variant of a topic
 * together. The word index and the n-gram classifier look for the single closest variant; this
 * one pools a topic's words, so "nộp lệ phí bằng thẻ atm" finds the topic whose variants say
 * "lệ phí" in one place and "thẻ atm" in another.
 */
export class TopicClassifier {
  /** Per target, the log-probability of a word it never uses. */
  private readonly unseen: Float64Array;
  /** Per word, the targets that use it and how much more likely it is there than an unseen word (log). */
  private readonly postings = new Map<string, { targets: Int32Array; gains: Float64Array }>();

  constructor(targets: MatchTarget[], wordsOf: (text: string) => string[]) {
    const vocabulary = new Set<string>();
    const counts = targets.map((target) => {
      const count = new Map<string, number>();
      const add = (text: string, weight: number) => {
        for (const word of new Set(wordsOf(text))) {
          count.set(word, (count.get(word) ?? 0) + weight);
          vocabulary.add(word);
        }
      };
      for (const text of target.texts) add(text, 1);
      for (const text of target.about ?? []) add(text, ABOUT_WEIGHT);
      return count;
    });
    this.unseen = new Float64Array(targets.length);
    const lists = new Map<string, { targets: number[]; gains: number[] }>();
    counts.forEach((count, t) => {
      let total = 0;
      for (const n of count.values()) total += n;
      const denominator = Math.log(total + SMOOTHING * vocabulary.size);
      this.unseen[t] = Math.log(SMOOTHING) - denominator;
      for (const [word, n] of count) {
        let list = lists.get(word);
        if (!list) lists.set(word, (list = { targets: [], gains: [] }));
        list.targets.push(t);
        list.gains.push(Math.log(n + SMOOTHING) - Math.log(SMOOTHING));
      }
    });
    for (const [word, list] of lists)
      this.postings.set(word, { targets: Int32Array.from(list.targets), gains: Float64Array.from(list.gains) });
  }

  /**
   * The targets' probabilities for the message's known words, at a temperature (higher: flatter).
   * Only ratios to the best are kept, so no sum over every target is needed.
   */
  scores(words: ClassifiedWord[], temperature: number, limit: number): TopicScores {
    const known = words.filter((w) => this.postings.has(w.word));
    if (known.length === 0) return { best: [], relative: () => 0 };
    // Every word costs each target its unseen-word price, and earns back its gain where used.
    const weight = known.reduce((sum, w) => sum + w.factor, 0);
    const logs = new Float64Array(this.unseen.length);
    for (let t = 0; t < logs.length; t++) logs[t] = weight * this.unseen[t]!;
    for (const { word, factor } of known) {
      const { targets, gains } = this.postings.get(word)!;
      for (let i = 0; i < targets.length; i++) logs[targets[i]!]! += factor * gains[i]!;
    }
    const best = topOf(logs.entries(), (v) => v, limit);
    const most = logs[best[0]!]!;
    return { best, relative: (index) => Math.exp((logs[index]! - most) / temperature) };
  }
}
