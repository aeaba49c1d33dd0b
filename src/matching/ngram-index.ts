import { spelledWords } from '../lib/text/normalize.js';
import type { MatchTarget } from './target.js';

interface Variant {
  target: number;
  norm: number;
}

/**
 * A gram in more variants than this is left out of the dot product (its weight is low, and its
 * postings would make a match slow as the base grows); it still counts in the message's norm.
 */
const COMMON_GRAM_SHARE = 0.02;
const MIN_COMMON_POSTINGS = 400;

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
  /** Per gram, the variants that have it and its weight in each (typed arrays: little for the collector). */
  private readonly postings = new Map<string, { variants: Int32Array; weights: Float32Array }>();
  /** Scratch space for one match: a dot product per variant, and which were touched. */
  private readonly dots: Float64Array;
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
    const lists = new Map<string, { variants: number[]; weights: number[] }>();
    docs.forEach((doc, variant) => {
      let norm = 0;
      for (const [gram, tf] of doc.counts) {
        const weight = (1 + Math.log(tf)) * this.idf.get(gram)!;
        norm += weight * weight;
        let list = lists.get(gram);
        if (!list) lists.set(gram, (list = { variants: [], weights: [] }));
        list.variants.push(variant);
        list.weights.push(weight);
      }
      this.variants.push({ target: doc.target, norm: Math.sqrt(norm) });
    });
    for (const [gram, list] of lists)
      this.postings.set(gram, { variants: Int32Array.from(list.variants), weights: Float32Array.from(list.weights) });
    this.dots = new Float64Array(docs.length);
  }

  /** Every target a message reaches, with the cosine of its closest variant. */
  scores(text: string): Map<number, number> {
    const counts = grams(text);
    const best = new Map<number, number>();
    if (counts.size === 0) return best;
    let queryNorm = 0;
    const dots = this.dots;
    const touched: number[] = [];
    for (const [gram, tf] of counts) {
      const weight = (1 + Math.log(tf)) * (this.idf.get(gram) ?? this.unknownIdf);
      queryNorm += weight * weight;
      const list = this.postings.get(gram);
      if (!list || list.variants.length > this.commonPostings) continue;
      for (let i = 0; i < list.variants.length; i++) {
        const v = list.variants[i]!;
        if (dots[v] === 0) touched.push(v);
        dots[v]! += weight * list.weights[i]!;
      }
    }
    queryNorm = Math.sqrt(queryNorm);
    for (const index of touched) {
      const variant = this.variants[index]!;
      const score = dots[index]! / (queryNorm * variant.norm);
      dots[index] = 0;
      if (score > (best.get(variant.target) ?? 0)) best.set(variant.target, score);
    }
    return best;
  }
}
