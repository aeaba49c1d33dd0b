import { own } from '../own.js';
import { ABBREVIATIONS, FINAL_PARTICLES, PHRASES, PRE_FOLD_DROP, PRE_FOLD_MAP, STOP_WORDS } from './lexicon.js';

const PRE_FOLD = new RegExp(`(?<![\\p{L}])(${PRE_FOLD_DROP.join('|')})(?![\\p{L}])`, 'giu');
const PRE_FOLD_REWRITE = new RegExp(`(?<![\\p{L}])(${Object.keys(PRE_FOLD_MAP).join('|')})(?![\\p{L}])`, 'giu');

const MAX_PHRASE_WORDS = Math.max(...Object.keys(PHRASES).map((p) => p.split(' ').length));

/**
 * Folds text to the form used for matching: NFC, lower case, diacritics and tone marks removed
 * (so "hoà" and "hòa", "duoc" and "được" meet), đ → d, punctuation to spaces, letters repeated
 * three or more times collapsed ("ạaaa" → "a", but not in known abbreviations such as "cccd"),
 * letters split from digits ("lv2" → "lv 2").
 */
export function fold(text: string): string {
  return text
    .normalize('NFC')
    .toLowerCase()
    .replace(/đ/g, 'd')
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^a-z0-9]+/g, ' ')
    .replace(/[a-z]+/g, (word) => (Object.hasOwn(ABBREVIATIONS, word) ? word : word.replace(/([a-z])\1{2,}/g, '$1')))
    .replace(/([a-z])(\d)/g, '$1 $2')
    .replace(/(\d)([a-z])/g, '$1 $2')
    .replace(/\s+/g, ' ')
    .trim();
}

/** Folded words with chat abbreviations expanded ("ko dc" → "khong duoc"). */
export function expandWords(folded: string): string[] {
  const out: string[] = [];
  for (const word of folded.split(' ')) {
    if (!word) continue;
    const expansion = own(ABBREVIATIONS, word);
    if (expansion) out.push(...expansion.split(' '));
    else out.push(word);
  }
  return out;
}

/** Replaces known multi-word phrases by their concept token, longest match first. */
export function joinPhrases(words: string[]): string[] {
  const out: string[] = [];
  let i = 0;
  while (i < words.length) {
    let matched = false;
    for (let n = Math.min(MAX_PHRASE_WORDS, words.length - i); n >= 1; n--) {
      const concept = own(PHRASES, words.slice(i, i + n).join(' '));
      if (concept !== undefined) {
        out.push(...concept.split(' '));
        i += n;
        matched = true;
        break;
      }
    }
    if (!matched) out.push(words[i++]!);
  }
  return out;
}

/** The normalised word sequence of a message: folded, abbreviations expanded, phrases joined. */
export function canonicalWords(text: string): string[] {
  const marked = text
    .normalize('NFC')
    .replace(PRE_FOLD, ' ')
    .replace(PRE_FOLD_REWRITE, (w) => ` ${own(PRE_FOLD_MAP, w.toLowerCase()) ?? w} `);
  return joinPhrases(expandWords(fold(marked)));
}

/** Canonical words without politeness, pronouns and particles: what a match is scored on. */
export function contentWords(text: string): string[] {
  const words = canonicalWords(text);
  // Trailing particles and politeness ("... vậy mn", "... nha ad") are dropped from the end.
  while (words.length > 1 && (FINAL_PARTICLES.has(words[words.length - 1]!) || STOP_WORDS.has(words[words.length - 1]!))) words.pop();
  // Short numbers ("65 tuổi", "lần 5") rarely name a topic; hotlines such as 156 or 111 do.
  return words.filter((w) => !STOP_WORDS.has(w) && !/^\d{1,2}$/.test(w));
}

/** A short answer in canonical form, for comparing against option aliases ("Được rồi ạ" → "duoc roi"). */
export function answerKey(text: string): string {
  return expandWords(fold(text))
    .filter((w) => !['a', 'ad', 'oi', 'nha', 'nhe', 'ha', 'vay', 'em', 'anh', 'chi', 'minh', 'toi', 'bac', 'chu'].includes(w))
    .join(' ');
}
