import { NgramIndex } from './ngram-index.js';
import { WordIndex } from './word-index.js';

/** Something a message can be matched to: a guided flow (by its triggers) or a knowledge entry. */
export type TargetKind = 'flow' | 'knowledge' | 'outside';

export interface MatchTarget {
  /** `outside`: a subject the bot does not cover; matching it means "say so", not "answer". */
  kind: TargetKind;
  id: string;
  /** Question variants, trigger phrases and the title: every way a citizen might ask for it. */
  texts: string[];
}

export interface Candidate {
  kind: TargetKind;
  id: string;
  /** 0..1: the two signals combined (WORD_SHARE of the word score, the rest n-grams). */
  score: number;
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
}

export interface Ranking {
  /** Best first by the combined score. */
  candidates: Candidate[];
  /** The two signals name the same best target. */
  agree: boolean;
}

/** Share of the word score in the combined score; chosen with scripts/sweep-cutoffs.ts. */
export const WORD_SHARE = 0.6;

const round = (x: number) => Math.round(x * 1000) / 1000;

/**
 * Ranks targets for a message with two differently built signals: a word index that knows the
 * lexicon's concepts and word rarity, and a character n-gram classifier that knows only spelling.
 */
export class Matcher {
  private readonly words: WordIndex;
  private readonly ngrams: NgramIndex;

  constructor(private readonly targets: MatchTarget[]) {
    this.words = new WordIndex(targets);
    this.ngrams = new NgramIndex(targets);
  }

  /** Both signals for the best targets of either, best first by the combined score. */
  rankBoth(text: string, limit = 8, wordShare = WORD_SHARE): Ranking {
    // Every target either signal found is scored by both, so one signal's silence counts as a 0.
    const byWord = this.words.rank(text);
    const byNgram = this.ngrams.rank(text);
    const merged = new Map<number, Candidate>();
    const entry = (target: number) => {
      let c = merged.get(target);
      if (!c) {
        const t = this.targets[target]!;
        merged.set(target, (c = { kind: t.kind, id: t.id, score: 0, word: 0, ngram: 0, specific: 0, shared: [], keyRarity: 0 }));
      }
      return c;
    };
    for (const hit of byWord) Object.assign(entry(hit.target), { word: round(hit.score), specific: round(hit.specific), shared: hit.shared, key: hit.key, keyRarity: round(hit.keyRarity) });
    for (const hit of byNgram) entry(hit.target).ngram = round(hit.score);
    const candidates = [...merged.values()];
    for (const c of candidates) c.score = round(wordShare * c.word + (1 - wordShare) * c.ngram);
    candidates.sort((a, b) => b.score - a.score);
    const agree = byWord[0] !== undefined && byWord[0].target === byNgram[0]?.target;
    return { candidates: candidates.slice(0, limit), agree };
  }

  /** The best targets for a message, best first, one per target. */
  rank(text: string, limit = 5): Candidate[] {
    return this.rankBoth(text, limit).candidates;
  }
}
