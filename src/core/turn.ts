import type { ProgressEvent, ProgressEventType } from '../domain/progress.js';
import type { UserRecord } from '../domain/person.js';
import type { Inbound } from '../domain/messages.js';
import type { HandoffCase } from '../domain/handoff.js';

/** One message being handled: the person's record (a draft, saved only if handling succeeds) and the events it produces. */
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
}
