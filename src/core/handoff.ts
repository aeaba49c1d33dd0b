// A person, when the bot is not enough (`cmd:handoff`). A minimal stand-in so the button that
// offers a person works: the handoff work (contacts of the person's area, a case for the team)
// replaces this handler.
import { HUMAN_HELP, MENU_BUTTON } from './messages.js';
import type { Outcome } from './types.js';

export function handoff(): Outcome {
  return { replies: [{ text: HUMAN_HELP, buttons: [MENU_BUTTON] }], match: { kind: 'command', id: 'handoff' } };
}
