// Not understood: one bubble saying so, with up to three suggestions as buttons. Where a person
// can help comes only on the second miss in a row, with the offer of a person.
import { HANDOFF_BUTTON, HUMAN_HELP, MENU_BUTTON, text } from './messages.js';
import { fitsScreen } from './screen.js';
import type { Turn } from './turn.js';
import type { Button, Outcome, Reply } from '../domain/messages.js';

/** `outside`: what the bot says about a subject it knowingly does not cover. */
export function notUnderstood(turn: Turn, suggestions: Button[], outside?: string, score?: number): Outcome {
  turn.user.unclear += 1;
  const second = turn.user.unclear >= 2;
  const reply = (offered: Button[], menu: boolean): Reply => {
    const lines = [outside ?? text.notSure];
    if (offered.length) lines.push(text.suggestions);
    else if (!outside) lines.push(text.noSuggestions);
    if (second) lines.push(help);
    const buttons = offered.length ? [...offered] : menu ? [MENU_BUTTON] : [];
    if (second) buttons.push(HANDOFF_BUTTON);
    return { text: lines.join('\n'), buttons };
  };
  // Fewer suggestions, then no menu button, then the help block as one line, rather than a reply
  // taller than the screen.
  let help = HUMAN_HELP;
  let offered = suggestions.slice(0, 3);
  while (offered.length > 0 && !fitsScreen([reply(offered, true)])) offered = offered.slice(0, -1);
  const menu = offered.length > 0 || fitsScreen([reply([], true)]);
  if (!fitsScreen([reply(offered, menu)])) help = text.helpShort;
  return { replies: [reply(offered, menu)], match: { kind: 'fallback', ...(score !== undefined ? { score } : {}) } };
}
