import type { Content } from '../content/load.js';
import type { KnowledgeEntry } from '../content/schema.js';
import { FlowBook, pickOption } from '../flows/flow-book.js';
import { FlowRunner } from './flow-runner.js';
import { Matcher } from '../matching/matcher.js';
import { matchTargets } from '../matching/targets.js';
import type { EventLog, HandoffStore, InboundStore, PeopleStore, Store } from '../store/store.js';
import type { UserRecord } from '../domain/person.js';
import { findCommand, isCommandName, type CommandName } from './commands.js';
import { HANDOFF_BUTTON, MENU_BUTTON, WELCOME, text } from './messages.js';
import { notUnderstood } from './fallback.js';
import { rememberButtons, typedNumber } from './numbers.js';
import { fitScreen } from './pages.js';
import { Replies } from './replies.js';
import { acknowledged, emojiAsWords, frustrated, isSmallTalk, stepTakes, thanks } from './small-talk.js';
import type { AreaList } from '../content/areas.js';
import { answerArea, askForArea, AWAITING_AREA, changeArea, skipArea } from './area-question.js';
import { askToDelete, CONFIRM_DELETE, deleteCancelled, deleteConfirmed, myData } from './privacy.js';
import { redact } from '../lib/redact.js';
import { findSensitive, sensitiveWarning, withoutSensitive } from './sensitive.js';
import { type SensitiveKind } from '../domain/messages.js';
import { answerKey, contentWords } from '../lib/text/normalize.js';
import { Turn } from './turn.js';
import type { Channel, Inbound, Outcome } from '../domain/messages.js';
import { understand } from './understand.js';
import { Handoff } from './handoff.js';

/** After this long without a message, a person inside a flow is greeted back before going on. */
const STALE_SESSION_MS = 6 * 60 * 60 * 1000;
/** "Yes" to "xóa dữ liệu?", in answerKey form. */
const YES = /^(co|dong y|ok|u|uh|vang|da|da vang|chac chan)$/;

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
 * The conversation core: one message in, replies and how it was understood out. Steps, in order:
 * button payloads, whole-message commands, the active flow, then flow triggers and knowledge,
 * then the fallback. It knows no channel and no HTTP; the person's record is saved, durably,
 * before the replies are returned, and only if handling succeeded.
 */
export class ConversationCore {
  readonly flows: FlowBook;
  readonly matcher: Matcher;
  private readonly runner: FlowRunner;
  private readonly replies: Replies;
  private readonly knowledge: Map<string, KnowledgeEntry>;
  /** Work of people in progress (each inside `withPerson`), for `idle()`. */
  private readonly inProgress = new Set<Promise<unknown>>();
  private readonly now: () => Date;
  private readonly handoff: Handoff;

  constructor(private readonly options: CoreOptions) {
    this.flows = new FlowBook(options.content.flows.values());
    this.runner = new FlowRunner(this.flows);
    this.knowledge = options.content.knowledge;
    this.now = options.now ?? (() => new Date());
    this.matcher = new Matcher(matchTargets(options.content));
    this.replies = new Replies(this.flows, this.knowledge, this.runner);
    this.handoff = new Handoff(options.store, this.flows, options.areas);
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
      const turn = new Turn(clean, user, !stored, now, uid);
      await this.handoff.prepare(turn);
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
      const position = this.runner.position(turn);
      if (position) {
        const shown = this.runner.show(turn, { kind: 'flow-step', id: position.flow.id }, [{ text: text.backToStep }]);
        return { ...shown, replies: [...shown.replies, warning] };
      }
      return {
        replies: [{ text: text.greeting, buttons: [MENU_BUTTON] }, warning],
        match: { kind: 'command', id: 'privacy-warning' },
      };
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
    // handoff to a person (core/handoff.ts): asked for, or a case is open and the team gets the message
    const handedOff = this.handoff.intercept(turn);
    if (handedOff) return handedOff;
    const payload = turn.inbound.payload?.trim();
    if (payload) return this.onPayload(turn, payload);
    const number = typedNumber(turn.text);
    const picked = number === undefined ? undefined : this.onNumber(turn, number);
    if (picked) return picked;
    const command = findCommand(turn.text);
    if (command && !this.answersQuestion(turn, command)) return this.onCommand(turn, command);
    if (turn.user.awaiting === CONFIRM_DELETE && YES.test(answerKey(turn.text))) {
      return deleteConfirmed(turn);
    }
    if (turn.user.awaiting === AWAITING_AREA && this.options.areas) {
      const answered = answerArea(turn, this.options.areas);
      if (answered) return answered;
    }
    turn.user.awaiting = undefined;
    if (this.runner.position(turn)) return this.inFlow(turn);
    return this.onQuestion(turn);
  }

  /** Small talk that is really the answer to what the bot asked ("ok" to a step or to "xóa?"). */
  private answersQuestion(turn: Turn, command: CommandName): boolean {
    if (!isSmallTalk(command)) return false;
    if (turn.user.awaiting === CONFIRM_DELETE && YES.test(answerKey(turn.text))) return true;
    return stepTakes(command, this.runner.position(turn)?.step, turn.text);
  }

  /** "2" after a numbered list: the second button of the last list shown. */
  private onNumber(turn: Turn, n: number): Outcome | undefined {
    const list = turn.user.lastButtons;
    if (!list?.length) return undefined;
    if (n >= 1 && n <= list.length) return this.onPayload(turn, list[n - 1]!);
    // Inside a flow the step says what it could not place; elsewhere say which numbers there are.
    if (this.runner.position(turn)) return undefined;
    return { replies: [{ text: text.numberOutOfRange(list.length) }], match: { kind: 'command', id: 'number' } };
  }

  private onPayload(turn: Turn, payload: string): Outcome {
    if (payload.startsWith('more:')) return this.replies.more(turn, payload.split(':'));
    const [kind, id = '', option] = payload.split(':');
    if (kind === 'cmd' && isCommandName(id)) return this.onCommand(turn, id);
    if (kind === 'flow' && this.flows.get(id)) return this.runner.start(turn, this.flows.get(id)!);
    if (kind === 'kb' && this.knowledge.has(id)) return this.replies.answer(turn, this.knowledge.get(id)!);
    const position = this.runner.position(turn);
    if (kind === 's' && position) {
      const index = Number(option) - 1;
      if (id === position.step.id && index >= 0 && index < position.step.options.length)
        return this.runner.choose(turn, index);
      return this.runner.show(turn, { kind: 'flow-step', id: position.flow.id }, [{ text: text.staleButton }]);
    }
    return this.replies.menu(turn, 'menu');
  }

  private onCommand(turn: Turn, command: CommandName): Outcome {
    const position = this.runner.position(turn);
    const awaitingDelete = turn.user.awaiting === CONFIRM_DELETE;
    if (command !== 'delete-confirm') turn.user.awaiting = undefined;
    switch (command) {
      case 'my-data':
        return myData(turn, this.flows, this.handoff.dataNote(turn));
      case 'delete-data':
        return askToDelete(turn);
      case 'delete-confirm':
        if (awaitingDelete) return deleteConfirmed(turn);
        return askToDelete(turn);
      case 'delete-cancel':
        return deleteCancelled(turn);
      case 'change-area':
        if (this.options.areas) return changeArea(turn);
        return this.replies.menu(turn, 'change-area');
      case 'area-skip':
        return skipArea(turn);
      case 'non-text':
        return this.replies.menu(turn, 'non-text', text.textOnly);
      case 'handoff':
        return this.handoff.open(turn);
      case 'handoff-end':
        return this.handoff.end(turn);
      case 'reminders-off':
        if (turn.user.reminders) turn.emit('opted_out');
        turn.user.reminders = false;
        return {
          replies: [{ text: text.remindersOff, buttons: [MENU_BUTTON] }],
          match: { kind: 'command', id: 'reminders-off' },
        };
      case 'reminders-on':
        if (!turn.user.reminders) turn.emit('opted_in');
        turn.user.reminders = true;
        return {
          replies: [{ text: text.remindersOn, buttons: [MENU_BUTTON] }],
          match: { kind: 'command', id: 'reminders-on' },
        };
      case 'menu':
        return this.replies.menu(turn, 'menu');
      case 'greeting':
        if (position)
          return this.runner.show(turn, { kind: 'flow-step', id: position.flow.id }, [
            { text: text.welcomeBack(position.flow.title) },
          ]);
        // A first message is already greeted (WELCOME): one greeting, then the menu.
        return this.replies.menu(turn, 'greeting', turn.isNewUser ? undefined : text.greeting);
      case 'help':
        return {
          replies: [{ text: text.help, buttons: [HANDOFF_BUTTON, MENU_BUTTON] }],
          match: { kind: 'command', id: 'help' },
        };
      case 'thanks':
        return thanks();
      case 'ack':
        return acknowledged();
      case 'frustrated':
        return frustrated(this.replies.menuButtons(turn));
      case 'resume':
        if (position)
          return this.runner.show(turn, { kind: 'flow-step', id: position.flow.id }, [
            { text: text.resumed(position.flow.title) },
          ]);
        return this.replies.menu(turn, 'resume', text.nothingToResume);
      case 'back':
        if (position) return this.runner.back(turn);
        return this.replies.menu(turn, 'back', text.nothingToResume);
      case 'restart':
        if (position) return this.runner.restart(turn);
        return this.replies.menu(turn, 'restart', text.nothingToResume);
      case 'cancel':
        if (position) return this.runner.cancel(turn);
        return this.replies.menu(turn, 'cancel', text.nothingToCancel);
    }
  }

  private inFlow(turn: Turn): Outcome {
    const { flow, step } = this.runner.position(turn)!;
    const option = pickOption(step, turn.text);
    if (option !== undefined) return this.runner.choose(turn, option);

    // Not an answer: maybe a question, or a request for another flow.
    const understood = this.understand(turn.text);
    if (understood.kind === 'answer') {
      const target = understood.target;
      if (target.kind === 'knowledge') {
        const answer = this.replies.answer(turn, this.knowledge.get(target.id)!, target.score);
        const shown = this.runner.show(turn, { kind: 'flow-step', id: flow.id }, [{ text: text.backToStep }]);
        return { replies: [...answer.replies, ...shown.replies], match: { ...answer.match, step: step.id } };
      }
      if (target.id === flow.id)
        return this.runner.show(turn, { kind: 'flow-step', id: flow.id, score: target.score }, [
          { text: text.resumed(flow.title) },
        ]);
      return this.runner.start(turn, this.flows.get(target.id)!, target.score);
    }
    if (understood.kind === 'fallback' && understood.outside) {
      const outside = this.options.content.outside.get(understood.outside.id)!;
      return this.runner.show(turn, { kind: 'flow-step', id: flow.id }, [
        { text: outside.reply },
        { text: text.backToStep },
      ]);
    }
    const stale = turn.now.getTime() - Date.parse(turn.user.session!.updatedAt) > STALE_SESSION_MS;
    if (stale)
      return this.runner.show(turn, { kind: 'flow-step', id: flow.id }, [{ text: text.welcomeBack(flow.title) }]);
    return this.runner.unclear(turn);
  }

  private understand(text: string) {
    return understand(this.matcher, text, (id) => this.knowledge.get(id)?.flow);
  }

  private onQuestion(turn: Turn): Outcome {
    const understood = this.understand(turn.text);
    if (understood.kind === 'answer') {
      turn.user.unclear = 0;
      const { target } = understood;
      if (target.kind === 'flow') return this.runner.start(turn, this.flows.get(target.id)!, target.score);
      return this.replies.answer(turn, this.knowledge.get(target.id)!, target.score);
    }
    if (understood.kind === 'clarify') {
      return {
        replies: [{ text: text.clarify, buttons: this.replies.suggestionButtons(understood.options) }],
        match: { kind: 'fallback', score: understood.options[0]!.score },
      };
    }
    const outside = understood.outside && this.options.content.outside.get(understood.outside.id);
    turn.emit('kb_unmatched', {
      text: redact(turn.text).slice(0, 300),
      ...(outside ? { topic: outside.id, reason: 'out-of-scope' } : {}),
    });
    return notUnderstood(
      turn,
      this.replies.suggestionButtons(understood.suggestions),
      outside?.reply,
      understood.suggestions[0]?.score,
    );
  }
}
