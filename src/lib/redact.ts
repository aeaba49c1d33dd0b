// Removes what must never be stored or logged: ID-card numbers, phone and card numbers, OTPs,
// passwords. Used on every text that leaves the conversation core for storage or logs.
import { scanSensitive } from './sensitive-scan.js';

/** Replaces sensitive values in free text by a placeholder; a text without any is returned as it was. */
export function redact(text: string): string {
  const { text: scanned, findings } = scanSensitive(text);
  if (findings.length === 0) return text;
  let out = '';
  let at = 0;
  for (let i = 0; i < findings.length; i++) {
    const { start, placeholder } = findings[i]!;
    let end = findings[i]!.end;
    // Overlapping spans are hidden as one.
    while (i + 1 < findings.length && findings[i + 1]!.start < end) end = Math.max(end, findings[++i]!.end);
    out += scanned.slice(at, start) + placeholder;
    at = end;
  }
  return out + scanned.slice(at);
}

/** True when a text holds something redact() would hide. */
export function hasSensitive(text: string): boolean {
  return scanSensitive(text).findings.length > 0;
}
