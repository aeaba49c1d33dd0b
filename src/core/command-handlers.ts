// One handler per command, registered by name, the way telegraf's `command()` registers one per
// command: the router finds the name (commands.ts) and calls what is registered here.
import { HANDOFF_BUTTON, MENU_BUTTON, text } from './messages.js';
import type { CommandName } from './commands.js';
import type { Position } from './flow-runner.js';
import type { CoreParts } from './parts.js';
import { askToDelete, CONFIRM_DELETE, deleteCancelled, deleteConfirmed, myData } from './privacy.js';
import { changeArea, skipArea } from './area-question.js';
import { acknowledged, frustrated, thanks } from './small-talk.js';
import type { Turn } from './turn.js';
import type { Outcome } from '../domain/messages.js';

/** What the router read before the command ran: the step the person is on, the question the bot had asked. */
export interface Before {
  position?: Position;
  awaiting?: string;
}

export type CommandHandler = (turn: Turn, core: CoreParts, before: Before) => Outcome;

/** A command about the flow being done; without one, it says so over the menu. */
const onFlow =
  (
    command: CommandName,
    nothing: string,
    act: (turn: Turn, core: CoreParts, at: Position) => Outcome,
  ): CommandHandler =>
  (turn, core, { position }) =>
    position ? act(turn, core, position) : turn.menu(command, nothing);

function reminders(turn: Turn, on: boolean): Outcome {
  if (Boolean(turn.user.reminders) !== on) turn.emit(on ? 'opted_in' : 'opted_out');
  turn.user.reminders = on;
  return on
    ? turn.say('reminders-on', text.remindersOn, [MENU_BUTTON])
    : turn.say('reminders-off', text.remindersOff, [MENU_BUTTON]);
}

const COMMAND_HANDLERS: Record<CommandName, CommandHandler> = {
  menu: (turn) => turn.menu('menu'),
  help: (turn) => turn.say('help', text.help, [HANDOFF_BUTTON, MENU_BUTTON]),
  greeting: (turn, core, { position }) =>
    position
      ? core.runner.again(turn, text.welcomeBack(position.flow.title))
      : // A first message is already greeted (WELCOME): one greeting, then the menu.
        turn.menu('greeting', turn.isNewUser ? undefined : text.greeting),
  resume: onFlow('resume', text.nothingToResume, (turn, core, at) =>
    core.runner.again(turn, text.resumed(at.flow.title)),
  ),
  back: onFlow('back', text.nothingToResume, (turn, core) => core.runner.back(turn)),
  restart: onFlow('restart', text.nothingToResume, (turn, core) => core.runner.restart(turn)),
  cancel: onFlow('cancel', text.nothingToCancel, (turn, core) => core.runner.cancel(turn)),
  thanks: (turn) => thanks(turn),
  ack: (turn) => acknowledged(turn),
  frustrated: (turn) => frustrated(turn),
  'my-data': (turn, core) => myData(turn, core.flows, core.handoff.dataNote(turn)),
  'delete-data': (turn) => askToDelete(turn),
  // "xóa" confirms only right after "xóa dữ liệu của tôi"; otherwise it asks first.
  'delete-confirm': (turn, _core, { awaiting }) =>
    awaiting === CONFIRM_DELETE ? deleteConfirmed(turn) : askToDelete(turn),
  'delete-cancel': (turn) => deleteCancelled(turn),
  'change-area': (turn, core) => (core.areas ? changeArea(turn) : turn.menu('change-area')),
  'area-skip': (turn) => skipArea(turn),
  'non-text': (turn) => turn.menu('non-text', text.textOnly),
  'reminders-off': (turn) => reminders(turn, false),
  'reminders-on': (turn) => reminders(turn, true),
  handoff: (turn, core) => core.handoff.open(turn),
  'handoff-end': (turn, core) => core.handoff.end(turn),
};

/** Runs a command. A command ends whatever question the bot had asked (`awaiting`). */
export function runCommand(turn: Turn, core: CoreParts, command: CommandName): Outcome {
  const before: Before = { position: core.runner.position(turn), awaiting: turn.user.awaiting };
  turn.user.awaiting = undefined;
  return COMMAND_HANDLERS[command](turn, core, before);
}
