// One handler per question the bot asked and is waiting on (`user.awaiting`), registered by the
// state's name: the router looks the state up and calls it.
import { answerArea, AWAITING_AREA } from './area-question.js';
import type { CoreParts } from './parts.js';
import { CONFIRM_DELETE, deleteConfirmed } from './privacy.js';
import type { Turn } from './turn.js';
import { own } from '../lib/own.js';
import { consents } from '../lib/text/yes-no.js';
import type { Outcome } from '../domain/messages.js';

interface Question {
  /** The answer, or undefined when the message is about something else (then the question is dropped). */
  answer: (turn: Turn, core: CoreParts) => Outcome | undefined;
  /** Whether small talk ("ok", "vâng") answers the question, rather than being small talk. */
  takesSmallTalk?: (turn: Turn) => boolean;
}

const QUESTIONS: Record<string, Question> = {
  // "xóa dữ liệu của tôi?": plain consent erases; anything else keeps everything.
  [CONFIRM_DELETE]: {
    answer: (turn) => (consents(turn.text) ? deleteConfirmed(turn) : undefined),
    takesSmallTalk: (turn) => consents(turn.text),
  },
  // "xã, phường nào?": a name the area list knows, or "bỏ qua".
  [AWAITING_AREA]: {
    answer: (turn, core) => (core.areas ? answerArea(turn, core.areas) : undefined),
  },
};

const questionOf = (turn: Turn) => (turn.user.awaiting ? own(QUESTIONS, turn.user.awaiting) : undefined);

/** The answer to the question the bot asked, if this message answers it. */
export const answerAwaited = (turn: Turn, core: CoreParts): Outcome | undefined => questionOf(turn)?.answer(turn, core);

/** Whether small talk in this message is the answer to the question the bot asked ("vâng" to "xóa?"). */
export const answersAwaited = (turn: Turn): boolean => questionOf(turn)?.takesSmallTalk?.(turn) ?? false;
