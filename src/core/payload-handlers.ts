// Button payloads, one handler per kind (the part before the first ':'), and typed numbers, which
// press the button of that number in the last list shown.
import { isCommandName } from './commands.js';
import { runCommand } from './command-handlers.js';
import { text } from './messages.js';
import type { CoreParts } from './parts.js';
import type { Turn } from './turn.js';
import { own } from '../lib/own.js';
import type { Outcome } from '../domain/messages.js';

type PayloadHandler = (turn: Turn, core: CoreParts, parts: string[]) => Outcome | undefined;

const PAYLOAD_HANDLERS: Record<string, PayloadHandler> = {
  /** `more:kb:<entry>:<from>`, `more:f:<flow>:<step>:<from>`: the next page of a long answer or step. */
  more: (turn, core, parts) => core.replies.more(turn, parts),
  /** `cmd:<command>` */
  cmd: (turn, core, [, id = '']) => (isCommandName(id) ? runCommand(turn, core, id) : undefined),
  /** `flow:<flow>`: start (or resume) a guided flow. */
  flow: (turn, core, [, id = '']) => {
    const flow = core.flows.get(id);
    return flow && core.runner.start(turn, flow);
  },
  /** `kb:<entry>`: a knowledge answer. */
  kb: (turn, core, [, id = '']) => {
    const entry = core.knowledge.get(id);
    return entry && core.replies.answer(turn, entry);
  },
  /** `s:<step>:<option>`: an answer to a flow step; a button of an older step shows the current one. */
  s: (turn, core, [, id, option]) => {
    const position = core.runner.position(turn);
    if (!position) return undefined;
    const index = Number(option) - 1;
    if (id === position.step.id && index >= 0 && index < position.step.options.length)
      return core.runner.choose(turn, index);
    return core.runner.again(turn, text.staleButton);
  },
};

/** A button pressed; a payload no handler takes shows the menu. */
export function onPayload(turn: Turn, core: CoreParts, payload: string): Outcome {
  const parts = payload.split(':');
  return own(PAYLOAD_HANDLERS, parts[0]!)?.(turn, core, parts) ?? turn.menu('menu');
}

/** "2" after a numbered list: the second button of the last list shown. */
export function onNumber(turn: Turn, core: CoreParts, n: number): Outcome | undefined {
  const list = turn.user.lastButtons;
  if (!list?.length) return undefined;
  if (n >= 1 && n <= list.length) return onPayload(turn, core, list[n - 1]!);
  // Inside a flow the step says what it could not place; elsewhere say which numbers there are.
  if (core.runner.position(turn)) return undefined;
  return turn.say('number', text.numberOutOfRange(list.length));
}
