// Long answers are shown a screen at a time: the first part and a "Xem thêm" button whose payload
// continues the same answer. Pages are cut from the content itself (a knowledge answer, a flow
// step), so a "Xem thêm" button keeps working later and after a restart: its payload names the
// answer and the piece to go on from (`more:kb:<id>:<piece>`, `more:f:<flow>:<step>:<piece>`).
import { BUDGET_PX, repliesHeight, replyHeight } from './screen.js';
import type { Button, Reply } from '../domain/messages.js';

export const MORE_TITLE = 'Xem thêm';
/** A message taller than this is cut at its line breaks into pieces that can go on separate pages. */
const PIECE_MAX_PX = BUDGET_PX / 2;

/** Something long that may be shown in pages. */
export interface Pageable {
  /** `kb:<id>` or `f:<flowId>:<stepId>`: what a "Xem thêm" payload continues. */
  key: string;
  messages: string[];
  /** The buttons under the last page. */
  buttons: Button[];
  /**
   * Where "Xem thêm" goes on the pages before the last: first and alone (answers: the rest is
   * read before anything else), or after the buttons (flow steps: their options are numbered as
   * always, so typing "1" still answers the step).
   */
  more: 'alone' | 'after';
}

interface Piece {
  message: number;
  text: string;
}

/** The messages cut into pieces: whole messages, or line groups of a message too tall on its own. */
function pieces(source: Pageable): Piece[] {
  const out: Piece[] = [];
  source.messages.forEach((text, message) => {
    if (replyHeight({ text }) <= PIECE_MAX_PX) return out.push({ message, text });
    let group: string[] = [];
    for (const line of text.split('\n')) {
      if (group.length && replyHeight({ text: [...group, line].join('\n') }) > PIECE_MAX_PX) {
        out.push({ message, text: group.join('\n') });
        group = [];
      }
      group.push(line);
    }
    if (group.length) out.push({ message, text: group.join('\n') });
  });
  return out;
}

/** Pieces shown together: those of the same message share one bubble. */
function bubbles(shown: Piece[]): Reply[] {
  const replies: Reply[] = [];
  let last: number | undefined;
  for (const piece of shown) {
    if (piece.message === last) replies[replies.length - 1]!.text += `\n${piece.text}`;
    else replies.push({ text: piece.text });
    last = piece.message;
  }
  return replies;
}

const moreButton = (key: string, piece: number): Button => ({ title: MORE_TITLE, payload: `more:${key}:${piece}` });

/**
 * The page that starts at piece `from` and fits in `roomPx` (at least one piece, even when
 * nothing fits: the citizen must see something). The last page carries the source's buttons,
 * the others also (or only) a "Xem thêm" for the next page.
 */
export function page(source: Pageable, from = 0, roomPx = BUDGET_PX): Reply[] {
  const all = pieces(source);
  const start = Math.min(Math.max(0, from), all.length - 1);
  const render = (end: number) => {
    const replies = bubbles(all.slice(start, end));
    const more = moreButton(source.key, end);
    const buttons = end === all.length ? source.buttons : source.more === 'alone' ? [more] : [...source.buttons, more];
    if (buttons.length) replies[replies.length - 1]!.buttons = buttons;
    return replies;
  };
  let end = start + 1;
  while (end < all.length && repliesHeight(render(end + 1)) <= roomPx) end += 1;
  const replies = render(end);
  for (const r of replies) marks.set(r, { source, from: start });
  return replies;
}

/** Which replies came from a pageable source, so the fitter can re-cut them. */
const marks = new WeakMap<Reply, { source: Pageable; from: number }>();

/** The whole source, as long as it is: the fitter cuts it to the room left in the reply. */
export function whole(source: Pageable): Reply[] {
  return page(source, 0, Infinity);
}

/**
 * Keeps a reply within one phone screen: when it is taller, the pageable parts in it (in order)
 * are cut to the room the other bubbles leave, each ending in a "Xem thêm" button.
 */
export function fitScreen(replies: Reply[]): Reply[] {
  let out = replies;
  for (let i = 0; i < out.length && repliesHeight(out) > BUDGET_PX; i++) {
    const mark = marks.get(out[i]!);
    if (!mark) continue;
    let end = i;
    while (end + 1 < out.length && marks.get(out[end + 1]!)?.source === mark.source) end += 1;
    const others = [...out.slice(0, i), ...out.slice(end + 1)];
    const cut = page(mark.source, mark.from, BUDGET_PX - repliesHeight(others));
    out = [...out.slice(0, i), ...cut, ...out.slice(end + 1)];
    i += cut.length - 1;
  }
  return out;
}
