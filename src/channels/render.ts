import type { Reply } from '../domain/messages.js';

/**
 * Splits a long text into pieces of at most `max` characters, at paragraph, line or sentence
 * ends where possible, so no message is cut mid-word.
 */
export function splitText(text: string, max: number): string[] {
  const pieces: string[] = [];
  let rest = text.trim();
  while (rest.length > max) {
    const window = rest.slice(0, max);
    const cut = Math.max(
      window.lastIndexOf('\n\n'),
      window.lastIndexOf('\n'),
      ...['. ', '! ', '? ', '; '].map((p) => window.lastIndexOf(p) + 1),
    );
    const at = cut > max * 0.3 ? cut : window.lastIndexOf(' ') > max * 0.3 ? window.lastIndexOf(' ') : max;
    pieces.push(rest.slice(0, at).trim());
    rest = rest.slice(at).trim();
  }
  if (rest) pieces.push(rest);
  return pieces;
}

/** The reply's text with its options listed as numbers, for clients that do not show buttons. */
export function withNumberedOptions(reply: Reply): string {
  if (!reply.buttons?.length) return reply.text;
  return `${reply.text}\n\n${reply.buttons.map((b, i) => `${i + 1}. ${b.title}`).join('\n')}\n(Bấm nút, hoặc gõ số)`;
}

/**
 * A reply converted to what one platform message can hold: split to `maxText` characters, its
 * options numbered in the text (typing "1" works everywhere), its buttons on the last piece.
 */
export function toPieces(reply: Reply, maxText: number): Reply[] {
  const texts = splitText(withNumberedOptions(reply), maxText);
  return texts.map((text, i) =>
    i === texts.length - 1 && reply.buttons?.length ? { text, buttons: reply.buttons } : { text },
  );
}
