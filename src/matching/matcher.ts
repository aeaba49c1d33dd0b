import { NgramIndex } from './ngram-index.js';
import { TopicClassifier } from './topic-classifier.js';
import { topOf } from './top.js';
import { contentTokens } from '../lib/text/normalize.js';
import { WordIndex } from './word-index.js';
import type { MatchTarget, TargetKind } from './target.js';

export interface Candidate {
  kind: TargetKind;
  id: string;
  /** 0..1: the signals combined (TOPIC_SHARE of the topic classifier's, the rest the closest-variant score). */
  score: number;
  /** The closest-variant score: WORD_SHARE of the word score, the rest n-grams. */
  variantScore: number;
  /** The topic classifier's posterior probability (all of a topic's variants pooled). */
  topic: number;
  /** The word index's score (rarity-weighted words and word pairs shared with the closest variant). */
  word: number;
  /** The character n-gram classifier's score (cosine with the closest variant). */
  ngram: number;
  /** Evidence: summed rarity (idf) of the content words shared with the closest variant; 0 when none. */
  specific: number;
  /** Content words shared with the closest variant. */
  shared: string[];
  /** The rarest of them and its rarity (idf). */
  key?: string;
  keyRarity: number;
  /**
   * How much the closest variant and the message explain of each other, by rarity (idf): the
   * share of the message's content words the variant has (`message`; a word the index has never
   * seen counts as the rarest) and the share of the variant's the message has (`variant`).
   */
  cover: { message: number; variant: number };
}

export interface Ranking {
  /** Best first by the combined score. */
  candidates: Candidate[];
  /** The two signals name the same best target. */
  agree: boolean;
  /** The message's content words that the index knows. */
  known: string[];
  /**
   * What tells the best in-scope target from the next one: the summed rarity of the message's
   * words only the first has (`first`) and only the second has (`second`).
   */
  contrast: { first: number; second: number };
  /** How rare each of the message's content words is (idf; weak words left out). */
  rarity: Map<string, number>;
  /** The message's words that only the bot's own topics use (no out-of-scope subject does). */
  ours: Set<string>;
}

/** Share of the word score in the combined score; chosen with scripts/sweep-cutoffs.ts. */
export const WORD_SHARE = 0.8;

/**
 * Share of the topic classifier in the combined score, chosen with scripts/sweep-cutoffs.ts --cv
 * --drop-copies (0.1, 0.2 and 0.3 tried; see CUTOFFS). The classifier alone ranks the meant topic
 * first more often than the closest-variant score alone (84% against 82% of the tuning messages,
 * left-out variants dropped); a fifth of it combined does best (88%).
 */
export const TOPIC_SHARE = 0.2;

/** How the signals are combined (see scripts/sweep-cutoffs.ts). */
export interface SignalWeights {
  /** Share of the word score in the closest-variant score (the rest is the n-gram classifier's). */
  wordShare: number;
  /** Share of the topic classifier in the combined score (the rest is the closest-variant score). */
  topicShare: number;
  /** The topic classifier's temperature per word of the message: higher, flatter posteriors. */
  topicTemperature: number;
}

export const SIGNAL_WEIGHTS: SignalWeights = { wordShare: WORD_SHARE, topicShare: TOPIC_SHARE, topicTemperature: 1 };

/** A topic classifier's word: a content word, not a folded stop word that may be a real one. */
const classifierWords = (text: string) =>
  contentTokens(text)
    .filter((t) => t.class !== 'weak')
    .map((t) => t.word);

/** How many of each signal's best targets are scored by all. */
const SHORTLIST = 10;

const round = (x: number) => Math.round(x * 1000) / 1000;

/**
 * Ranks targets for a message with two differently built signals: a word index that knows the
 * lexicon's concepts and word rarity, and a character n-gram classifier that knows only spelling.
 */
export class Matcher {
  private readonly words: WordIndex;
  private readonly ngrams: NgramIndex;
  private readonly topics: TopicClassifier;

  constructor(private readonly targets: MatchTarget[]) {
    this.words = new WordIndex(targets);
    this.ngrams = new NgramIndex(targets);
    this.topics = new TopicClassifier(targets, classifierWords);
  }

  /** Both signals for the best targets of either, best first by the combined score. */
  rankBoth(text: string, limit = 8, weights: Partial<SignalWeights> = {}): Ranking {
    const { wordShare, topicShare, topicTemperature } = { ...SIGNAL_WEIGHTS, ...weights };
    const { query, best: byWord, known } = this.words.scores(text);
    const messageWeight = query.reduce((sum, q) => sum + (q.weak ? 0 : q.weight), 0);
    const byNgram = this.ngrams.scores(text);
    const strong = query.filter((q) => !q.weak);
    // Scaled by the message's length: a long message is not more certain than a short one.
    const byTopic = this.topics.scores(strong, topicTemperature * Math.max(1, strong.length), SHORTLIST);
    const topWord = topOf(byWord, (h) => h.score, SHORTLIST);
    const topNgram = topOf(byNgram, (score) => score, SHORTLIST);
    const topTopic = byTopic.best;
    // The shortlist of any signal is scored by all: one signal's silence counts as a 0.
    const indices = new Map<Candidate, number>();
    const candidates: Candidate[] = [...new Set([...topWord, ...topNgram, ...topTopic])].map((index) => {
      const t = this.targets[index]!;
      const hit = byWord.get(index);
      const word = hit?.score ?? 0;
      const ngram = byNgram.get(index) ?? 0;
      // Relative to the classifier's best (1 for it), so the combined score keeps the scale of the
      // closest-variant score that the cut-offs are set on.
      const topic = byTopic.relative(index);
      const variantScore = wordShare * word + (1 - wordShare) * ngram;
      const shared = hit ? this.words.shared(query, hit.variant) : { specific: 0, shared: [], keyRarity: 0 };
      const candidate: Candidate = {
        kind: t.kind,
        id: t.id,
        score: round((1 - topicShare) * variantScore + topicShare * topic),
        variantScore: round(variantScore),
        topic: round(topic),
        word: round(word),
        ngram: round(ngram),
        specific: round(shared.specific),
        shared: shared.shared,
        key: shared.key,
        keyRarity: round(shared.keyRarity),
        cover: {
          message: hit ? round(Math.min(1, shared.specific / Math.max(messageWeight, 1e-9))) : 0,
          variant: hit
            ? round(Math.min(1, shared.specific / Math.max(this.words.variantWeight(hit.variant), 1e-9)))
            : 0,
        },
      };
      indices.set(candidate, index);
      return candidate;
    });
    candidates.sort((a, b) => b.score - a.score);
    const agree = topWord[0] !== undefined && topWord[0] === topNgram[0];
    const [one, two] = candidates.filter((c) => c.kind !== 'outside');
    const contrast =
      one && two
        ? {
            first: this.words.apart(query, indices.get(one)!, indices.get(two)!),
            second: this.words.apart(query, indices.get(two)!, indices.get(one)!),
          }
        : { first: 0, second: 0 };
    const rarity = new Map(query.filter((q) => !q.weak).map((q) => [q.word, q.weight * q.factor]));
    const ours = new Set([...rarity.keys()].filter((w) => this.words.ours(w)));
    return { candidates: candidates.slice(0, limit), agree, known, contrast, rarity, ours };
  }

  /** The best targets for a message, best first, one per target. */
  rank(text: string, limit = 5): Candidate[] {
    return this.rankBoth(text, limit).candidates;
  }
}
