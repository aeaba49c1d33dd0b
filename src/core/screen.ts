// What "fits one phone screen" means, concretely, so the core can keep every reply within it.
//
// The phone is 390×844 CSS px (a common mid-size phone). On the web chat page at that size the
// conversation area between the header and the input box is 653 px tall (measured in Chromium,
// test/phone-screen.test.ts). A reply fits when all its bubbles, buttons included, take at most
// BUDGET_PX: the whole reply and the line the citizen just typed are visible without scrolling.
// Zalo and Telegram draw text at a similar size, so the same budget holds there.
//
// The estimate below is deliberately a little generous (it over-counts lines), so a reply the
// core lets through really fits; the test measures the rendered bubbles to keep it honest.
import type { Reply } from '../domain/messages.js';

export const PHONE = { width: 390, height: 844, chatAreaPx: 653 } as const;
export const BUDGET_PX = 600;

/** Characters per line in a bot bubble at 390 px (18 px font); buttons have a little less room. */
const TEXT_CHARS = 28;
const BUTTON_CHARS = 25;
const LINE_PX = 26.1;
/** Padding and border of a bubble, and the gap to the next one. */
const BUBBLE_PX = 22 + 8;
/** Buttons: the gap above the list, and per button its padding/border and the gap below it. */
const BUTTONS_TOP_PX = 8;
const BUTTON_PX = 20 + 2 + 6;
const BUTTON_MIN_PX = 44 + 6;

/** Lines a text takes when wrapped at word boundaries to `width` characters. */
export function wrappedLines(text: string, width: number): number {
  let lines = 0;
  for (const paragraph of text.split('\n')) {
    let used = 0;
    lines += 1;
    for (const word of paragraph.split(' ')) {
      const length = [...word].length;
      if (used === 0) used = length;
      else if (used + 1 + length <= width) used += 1 + length;
      else {
        lines += 1;
        used = length;
      }
      // A word longer than a line (a web address) breaks over several lines.
      while (used > width) {
        lines += 1;
        used -= width;
      }
    }
  }
  return lines;
}

/** Estimated height in px of one bot bubble on the phone. */
export function replyHeight(reply: Reply): number {
  let px = BUBBLE_PX + wrappedLines(reply.text, TEXT_CHARS) * LINE_PX;
  if (reply.buttons?.length) {
    px += BUTTONS_TOP_PX;
    for (const [i, b] of reply.buttons.entries()) {
      px += Math.max(BUTTON_MIN_PX, BUTTON_PX + wrappedLines(`${i + 1}. ${b.title}`, BUTTON_CHARS) * LINE_PX);
    }
  }
  return px;
}

/** Estimated height in px of a whole reply (all its bubbles). */
export function repliesHeight(replies: Reply[]): number {
  return replies.reduce((sum, r) => sum + replyHeight(r), 0);
}

export const fitsScreen = (replies: Reply[]) => repliesHeight(replies) <= BUDGET_PX;
