import type { Content } from '../content/load.js';
import { FlowBook } from '../flows/flow-book.js';
import { FlowRunner } from './flow-runner.js';
import { Matcher } from '../matching/matcher.js';
import { matchTargets } from '../matching/targets.js';
import type { EventLog, HandoffStore, InboundStore, PeopleStore, Store } from '../store/store.js';
import type { UserRecord } from '../domain/person.js';
import { findCommand, type CommandName } from './commands.js';
import { runCommand } from './command-handlers.js';
import { answerAwaited, answersAwaited } from './awaiting-handlers.js';
import { onNumber, onPayload } from './payload-handlers.js';
import { inFlow, onQuestion } from './free-text.js';
import type { CoreParts, Handler } from './parts.js';
import { MENU_BUTTON, WELCOME, text } from './messages.js';
import { rememberButtons, typedNumber } from './numbers.js';
import { fitScreen } from './pages.js';
import { Replies } from './replies.js';
import { emojiAsWords, isSmallTalk, stepTakes } from './small-talk.js';
import type { AreaList } from '../content/areas.js';
import { askForArea } from './area-question.js';
import { findSensitive, sensitiveWarning, withoutSensitive } from './sensitive.js';
import { type SensitiveKind } from '../domain/messages.js';
import { contentWords } from '../lib/text/normalize.js';
import { Turn } from './turn.js';
import type { Channel, Inbound, Outcome } from '../domain/messages.js';
import { Handoff } from './handoff.js';

/** Small talk that is really the answer to what the bot asked ("ok" to a step or to "xóa?"). */
const answersQuestion = (turn: Turn, core: CoreParts, command: CommandName) =>
  isSmallTalk(command) && (answersAwaited(turn) || stepTakes(command, core.runner.position(turn)?.step, turn.text));

/**
 * Where a message goes, tried in order until one answers: a person (core/handoff.ts: asked for,
 * or a case is open and the team gets the message), a button, a typed number, a whole-message
 * command, the answer to what the bot asked, the flow step; else it is a question for the matcher
 * (free-text.ts). Steps look their handler up in a table (payload-, command-, awaiting-handlers.ts).
 */
const ROUTE: Handler[] = [
  (turn, core) => core.handoff.intercept(turn),
  (turn, core) => {
    const payload = turn.inbound.payload?.trim();
    return payload ? onPayload(turn, core, payload) : undefined;
  },
  (turn, core) => {
    const number = typedNumber(turn.text);
    return number === undefined ? undefined : onNumber(turn, core, number);
  },
  (turn, core) => {
    const command = findCommand(turn.text);
    return command && !answersQuestion(turn, core, command) ? runCommand(turn, core, command) : undefined;
  },
  answerAwaited,
  (turn, core) => {
    turn.user.awaiting = undefined;
    return core.runner.position(turn) ? inFlow(turn, core) : undefined;
  },
];

export interface CoreOptions {
  content: Content;
  store: PeopleStore & EventLog & HandoffStore & InboundStore & Pick<Store, 'flush'>;
  /** The province's communes and wards; without it the bot never asks where someone lives. */
  areas?: AreaList;
  /** Turns a user key into the pseudonym that progress events carry. */
  pseudonym: (userKey: string) => Promise<string>;
  now?: () => Date;
}

export const userKey = (channel: string, userId: string) => `${channel}:${userId}`;

/**
 * The conversation core: one message in, replies and how it was understood out (routed by ROUTE
 * above). It knows no channel and no HTTP; the person's record is saved, durably, before the
 * replies are returned, and only if handling succeeded.
 */
export class ConversationCore {
  readonly flows: FlowBook;
  readonly matcher: Matcher;
  /** What the handlers work with. */
  private readonly core: CoreParts;
  /** Work of people in progress (each inside `withPerson`), for `idle()`. */
  private readonly inProgress = new Set<Promise<unknown>>();
  private readonly now: () => Date;

  constructor(private readonly options: CoreOptions) {
    const { content, store, areas } = options;
    this.flows = new FlowBook(content.flows.values());
    this.matcher = new Matcher(matchTargets(content));
    this.now = options.now ?? (() => new Date());
    const runner = new FlowRunner(this.flows);
    const replies = new Replies(this.flows, content.knowledge, runner);
    const handoff = new Handoff(store, this.flows, areas);
    const { flows, matcher } = this;
    this.core = { content, flows, knowledge: content.knowledge, matcher, runner, replies, handoff, areas };
  }

  handle(inbound: Inbound): Promise<Outcome> {
    const key = userKey(inbound.channel, inbound.userId);
    return this.personally(key, async () => {
      const store = this.options.store;
      const stored = await store.getUser(key);
      const now = this.now();
      const user: UserRecord = stored ? structuredClone(stored) : this.newUser(inbound, now);
      // Nothing past this point sees an ID number, phone number, OTP or password the person typed.
      // Channels that queue deliveries hand over text already redacted, with the kinds they hid.
      const said = inbound.text === undefined ? inbound : { ...inbound, text: emojiAsWords(inbound.text) };
      const sensitive = new Set<SensitiveKind>([
        ...(said.sensitive ?? []),
        ...(said.text ? findSensitive(said.text) : []),
      ]);
      const clean = sensitive.size ? { ...said, text: withoutSensitive(said.text!) } : said;
      const uid = (user.uid ??= await this.options.pseudonym(key));
      const turn = new Turn(clean, user, !stored, now, uid, (t) => this.core.replies.menuButtons(t));
      await this.core.handoff.prepare(turn);
      const outcome = sensitive.size ? this.guard(turn, sensitive) : this.route(turn);
      // After a first completed flow, ask once (optionally) where the person lives.
      if (outcome.match.completed && this.options.areas && !user.area && !user.areaAsked)
        outcome.replies.push(askForArea(turn));
      if (turn.isNewUser) outcome.replies.unshift(WELCOME);
      // Misses are counted in a row: anything understood starts the count again.
      if (outcome.match.kind !== 'fallback') user.unclear = 0;
      outcome.replies = fitScreen(outcome.replies);
      rememberButtons(user, outcome.replies);

      if (turn.erase) {
        store.appendEvents([
          ...turn.events,
          { type: 'data_deleted', at: now.toISOString(), uid: '', channel: user.channel },
        ]);
        if (inbound.delivery) store.inboundDone(inbound.delivery);
        await store.forgetUser(key);
        return outcome;
      }
      user.lastSeenAt = now.toISOString();
      user.unreachable = undefined;
      user.active = true;
      store.putUser(user);
      store.appendEvents(turn.events);
      // Handled in the same write as its effects: a restart sends the replies, never replays it.
      if (inbound.delivery) store.inboundHandled(inbound.delivery, outcome.replies);
      await store.flush();
      return outcome;
    });
  }

  /** A message with sensitive values: warn, then go on with whatever else it asked. */
  private guard(turn: Turn, kinds: Set<SensitiveKind>): Outcome {
    const warning = { text: sensitiveWarning(kinds)! };
    const rest = contentWords(turn.text.replace(/\[[^\]]*\]/g, ' '));
    if (rest.length === 0) {
      if (this.core.runner.position(turn)) {
        const shown = this.core.runner.again(turn, text.backToStep);
        return { ...shown, replies: [...shown.replies, warning] };
      }
      return turn.reply('privacy-warning', { text: text.greeting, buttons: [MENU_BUTTON] }, warning);
    }
    // The warning comes last, so it is what stays in view.
    const outcome = this.route(turn);
    return { ...outcome, replies: [...outcome.replies, warning] };
  }

  /**
   * Changes a person's record outside a message (follow, unfollow, blocked bot), in turn with
   * their messages. Creates the record when `create` is set and there is none.
   */
  updateUser(channel: Channel, userId: string, change: (user: UserRecord) => void, create = false): Promise<void> {
    const key = userKey(channel, userId);
    return this.personally(key, async () => {
      const stored = await this.options.store.getUser(key);
      if (!stored && !create) return;
      const now = this.now();
      const user = stored ? structuredClone(stored) : this.newUser({ channel, userId, at: now }, now);
      change(user);
      this.options.store.putUser(user);
      await this.options.store.flush();
    });
  }

  /** Erases a person at their request made outside the chat (Zalo's user_withdraw). */
  forget(channel: Channel, userId: string, delivery?: string): Promise<void> {
    const key = userKey(channel, userId);
    return this.personally(key, async () => {
      this.options.store.appendEvents([{ type: 'data_deleted', at: this.now().toISOString(), uid: '', channel }]);
      if (delivery) this.options.store.inboundDone(delivery);
      await this.options.store.forgetUser(key);
    });
  }

  /** Resolves when every message in progress has been answered. */
  async idle(): Promise<void> {
    while (this.inProgress.size) await Promise.allSettled(this.inProgress);
  }

  /** Work on one person's record, one at a time per person (across instances sharing the store). */
  private personally<T>(key: string, work: () => Promise<T>): Promise<T> {
    const done = this.options.store.withPerson(key, work);
    const settled = done.catch(() => undefined);
    this.inProgress.add(settled);
    void settled.then(() => this.inProgress.delete(settled));
    return done;
  }

  private newUser(inbound: Inbound, now: Date): UserRecord {
    return {
      key: userKey(inbound.channel, inbound.userId),
      channel: inbound.channel,
      channelUserId: inbound.userId,
      createdAt: now.toISOString(),
      lastSeenAt: now.toISOString(),
      reminders: true,
      active: true,
      flows: {},
      unclear: 0,
    };
  }

  private route(turn: Turn): Outcome {
    for (const step of ROUTE) {
      const outcome = step(turn, this.core);
      if (outcome) return outcome;
    }
    return onQuestion(turn, this.core);
  }
}
