import { spelledWords } from '../core/text/normalize.js';
import type { MatchTarget } from './matcher.js';

/** How well one target matches by character n-grams. */
export interface NgramHit {
  target: number;
  /** 0..1: cosine of the TF-IDF vectors of the message and of the target's closest variant. */
  score: number;
}

interface Variant {
  target: number;
  norm: number;
}

/** A gram in more than this share of the variants brings in no candidates and is left out of the dot product. */
const COMMON_GRAM_SHARE = 0.2;
const MIN_COMMON_POSTINGS = 300;

/** Character trigrams of each word, with its edges marked ("#qr", "qr#"): typos and spellings share most of them. */
function grams(text: string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const word of spelledWords(text)) {
    const padded = `#${word}#`;
    for (let i = 0; i + 3 <= padded.length; i++) {
      const gram = padded.slice(i, i + 3);
      counts.set(gram, (counts.get(gram) ?? 0) + 1);
    }
  }
  return counts;
}

/**
 * The second signal: a TF-IDF nearest-neighbour classifier over character trigrams of every
 * question variant, built at start-up. It knows nothing of the lexicon's concepts, so it is right
 * in other ways than the word index: misspellings, words the lexicon lacks, word order.
 */
export class NgramIndex {
  private readonly variants: Variant[] = [];
  private readonly postings = new Map<string, { variant: number; weight: number }[]>();
  private readonly idf = new Map<string, number>();
  private readonly unknownIdf: number;
  private readonly commonPostings: number;

  constructor(targets: MatchTarget[]) {
    const docs: { target: number; counts: Map<string, number> }[] = [];
    targets.forEach((target, index) => {
      for (const text of target.texts) {
        const counts = grams(text);
        if (counts.size) docs.push({ target: index, counts });
      }
    });
    const df = new Map<string, number>();
    for (const doc of docs) for (const gram of doc.counts.keys()) df.set(gram, (df.get(gram) ?? 0) + 1);
    const n = Math.max(1, docs.length);
    for (const [gram, d] of df) this.idf.set(gram, Math.log(1 + n / d));
    this.unknownIdf = Math.log(1 + n);
    this.commonPostings = Math.max(MIN_COMMON_POSTINGS, n * COMMON_GRAM_SHARE);
    docs.forEach((doc, variant) => {
      let norm = 0;
      for (const [gram, tf] of doc.counts) {
        const weight = (1 + Math.log(tf)) * this.idf.get(gram)!;
        norm += weight * weight;
        let list = this.postings.get(gram);
        if (!list) this.postings.set(gram, (list = []));
        list.push({ variant, weight });
      }
      this.variants.push({ target: doc.target, norm: Math.sqrt(norm) });
    });
  }

  /** The best targets for a message, best first, one per target. */
  rank(text: string, limit = Infinity): NgramHit[] {
    const counts = grams(text);
    if (counts.size === 0) return [];
    let queryNorm = 0;
    const dots = new Map<number, number>();
    for (const [gram, tf] of counts) {
      const weight = (1 + Math.log(tf)) * (this.idf.get(gram) ?? this.unknownIdf);
      queryNorm += weight * weight;
      const list = this.postings.get(gram);
      if (!list || list.length > this.commonPostings) continue;
      for (const p of list) dots.set(p.variant, (dots.get(p.variant) ?? 0) + weight * p.weight);
    }
    queryNorm = Math.sqrt(queryNorm);
    const best = new Map<number, number>();
    for (const [index, dot] of dots) {
      const variant = this.variants[index]!;
      const score = dot / (queryNorm * variant.norm);
      if (score > (best.get(variant.target) ?? 0)) best.set(variant.target, score);
    }
    return [...best.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, limit)
      .map(([target, score]) => ({ target, score }));
  }
}
