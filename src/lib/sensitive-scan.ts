// Finds what a citizen must never send anyone: ID numbers, phone and card numbers, OTPs and
// passwords. One scanner for both the warning (sensitive.ts) and the placeholders (redact.ts), so
// whatever is warned about is hidden, and nothing else is: years, dates, times, money amounts,
// legal document numbers and the public hotlines the bot itself gives stay as typed.

import type { SensitiveKind } from '../domain/messages.js';

export interface Finding {
  kind: SensitiveKind;
  start: number;
  end: number;
  /** A password or code after its word is hidden as text; a number as a number. */
  placeholder: '[đã ẩn]' | '[số đã ẩn]';
}

/** Full-width, mathematical, superscript and circled digits ("０９１２", "𝟎") as ASCII digits. */
const ODD_DIGIT =
  /[\uFF10-\uFF19\u2070-\u2079\u2080-\u2089\u2460-\u2468\u2776-\u277E\u2780-\u2788\u278A-\u2792]|\uD835[\uDFCE-\uDFFF]/g;
export function asciiDigits(text: string): string {
  return text.replace(ODD_DIGIT, (c) => {
    const k = c.normalize('NFKC');
    return /^\d$/.test(k) ? k : c;
  });
}

/** Lower case without diacritics, đ → d, keeping every index (so a match here is a span of the text). */
function foldSameLength(text: string): string {
  let out = '';
  for (const ch of text) {
    const base = ch.normalize('NFD')[0]!;
    const ascii = ch === 'đ' || ch === 'Đ' ? 'd' : /[A-Za-z]/.test(base) ? base.toLowerCase() : undefined;
    out += ascii && ch.length === 1 ? ascii : ch;
  }
  return out;
}

// --- passwords and codes after their word: "mật khẩu (vneid) (của tôi) (là|:) X", "pass abc123", "otp: 4829"
const PASSWORD_WORDS = 'mat khau|mat ma|mk|passcode|password|pass|pwd|pw|ma pin|so pin|pin code|cvv|cvc';
const CODE_WORDS = 'ma otp|otp|ma xac thuc|ma xac nhan|ma kich hoat|ma code';
const FILLER =
  'cua|toi|em|minh|tao|anh|chi|con|chau|ong|ba|bo|me|moi|cu|hien tai|vneid|app|ung dung|tai khoan|dang nhap|ngan hang|the|nay|do';
const SECRET_AFTER_WORD = new RegExp(
  `(?<![a-z0-9])(${PASSWORD_WORDS}|${CODE_WORDS})((?:\\s+(?:${FILLER})(?![a-z0-9]))*)(?:\\s*([:=])|\\s+(la)(?![a-z0-9]))?\\s*([^\\s,;]+)`,
  'dg',
);

const IS_CODE_WORD = new RegExp(`^(?:${CODE_WORDS})$`);

/** Whether the word after "mật khẩu"/"pass"/"otp" is a value rather than more of the sentence ("là gì"). */
function secretLike(value: string, folded: string, explicit: boolean, word: string): boolean {
  const trim = (t: string) => t.replace(/^[("'“]+/u, '').replace(/[.!?…:)"'”]+$/u, '');
  const v = trim(value);
  if (/^cv[vc]$/.test(word)) return /^\d{3,4}$/.test(v);
  if (v.length < 4) return false;
  if (/\d/.test(v) || /[^\p{L}\p{N}]/u.test(v)) return true;
  // Letters only: a value only after "là", ":" or "=", and longer than any Vietnamese syllable
  // (so "mật khẩu là gì", "mật khẩu: quên rồi" are questions, "mật khẩu: hoalanxinh" is a value).
  return explicit && (trim(folded).length >= 8 || /\p{Ll}\p{Lu}/u.test(v));
}

function secretsAfterWords(text: string, folded: string, out: Finding[]): void {
  for (const m of folded.matchAll(SECRET_AFTER_WORD)) {
    const [start, end] = m.indices![5]!;
    const word = m[1]!;
    if (!secretLike(text.slice(start, end), folded.slice(start, end), Boolean(m[3] || m[4]), word)) continue;
    const kind: SensitiveKind = IS_CODE_WORD.test(word) ? 'otp' : 'password';
    out.push({ kind, start, end, placeholder: '[đã ẩn]' });
  }
}

// --- numbers: what is plainly not personal is set aside first
const SET_ASIDE = [
  // dates: 1/7/2025, 01-07-25, 2025-07-01, 7/2025, 1/7; legal documents: 69/2024/NĐ-CP, 147/2024/...
  // (only on their own: "00/10/00/00/00/00" is a number typed in pairs, not a date)
  /(?<!\d)(?<!\d[/.-])(?:\d{1,2}[/.-]\d{1,2}[/.-](?:19|20)?\d{2}|(?:19|20)\d{2}-\d{1,2}-\d{1,2}|\d{1,4}\/(?:19|20)\d{2}|\d{1,2}\/\d{1,2})(?!\d)(?![/.-]\d)/g,
  // times: 8:30, 8h30
  /(?<!\d)\d{1,2}[:h]\d{2}(?!\d)/g,
  // money: 1.500.000, 2,000,000 (grouped thousands, at most 12 digits: a 13-19 digit card typed in
  // threes is not money), or any number with a unit: 500000đ, 50k, 10 triệu
  /(?<![\d.,])(?<!84\)?[ .-]?)[1-9]\d{0,2}(?:[.,]\d{3}){1,3}(?!\d)(?![.,]\d)/g,
  /(?<![\d.,])\d+(?:[.,]\d+)*\s?(?:d|dong|vnd|k|nghin|ngan|trieu|tr|ty|ti|usd|xu)(?![a-z])/g,
  // a year after "năm" (a 4-digit number is only ever flagged as a code, next to a code word)
  /(?<=nam\s)(?:19|20)\d{2}(?!\d)/g,
  // public hotlines: 1900/1800 numbers (business lines, never a person's), and the short ones
  // the bot's own content gives (scam reports 156 and 5656, child protection 111, 113-115); only
  // on their own: in "001 000 1800 00" the 1800 is the middle of an ID number
  /(?<!\d)(?<!\d[ .\-/_])1[89]00[ .-]?\d{2,4}(?:[ .-]?\d{2,4})?(?!\d)(?![ .\-/_]\d)/g,
  /(?<!\d)(?<!\d[ .\-/_])(?:5656|156|111|112|113|114|115)(?!\d)(?![ .\-/_]\d)/g,
];

const STRONG_CODE = 'otp|xac thuc|xac nhan|kich hoat|ma code|ma so bi mat';
const CODE_BEFORE = new RegExp(`(?<![a-z0-9])(?:${STRONG_CODE})(?:[^0-9a-z]+[a-z]+){0,5}[^0-9a-z]*$`);
// "mã 4829", "mã vừa nhận là 4829", but not "mã hồ sơ 1234", "mã giao dịch ...", "mã số thuế ...".
const NOT_A_CODE =
  'ho so|so thue|so ho so|so bhxh|buu chinh|buu dien|qr|vach|tinh|khach hang|giao dich|don hang|nganh|san pham|bai|lop|mon|phong|vung';
const BARE_MA_BEFORE = new RegExp(
  `(?<![a-z0-9])ma(?!\\s+(?:${NOT_A_CODE})(?![a-z]))(?:\\s+[a-z]+){0,4}?(?:\\s*[:=])?\\s*$`,
);
const CODE_AFTER = new RegExp(`^[^0-9a-z]*(?:[a-z]+[^0-9a-z]+){0,3}?(?:ma\\s+)?(?:${STRONG_CODE})(?![a-z0-9])`);
const OLD_ID_BEFORE = /(?:cmnd|chung minh(?: nhan dan| thu)?)[^0-9]{0,20}$/;

function luhn(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 1 && (d *= 2) > 9) d -= 9;
    sum += d;
  }
  return sum % 10 === 0;
}

/** Offices' numbers the bot itself gives (the area list's contacts): a citizen may type them back. */
const PUBLIC_NUMBERS = new Set<string>();

/** Numbers never hidden when a citizen types them: the public contacts the bot's content gives. */
export function addPublicNumbers(numbers: Iterable<string>): void {
  for (const n of numbers) {
    const digits = asciiDigits(n).replace(/\D/g, '');
    if (digits.length < 6) continue;
    PUBLIC_NUMBERS.add(digits);
    if (digits.startsWith('0')) PUBLIC_NUMBERS.add(`84${digits.slice(1)}`);
  }
}

function classify(digits: string, before: string, after: string): SensitiveKind | undefined {
  if (/^1[89]00/.test(digits) || PUBLIC_NUMBERS.has(digits)) return undefined;
  if (/^(?:0|84)[35789]\d{8}$/.test(digits) || /^(?:0|84)2\d{9}$/.test(digits) || /^01[2689]\d{8}$/.test(digits))
    return 'phone';
  if (digits.length === 12) return 'id-number';
  if (digits.length >= 13 && digits.length <= 19 && luhn(digits)) return 'card';
  if (digits.length === 9 && OLD_ID_BEFORE.test(before)) return 'id-number';
  if (
    digits.length >= 4 &&
    digits.length <= 8 &&
    (CODE_BEFORE.test(before) || BARE_MA_BEFORE.test(before) || CODE_AFTER.test(after))
  )
    return 'otp';
  return undefined;
}

/** Runs of digits joined by spaces, dots, dashes, slashes, underscores or brackets ("0912 345 678", "001_203_004_567"). */
const NUMBER_GROUP = /\+?\d+(?:[ .\-/_()]{1,2}\d+)*/g;
const MAX_PARTS = 19;

function numbers(folded: string, out: Finding[]): void {
  let work = folded;
  for (const re of SET_ASIDE) work = work.replace(re, (m) => m.replace(/\d/g, '#'));
  for (const group of work.matchAll(NUMBER_GROUP)) {
    const parts = [...group[0].matchAll(/\d+/g)].map((p) => ({
      start: group.index + p.index,
      end: group.index + p.index + p[0].length,
      digits: p[0],
    }));
    // Every run of parts that reads as something sensitive; in a very long group (not one typed
    // number) only short runs, so the work stays linear.
    const maxParts = parts.length > 40 ? 4 : MAX_PARTS;
    const runs: { i: number; j: number; kind: SensitiveKind }[] = [];
    for (let i = 0; i < parts.length; i++) {
      let digits = '';
      for (let j = i; j < parts.length && j - i < maxParts; j++) {
        digits += parts[j]!.digits;
        if (digits.length > 19) break;
        // Words before or after can only touch the group's ends: inside it, digits sit in between.
        const atStart = i === 0;
        const atEnd = j === parts.length - 1;
        if (digits.length < 4 || (digits.length < 10 && !atStart && !atEnd)) continue;
        const before = atStart ? folded.slice(Math.max(0, parts[i]!.start - 50), parts[i]!.start) : '';
        const after = atEnd ? folded.slice(parts[j]!.end, parts[j]!.end + 40) : '';
        const kind = classify(digits, before, after);
        if (kind) runs.push({ i, j, kind });
      }
    }
    // The longest run wins ("năm 2025 0912345678": the phone, not the year); then the next that does not overlap.
    runs.sort((x, y) => y.j - y.i - (x.j - x.i) || x.i - y.i);
    const used = new Set<number>();
    for (const { i, j, kind } of runs) {
      if ([...Array(j - i + 1).keys()].some((k) => used.has(i + k))) continue;
      for (let k = i; k <= j; k++) used.add(k);
      const start = folded[parts[i]!.start - 1] === '+' ? parts[i]!.start - 1 : parts[i]!.start;
      out.push({ kind, start, end: parts[j]!.end, placeholder: '[số đã ẩn]' });
    }
  }
}

const MAY_HOLD_SECRET = /\d|m[aạậâ]t|mk|pass|pw|pin|cv[vc]|otp/i;
const HAS_ODD_DIGIT = new RegExp(ODD_DIGIT.source);

/**
 * The text as scanned (NFC, ASCII digits) and the sensitive spans in it, ordered by start; spans
 * of different rules may overlap ("otp là 482913" is both a code after its word and a number).
 */
export function scanSensitive(input: string): { text: string; findings: Finding[] } {
  if (!MAY_HOLD_SECRET.test(input) && !HAS_ODD_DIGIT.test(input)) return { text: input, findings: [] };
  const text = asciiDigits(input.normalize('NFC'));
  const folded = foldSameLength(text);
  const findings: Finding[] = [];
  secretsAfterWords(text, folded, findings);
  numbers(folded, findings);
  // At equal spans a number keeps its number placeholder.
  const order = (f: Finding) => (f.placeholder === '[số đã ẩn]' ? 0 : 1);
  return { text, findings: findings.sort((a, b) => a.start - b.start || b.end - a.end || order(a) - order(b)) };
}
