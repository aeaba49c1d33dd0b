import Fuse from 'fuse.js';
import { contentWords } from '../core/text/normalize.js';

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
  /** 0..1: how much of the message and of the best variant agree, weighted by word rarity. */
  score: number;
}

interface Variant {
  target: number;
  words: Set<string>;
  pairs: Set<string>;
  weight: number;
}

/** How much each agreement counts: share of the message explained, of the variant found, of word pairs kept. */
const WEIGHTS = { query: 0.45, variant: 0.35, pairs: 0.2 } as const;
const CORRECTION_THRESHOLD = 0.3;
const CORRECTION_DISCOUNT = 0.8;
const MAX_CACHED_CORRECTIONS = 20_000;
/** A word in more than this share of the variants brings in no candidates of its own (unless it is the rarest). */
const COMMON_WORD_SHARE = 0.02;
const MIN_CANDIDATE_POSTINGS = 300;

function pairsOf(words: string[]): Set<string> {
  const pairs = new Set<string>();
  for (let i = 1; i < words.length; i++) pairs.add(`${words[i - 1]} ${words[i]}`);
  return pairs;
}

/**
 * Word-level matcher for Vietnamese chat messages. Every text is reduced to content words by the
 * normaliser; a message is scored against each variant by the rarity-weighted share of words they
 * have in common (both ways) and by shared word pairs, which tell "mật khẩu" from "mất điện thoại".
 * Words the index has never seen are corrected against its vocabulary with fuse.js (typos such as
 * "kich haot"), at a discount.
 */
export class Matcher {
  private readonly targets: MatchTarget[];
  private readonly variants: Variant[] = [];
  private readonly postings = new Map<string, number[]>();
  private readonly idf = new Map<string, number>();
  private readonly unknownIdf: number;
  private readonly vocabulary: Fuse<string>;
  private readonly commonPostings: number;
  private readonly corrections = new Map<string, { word: string; factor: number } | null>();

  constructor(targets: MatchTarget[]) {
    this.targets = targets;
    const docFreq = new Map<string, number>();
    targets.forEach((target, index) => {
      const seen = new Set<string>();
      for (const text of target.texts) {
        const words = contentWords(text);
        if (words.length === 0) continue;
        const variant = this.variants.length;
        this.variants.push({ target: index, words: new Set(words), pairs: pairsOf(words), weight: 0 });
        for (const word of new Set(words)) {
          let list = this.postings.get(word);
          if (!list) this.postings.set(word, (list = []));
          list.push(variant);
          seen.add(word);
        }
      }
      for (const word of seen) docFreq.set(word, (docFreq.get(word) ?? 0) + 1);
    });
    const n = Math.max(1, targets.length);
    for (const [word, df] of docFreq) this.idf.set(word, Math.log(1 + n / df));
    this.unknownIdf = Math.log(1 + n / 0.5);
    this.commonPostings = Math.max(MIN_CANDIDATE_POSTINGS, this.variants.length * COMMON_WORD_SHARE);
    for (const variant of this.variants) {
      for (const word of variant.words) variant.weight += this.idf.get(word) ?? 0;
    }
    this.vocabulary = new Fuse([...docFreq.keys()].filter((w) => w.length >= 4), {
      includeScore: true,
      threshold: CORRECTION_THRESHOLD,
      ignoreLocation: true,
    });
  }

  /** The best targets for a message, best first, one per target. */
  rank(text: string, limit = 5): Candidate[] {
    const query = this.queryWords(text);
    if (query.length === 0) return [];
    const queryWeight = query.reduce((sum, q) => sum + q.weight, 0);
    const queryPairs = pairsOf(query.map((q) => q.word));

    // Candidates come from the rarer words; a word found in very many variants ("thủ tục") only
    // adds its weight to candidates already found, which keeps a match fast as the base grows.
    const byRarity = [...query].sort((a, b) => b.weight - a.weight);
    const candidates = new Set<number>();
    for (const q of byRarity) {
      const list = this.postings.get(q.word);
      if (!list) continue;
      if (candidates.size > 0 && list.length > this.commonPostings) continue;
      for (const variant of list) candidates.add(variant);
    }
    const shared = new Map<number, number>();
    for (const index of candidates) {
      const words = this.variants[index]!.words;
      let common = 0;
      for (const q of query) if (words.has(q.word)) common += q.weight * q.factor;
      shared.set(index, common);
    }

    const best = new Map<number, number>();
    for (const [index, common] of shared) {
      const variant = this.variants[index]!;
      const queryCover = common / queryWeight;
      const variantCover = Math.min(1, common / Math.max(variant.weight, 1e-9));
      let pairHits = 0;
      for (const pair of queryPairs) if (variant.pairs.has(pair)) pairHits++;
      const pairCover = queryPairs.size ? pairHits / queryPairs.size : queryCover;
      const score = WEIGHTS.query * queryCover + WEIGHTS.variant * variantCover + WEIGHTS.pairs * pairCover;
      if (score > (best.get(variant.target) ?? 0)) best.set(variant.target, score);
    }

    return [...best.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, limit)
      .map(([index, score]) => {
        const target = this.targets[index]!;
        return { kind: target.kind, id: target.id, score: Math.round(score * 1000) / 1000 };
      });
  }

  private queryWords(text: string): { word: string; weight: number; factor: number }[] {
    const seen = new Set<string>();
    const out: { word: string; weight: number; factor: number }[] = [];
    const words = contentWords(text).filter((w) => w.length <= 40);
    for (let i = 0; i < words.length; i++) {
      const raw = words[i]!;
      let word = raw;
      let factor = 1;
      let weight = this.idf.get(word);
      // A number nobody asks about (an age, a year, an amount) neither helps nor counts against.
      if (weight === undefined && /^\d+$/.test(raw)) continue;
      if (weight === undefined) {
        // A typo inside a two-word term ("kich haot") is found by correcting the pair as one word.
        const next = words[i + 1];
        const pair = next !== undefined && !this.idf.has(next) ? this.correct(raw + next) : null;
        const corrected = pair ?? this.correct(raw);
        if (pair) i++;
        if (corrected) {
          word = corrected.word;
          factor = corrected.factor;
          weight = this.idf.get(word);
        }
      }
      if (seen.has(word)) continue;
      seen.add(word);
      out.push({ word, weight: weight ?? this.unknownIdf, factor });
    }
    return out;
  }

  private correct(word: string): { word: string; factor: number } | null {
    if (word.length < 5 || /\d/.test(word)) return null;
    const cached = this.corrections.get(word);
    if (cached !== undefined) return cached;
    // A typo keeps the first letter and about the length; anything further is another word
    // ("tuan" is not a misspelt "thanhtoan").
    const hit = this.vocabulary
      .search(word, { limit: 5 })
      .find((h) => (h.score ?? 1) <= CORRECTION_THRESHOLD && h.item[0] === word[0] && Math.abs(h.item.length - word.length) <= 2);
    const result = hit ? { word: hit.item, factor: CORRECTION_DISCOUNT } : null;
    if (this.corrections.size >= MAX_CACHED_CORRECTIONS) this.corrections.clear();
    this.corrections.set(word, result);
    return result;
  }
}
