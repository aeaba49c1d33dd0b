import type { ProgressEvent, ProgressEventType } from '../domain/progress.js';
import type { UserRecord } from '../domain/person.js';
import type { Button, Inbound, Outcome, Reply } from '../domain/messages.js';
import { text } from './messages.js';
import type { HandoffCase } from '../domain/handoff.js';

/**
 * One message being handled: the person's record (a draft, saved only if handling succeeds), the
 * events it produces, and the ways to answer it (`say`, `reply`, `menu`), as Hono's Context
 * offers `c.json()`: handlers answer through these instead of building reply objects by hand.
 */
export class Turn {
  readonly events: ProgressEvent[] = [];
  /** Set when the person asked, and confirmed, to be erased. */
  erase = false;
  /** The person's handoff cases, read before the turn (core/handoff.ts keeps them current as it changes them). */
  cases: HandoffCase[] = [];

  constructor(
    readonly inbound: Inbound,
    readonly user: UserRecord,
    readonly isNewUser: boolean,
    readonly now: Date,
    private readonly uid: string,
    /** The menu's buttons for this person (the flow being done first); the core knows the flows. */
    private readonly ways: (turn: Turn) => Button[] = () => [],
  ) {}

  get text(): string {
    return (this.inbound.text ?? '').trim();
  }

  get nowIso(): string {
    return this.now.toISOString();
  }

  emit(type: ProgressEventType, fields: Omit<ProgressEvent, 'type' | 'at' | 'uid' | 'channel'> = {}): void {
    this.events.push({
      type,
      at: this.nowIso,
      uid: this.uid,
      channel: this.user.channel,
      ...(this.user.area ? { area: this.user.area } : {}),
      ...fields,
    });
  }

  /** One message, understood as the command `id`: `turn.say('help', text.help, [MENU_BUTTON])`. */
  say(id: string, message: string, buttons?: Button[]): Outcome {
    return this.reply(id, buttons ? { text: message, buttons } : { text: message });
  }

  /** Several messages, understood as the command `id`. */
  reply(id: string, ...replies: Reply[]): Outcome {
    return { replies, match: { kind: 'command', id } };
  }

  /** The menu, understood as the command `id`, after an optional first message. */
  menu(id: string, lead?: string): Outcome {
    const menu: Reply = { text: text.menuIntro, buttons: this.menuButtons() };
    return lead ? this.reply(id, { text: lead }, menu) : this.reply(id, menu);
  }

  /** The ways in: the flow being done, then the guided flows (at most five buttons). */
  menuButtons(): Button[] {
    return this.ways(this);
  }
}
