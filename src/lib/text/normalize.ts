import { own } from '../own.js';
import { ABBREVIATIONS, PHRASES, PRE_FOLD_MAP } from './lexicon.js';
import { AMBIGUOUS_FOLDED, FINAL_PARTICLES, STOP_FOLDED, STOP_MARKED, WEAK_MARKED } from './stopwords.js';

const PRE_FOLD_REWRITE = new RegExp(`(?<![\\p{L}])(${Object.keys(PRE_FOLD_MAP).join('|')})(?![\\p{L}])`, 'giu');

// Maps, not objects, for look-ups: looking up many different strings as object keys is slow.
const PHRASE_MAP = new Map(Object.entries(PHRASES));
/** The longest phrase starting with each word: most words start none, and are passed at once. */
const PHRASE_STARTS = new Map<string, number>();
for (const phrase of PHRASE_MAP.keys()) {
  const [first, ...rest] = phrase.split(' ');
  PHRASE_STARTS.set(first!, Math.max(PHRASE_STARTS.get(first!) ?? 0, rest.length + 1));
}
const ABBREVIATION_MAP = new Map(Object.entries(ABBREVIATIONS));

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
    .replace(/[a-z]+/g, (word) => (ABBREVIATION_MAP.has(word) ? word : word.replace(/([a-z])\1{2,}/g, '$1')))
    .replace(/([a-z])(\d)/g, '$1 $2')
    .replace(/(\d)([a-z])/g, '$1 $2')
    .replace(/\s+/g, ' ')
    .trim();
}

const foldedWords = new Map<string, string>();

/** fold() of one word, remembered: a message has few words and the language not many more. */
function foldWord(raw: string): string {
  let folded = foldedWords.get(raw);
  if (folded === undefined) {
    if (foldedWords.size >= 50_000) foldedWords.clear();
    foldedWords.set(raw, (folded = fold(raw)));
  }
  return folded;
}

/** Folded words with chat abbreviations expanded ("ko dc" → "khong duoc"). */
export function expandWords(folded: string): string[] {
  const out: string[] = [];
  for (const word of folded.split(' ')) {
    if (!word) continue;
    const expansion = ABBREVIATION_MAP.get(word);
    if (expansion) out.push(...expansion.split(' '));
    else out.push(word);
  }
  return out;
}

/** How a word counts: a content word, a stop word, or a weak word (a folded stop word that may be a real word). */
export type WordClass = 'content' | 'stop' | 'weak';

export interface Token {
  word: string;
  class: WordClass;
  /** Typed without diacritics, so its reading is uncertain. */
  plain: boolean;
}

/** Words with diacritics that fold into a chat abbreviation but mean something else ("hỏng" is not "hông"). */
const NOT_ABBREVIATIONS = new Set(['hỏng', 'hồng', 'hẻm', 'vợ', 'vở', 'rơm', 'còi', 'lún', 'hùm', 'đốm']);

function classify(raw: string, folded: string, plain: boolean): WordClass {
  if (WEAK_MARKED.has(raw)) return 'weak';
  if (!plain) return STOP_MARKED.has(raw) || (STOP_FOLDED.has(raw) && !AMBIGUOUS_FOLDED.has(raw)) ? 'stop' : 'content';
  if (!STOP_FOLDED.has(folded)) return 'content';
  return AMBIGUOUS_FOLDED.has(folded) ? 'weak' : 'stop';
}

// Both signals read the same message: the last one's words are kept (never changed by callers).
let lastText: string | undefined;
let lastTokens: Token[] = [];

/** Words of a message with their class, before phrases are joined: stop words are judged with their diacritics. */
function tokens(text: string): Token[] {
  if (text !== lastText) {
    lastTokens = readTokens(text);
    lastText = text;
  }
  return lastTokens;
}

function readTokens(text: string): Token[] {
  const marked = text
    .normalize('NFC')
    .toLowerCase()
    .replace(PRE_FOLD_REWRITE, (w) => ` ${own(PRE_FOLD_MAP, w) ?? w} `);
  // Someone who types diacritics anywhere in a message types them everywhere: an unmarked word
  // in such a message ("cho", "em") is read as written.
  const plain = /^[\p{ASCII}]*$/u.test(marked);
  const out: Token[] = [];
  for (const raw of marked.split(/[^\p{L}\p{N}]+/u)) {
    const folded = raw && foldWord(raw);
    if (!folded) continue;
    for (const word of folded.split(' ')) {
      const expansion = ABBREVIATION_MAP.get(word);
      if (expansion !== undefined && expansion !== word && !NOT_ABBREVIATIONS.has(raw)) {
        for (const e of expansion.split(' '))
          out.push({ word: e, class: STOP_FOLDED.has(e) ? 'stop' : 'content', plain: false });
      } else {
        out.push({ word, class: folded === word ? classify(raw, word, plain) : 'content', plain });
      }
    }
  }
  return out;
}

/** Replaces known multi-word phrases by their concept token(s), longest match first. */
function joinPhrases(words: Token[]): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < words.length) {
    let matched = false;
    const longest = PHRASE_STARTS.get(words[i]!.word) ?? 0;
    for (let n = Math.min(longest, words.length - i); n >= 1; n--) {
      const concept = PHRASE_MAP.get(
        words
          .slice(i, i + n)
          .map((t) => t.word)
          .join(' '),
      );
      if (concept !== undefined) {
        for (const c of concept.split(' '))
          out.push({ word: c, class: STOP_FOLDED.has(c) ? 'stop' : 'content', plain: false });
        i += n;
        matched = true;
        break;
      }
    }
    if (!matched) out.push(words[i++]!);
  }
  return out;
}

const FAILED: Token = { word: 'loi', class: 'content', plain: false };
const isNot = (t: Token | undefined) => t?.word === 'khong' || t?.word === 'chua';

/**
 * "không X được" and "X không được" report that X failed ("không quét được", "kích hoạt không
 * được"): X and the failure, as the lexicon's own "không đăng nhập được" → "dangnhap loi".
 */
function markFailures(words: Token[]): Token[] {
  const out: Token[] = [];
  for (let i = 0; i < words.length; i++) {
    const [a, b, c] = [words[i]!, words[i + 1], words[i + 2]];
    if (isNot(a) && b?.class === 'content' && c?.word === 'duoc') {
      out.push(b, FAILED);
      i += 2;
    } else if (a.class === 'content' && isNot(b) && c?.word === 'duoc') {
      out.push(a, FAILED);
      i += 2;
    } else out.push(a);
  }
  return out;
}

/** The normalised tokens of a message: folded, abbreviations expanded, phrases joined. */
export function canonicalTokens(text: string): Token[] {
  return markFailures(joinPhrases(tokens(text)));
}

/** The normalised word sequence of a message, stop words included. */
export function canonicalWords(text: string): string[] {
  return canonicalTokens(text).map((t) => t.word);
}

/** What a match is scored on: content and weak words, without politeness, pronouns and particles. */
export function contentTokens(text: string): Token[] {
  const words = canonicalTokens(text);
  // Trailing particles and politeness ("... vậy mn", "... nha ad") are dropped from the end.
  const trailing = (t: Token) => t.class === 'stop' || (t.plain && FINAL_PARTICLES.has(t.word));
  while (words.length > 1 && trailing(words[words.length - 1]!)) words.pop();
  // Short numbers ("65 tuổi", "lần 5") rarely name a topic; hotlines such as 156 or 111 do.
  return words.filter((t) => t.class !== 'stop' && !/^\d{1,2}$/.test(t.word));
}

/** Content and weak words of a message, in order. */
export function contentWords(text: string): string[] {
  return contentTokens(text).map((t) => t.word);
}

/** A short answer in canonical form, for comparing against option aliases ("Được rồi ạ" → "duoc roi"). */
export function answerKey(text: string): string {
  return expandWords(fold(text))
    .filter(
      (w) => !['a', 'ad', 'oi', 'nha', 'nhe', 'ha', 'vay', 'em', 'anh', 'chi', 'minh', 'toi', 'bac', 'chu'].includes(w),
    )
    .join(' ');
}

/** Content and weak words before phrases are joined ("mat khau", not "matkhau"): the spelling as typed, for character n-grams. */
export function spelledWords(text: string): string[] {
  return tokens(text)
    .filter((t) => t.class !== 'stop')
    .map((t) => t.word);
}
