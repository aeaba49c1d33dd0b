// Small talk understood as commands: thanks and acknowledgements get one line, frustration an
// apology, a simpler way in and the offer of a person. The same words can be an answer to what
// the bot just asked ("ok" to a flow step, "vâng" to "xóa dữ liệu?"); then the answer wins.
import type { CompiledStep } from '../flows/flow-book.js';
import { pickOption } from '../flows/flow-book.js';
import type { CommandName } from './commands.js';
import { HANDOFF_BUTTON, text } from './messages.js';
import { answerKey } from '../lib/text/normalize.js';
import type { Outcome } from '../domain/messages.js';
import type { Turn } from './turn.js';

/** A message of only these emoji reads as "ok" (👍) or "cảm ơn" (🙏). */
const OK_EMOJI = /^(?:👍|👌|✅|🆗|👏|😊|🙂|☺)+$/u;
const THANKS_EMOJI = /^(?:🙏|❤|💕|🌹)+$/u;
/** Skin tones, the emoji variation selector and spaces do not change what an emoji says. */
const DECORATION = /\p{Emoji_Modifier}|\uFE0F|\s/gu;

/** Emoji-only messages as the words they stand for; other text unchanged. */
export function emojiAsWords(text: string): string {
  if (!/\p{Extended_Pictographic}/u.test(text)) return text;
  const bare = text.replace(DECORATION, '');
  if (THANKS_EMOJI.test(bare)) return 'cảm ơn';
  if (OK_EMOJI.test(bare)) return 'ok';
  return text;
}

const SMALL_TALK = new Set<CommandName>(['thanks', 'ack', 'frustrated']);

/**
 * Whether small talk should give way to the flow step the person is on: "ok", "dạ", "rồi" (and
 * anything else the step takes) answer the step; frustration does only when it is exactly one
 * of the step's own answers ("khó quá" may lead to a fix-it branch).
 */
export function stepTakes(command: CommandName, step: CompiledStep | undefined, message: string): boolean {
  if (!step || !SMALL_TALK.has(command)) return false;
  if (command === 'frustrated') return step.optionKeys.some((keys) => keys.includes(answerKey(message)));
  return pickOption(step, message) !== undefined;
}

export const isSmallTalk = (command: CommandName) => SMALL_TALK.has(command);

export const thanks = (turn: Turn): Outcome => turn.say('thanks', text.thanks);

export const acknowledged = (turn: Turn): Outcome => turn.say('ack', text.ack);

/** An apology, the menu (resume and the flows) as one choice at a time, and a person. */
export function frustrated(turn: Turn): Outcome {
  return turn.say('frustrated', text.frustrated, [...turn.menuButtons().slice(0, 4), HANDOFF_BUTTON]);
}
