import Fuse from 'fuse.js';
import { contentTokens } from '../lib/text/normalize.js';
import type { MatchTarget } from './target.js';

/** How well one target matches, by words. */
export interface WordHit {
  /** Index of the target in the list the index was built from. */
  target: number;
  /** 0..1: how much of the message and of the best variant agree, weighted by word rarity. */
  score: number;
  /** Evidence: the summed rarity (idf) of the content words the message and that variant share. */
  specific: number;
  /** The words they share. */
  shared: string[];
  /** The rarest content word they share, and its rarity (idf). */
  key?: string;
  keyRarity: number;
}

interface Variant {
  target: number;
  words: Set<string>;
  pairs: Set<string>;
  weight: number;
}

export interface QueryWord {
  word: string;
  weight: number;
  factor: number;
  /** A folded stop word that may be a real word: it counts when a variant has it, never against. */
  weak: boolean;
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
 * Word-level index for Vietnamese chat messages. Every text is reduced to content words by the
 * normaliser; a message is scored against each variant by the rarity-weighted share of words they
 * have in common (both ways) and by shared word pairs, which tell "mật khẩu" from "mất điện thoại".
 * Words the index has never seen are corrected against its vocabulary with fuse.js (typos such as
 * "kich haot"), at a discount.
 */
export class WordIndex {
  private readonly variants: Variant[] = [];
  private readonly postings = new Map<string, number[]>();
  private readonly idf = new Map<string, number>();
  private readonly unknownIdf: number;
  private readonly vocabulary: Fuse<string>;
  private readonly commonPostings: number;
  private readonly corrections = new Map<string, { word: string; factor: number } | null>();
  /** Per target, every content word of its variants: what can tell it from a sibling. */
  private readonly vocab: Set<string>[] = [];
  /** Words some out-of-scope subject uses: everyday words ("nhà", "tên") as much as ours. */
  private readonly outsideWords = new Set<string>();

  constructor(targets: MatchTarget[]) {
    const docFreq = new Map<string, number>();
    const weakOf = new Map<number, Set<string>>();
    targets.forEach((target, index) => {
      const seen = new Set<string>();
      this.vocab.push(seen);
      for (const text of target.texts) {
        const tokens = contentTokens(text);
        const words = tokens.map((t) => t.word);
        if (tokens.length === 0) continue;
        // A variant of weak words only ("bạn là ai") counts them as content words.
        const weakOnly = tokens.every((t) => t.class === 'weak');
        const variant = this.variants.length;
        this.variants.push({ target: index, words: new Set(words), pairs: pairsOf(words), weight: 0 });
        weakOf.set(variant, new Set(weakOnly ? [] : tokens.filter((t) => t.class === 'weak').map((t) => t.word)));
        for (const word of new Set(words)) {
          let list = this.postings.get(word);
          if (!list) this.postings.set(word, (list = []));
          list.push(variant);
          seen.add(word);
        }
      }
      for (const word of seen) docFreq.set(word, (docFreq.get(word) ?? 0) + 1);
      if (target.kind === 'outside') for (const word of seen) this.outsideWords.add(word);
    });
    const n = Math.max(1, targets.length);
    for (const [word, df] of docFreq) this.idf.set(word, Math.log(1 + n / df));
    this.unknownIdf = Math.log(1 + n / 0.5);
    this.commonPostings = Math.max(MIN_CANDIDATE_POSTINGS, this.variants.length * COMMON_WORD_SHARE);
    this.variants.forEach((variant, i) => {
      const weak = weakOf.get(i)!;
      for (const word of variant.words) if (!weak.has(word)) variant.weight += this.idf.get(word) ?? 0;
    });
    this.vocabulary = new Fuse(
      [...docFreq.keys()].filter((w) => w.length >= 4),
      {
        includeScore: true,
        threshold: CORRECTION_THRESHOLD,
        ignoreLocation: true,
      },
    );
  }

  /** Every target a message reaches, with its score and closest variant. */
  scores(text: string): { query: QueryWord[]; best: Map<number, { score: number; variant: number }>; known: string[] } {
    const query = this.queryWords(text);
    const best = new Map<number, { score: number; variant: number }>();
    const strong = query.filter((q) => !q.weak);
    const known = strong.filter((q) => this.idf.has(q.word)).map((q) => q.word);
    if (strong.length === 0) return { query, best, known };
    const queryWeight = strong.reduce((sum, q) => sum + q.weight, 0);
    const queryPairs = pairsOf(query.map((q) => q.word));

    // Candidates come from the rarer words; a word found in very many variants ("thủ tục") only
    // adds its weight to candidates already found, which keeps a match fast as the base grows.
    const byRarity = [...strong].sort((a, b) => b.weight - a.weight);
    const candidates = new Set<number>();
    for (const q of byRarity) {
      const list = this.postings.get(q.word);
      if (!list) continue;
      if (candidates.size > 0 && list.length > this.commonPostings) continue;
      for (const variant of list) candidates.add(variant);
    }

    for (const index of candidates) {
      const variant = this.variants[index]!;
      let common = 0;
      for (const q of query) if (variant.words.has(q.word)) common += q.weight * q.factor * (q.weak ? 0.5 : 1);
      const queryCover = Math.min(1, common / queryWeight);
      const variantCover = Math.min(1, common / Math.max(variant.weight, 1e-9));
      let pairHits = 0;
      for (const pair of queryPairs) if (variant.pairs.has(pair)) pairHits++;
      const pairCover = queryPairs.size ? pairHits / queryPairs.size : queryCover;
      const score = WEIGHTS.query * queryCover + WEIGHTS.variant * variantCover + WEIGHTS.pairs * pairCover;
      if (score > (best.get(variant.target)?.score ?? 0)) best.set(variant.target, { score, variant: index });
    }
    return { query, best, known };
  }

  /** What a message and one variant share: the words, their summed rarity, the rarest one. */
  shared(query: QueryWord[], variantIndex: number): Omit<WordHit, 'target' | 'score'> {
    const variant = this.variants[variantIndex]!;
    let specific = 0;
    let key: string | undefined;
    let keyRarity = 0;
    const shared: string[] = [];
    for (const q of query) {
      if (!variant.words.has(q.word)) continue;
      shared.push(q.word);
      if (q.weak) continue;
      specific += q.weight * q.factor;
      if (q.weight > keyRarity) {
        key = q.word;
        keyRarity = q.weight;
      }
    }
    return { specific, shared, key, keyRarity };
  }

  /**
   * How strongly a message points at target `a` rather than `b`: the summed rarity of its content
   * words that `a`'s variants have and `b`'s lack ("đổi máy" for a new phone, "đổi số" for a new
   * number). 0 when nothing in the message tells `a` apart from `b`.
   */
  apart(query: QueryWord[], a: number, b: number): number {
    const mine = this.vocab[a]!;
    const theirs = this.vocab[b]!;
    let sum = 0;
    for (const q of query) if (!q.weak && mine.has(q.word) && !theirs.has(q.word)) sum += q.weight * q.factor;
    return Math.round(sum * 1000) / 1000;
  }

  /** A word only the bot's own topics use, never an out-of-scope subject. */
  ours(word: string): boolean {
    return this.idf.has(word) && !this.outsideWords.has(word);
  }

  /** How rare a word is in the index (idf); undefined when the index has never seen it. */
  rarity(word: string): number | undefined {
    return this.idf.get(word);
  }

  private queryWords(text: string): QueryWord[] {
    const seen = new Set<string>();
    const out: QueryWord[] = [];
    const tokens = contentTokens(text).filter((t) => t.word.length <= 40);
    const weakOnly = tokens.every((t) => t.class === 'weak');
    const words = tokens.map((t) => t.word);
    for (let i = 0; i < words.length; i++) {
      const raw = words[i]!;
      // A message of weak words only ("bạn là ai") is matched on them as if they were content words.
      if (tokens[i]!.class === 'weak' && !weakOnly) {
        // A weak word helps only when an entry has it as written; it is never corrected or counted against.
        const idf = this.idf.get(raw);
        if (idf !== undefined && !seen.has(raw)) out.push({ word: raw, weight: idf, factor: 1, weak: true });
        seen.add(raw);
        continue;
      }
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
      out.push({ word, weight: weight ?? this.unknownIdf, factor, weak: false });
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
      .find(
        (h) =>
          (h.score ?? 1) <= CORRECTION_THRESHOLD && h.item[0] === word[0] && Math.abs(h.item.length - word.length) <= 2,
      );
    const result = hit ? { word: hit.item, factor: CORRECTION_DISCOUNT } : null;
    if (this.corrections.size >= MAX_CACHED_CORRECTIONS) this.corrections.clear();
    this.corrections.set(word, result);
    return result;
  }
}
