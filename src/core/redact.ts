// Removes what must never be stored or logged: ID-card numbers, phone and card numbers, OTPs,
// passwords. Used on every text that leaves the conversation core for storage or logs.

const DIGIT_RUN = /(?:\+?\d[\d .-]{2,}\d)/g;
// "mật khẩu (của tôi) là X", "otp: X", "pass = X": the word after the separator is the secret.
const SECRET_AFTER_WORD =
  /((?<![\p{L}\d])(?:mat khau|mật khẩu|mat ma|mật mã|pass(?:word|code)?|mk|otp|mã otp|ma otp|pin|mã pin|ma pin|cvv)\s*(?:(?:của|cua)\s+\S+\s+)?(?:là|la|:|=)\s*)(\S+)/giu;

/** Replaces sensitive values in free text by a placeholder. */
export function redact(text: string): string {
  return text
    .replace(SECRET_AFTER_WORD, (_m, lead: string) => `${lead}[đã ẩn]`)
    .replace(DIGIT_RUN, (run) => (run.replace(/\D/g, '').length >= 4 ? '[số đã ẩn]' : run));
}

/** True when a text holds something redact() would hide. */
export function hasSensitive(text: string): boolean {
  return redact(text) !== text;
}
