import { randomBytes } from 'node:crypto';
import type { AreaList } from '../content/areas.js';
import type { FlowBook } from '../flows/flow-book.js';
import type { HandoffStore } from '../store/store.js';
import { findCommand, type CommandName } from './commands.js';
import { withMessage } from './handoff-case.js';
import { type HandoffCase } from '../domain/handoff.js';
import { caseOpened, caseStillOpen, endedByCitizen, note, nothingToEnd, received } from './handoff-messages.js';
import { AWAITING_AREA } from './area-question.js';
import { typedNumber } from './numbers.js';
import { CONFIRM_DELETE } from './privacy.js';
import { answerKey } from '../lib/text/normalize.js';
import type { Turn } from './turn.js';
import type { Outcome } from '../domain/messages.js';

/** Commands the bot still answers while a case is open; everything else the person types goes to the team. */
const STILL_ANSWERED = new Set<CommandName>([
  'menu',
  'help',
  'back',
  'restart',
  'resume',
  'cancel',
  'my-data',
  'delete-data',
  'delete-confirm',
  'delete-cancel',
  'change-area',
  'area-skip',
  'non-text',
  'reminders-off',
  'reminders-on',
  'handoff',
  'handoff-end',
]);

// Longer ways of asking for a person than the command table holds ("cho em xin gặp cán bộ hỗ trợ với ạ").
const ASKS_FOR_PERSON =
  /^(?:(?:cho|xin|muon|can|duoc|hay|lam on|vui long|ket noi|chuyen)\s)*(?:gap|noi chuyen(?: voi)?|lien he(?: voi)?|lien lac(?: voi)?|ket noi(?: voi)?|chuyen (?:sang|cho|toi)|goi(?: cho)?|hoi)\s(?:mot\s|1\s)?(?:nguoi that|nguoi ho tro|nguoi huong dan|can bo|nhan vien|tong dai vien|tu van vien|nguoi)(?:\s(?:that|ho tro|truc tiep|xa|phuong|tu van|duoc khong|voi|di|nao|duoc))*$/;

export function asksForPerson(text: string): boolean {
  // Such a request is short; a long message is a question for the bot (or the team, in a case).
  return text.length <= 120 && (findCommand(text) === 'handoff' || ASKS_FOR_PERSON.test(answerKey(text)));
}

const openCase = (turn: Turn) => turn.cases.find((c) => c.status === 'open');

const newCaseId = () => `h-${randomBytes(6).toString('hex')}`;

/**
 * A person when the bot is not enough: opens a case for the team of the citizen's area and, while
 * it is open, hands what the citizen types to that team instead of answering it. The team's side
 * (replies, closing, the 24-hour timeout) is in handoff-desk.ts.
 */
export class Handoff {
  constructor(
    private readonly store: HandoffStore,
    private readonly flows: FlowBook,
    private readonly areas: AreaList | undefined,
  ) {}

  /** Reads the person's cases for the turn; call it inside the person's turn, before routing. */
  async prepare(turn: Turn): Promise<void> {
    turn.cases = await this.store.handoffsOf(turn.user.key);
  }

  /**
   * Runs before the bot's own routing: a longer way of asking for a person, or a message from a
   * person whose case is open. Undefined when the bot should answer as usual.
   */
  intercept(turn: Turn): Outcome | undefined {
    if (turn.inbound.payload || !turn.text) return undefined;
    const open = openCase(turn);
    if (!open) return asksForPerson(turn.text) && !findCommand(turn.text) ? this.open(turn) : undefined;
    // A question the bot asked just before ("xóa dữ liệu?", "xã, phường nào?") is answered to the bot.
    if (turn.user.awaiting === CONFIRM_DELETE || turn.user.awaiting === AWAITING_AREA) return undefined;
    // A bare number picks from the list just shown ("1" = "Kết thúc hỗ trợ"), as everywhere else.
    const number = typedNumber(turn.text);
    if (number !== undefined && number >= 1 && number <= (turn.user.lastButtons?.length ?? 0)) return undefined;
    const command = findCommand(turn.text);
    if (command === 'cancel' && !turn.user.session) return this.end(turn);
    if (command && STILL_ANSWERED.has(command)) return undefined;
    if (asksForPerson(turn.text)) return this.open(turn);
    this.put(turn, withMessage(open, 'citizen', turn.text, turn.now));
    return { replies: [received], match: { kind: 'command', id: 'handoff-message' } };
  }

  /** "gặp người thật": who answers and when, the contacts, and a case for the team (one open case at a time). */
  open(turn: Turn): Outcome {
    const { area, contacts } = this.contacts(turn.user.area);
    const existing = openCase(turn);
    if (existing) {
      if (turn.text) this.put(turn, withMessage(existing, 'citizen', turn.text, turn.now));
      return { replies: caseStillOpen(area, contacts), match: { kind: 'command', id: 'handoff' } };
    }
    let c: HandoffCase = {
      id: newCaseId(),
      channel: turn.user.channel,
      userKey: turn.user.key,
      ...(turn.user.area ? { area: turn.user.area } : {}),
      status: 'open',
      openedAt: turn.nowIso,
      messages: [],
    };
    c = withMessage(c, 'bot', note.asked, turn.now);
    const session = turn.user.session;
    const flow = session && this.flows.get(session.flowId);
    if (flow) {
      const step = flow.steps.get(session.stepId);
      c = withMessage(c, 'bot', note.inFlow(flow.title, step?.position, flow.mainLength), turn.now);
    }
    if (turn.text) c = withMessage(c, 'citizen', turn.text, turn.now);
    this.put(turn, c);
    return { replies: caseOpened(area, contacts), match: { kind: 'command', id: 'handoff' } };
  }

  /** "kết thúc hỗ trợ": the citizen closes their case; the bot answers again. */
  end(turn: Turn): Outcome {
    const open = openCase(turn);
    if (!open) return { replies: [nothingToEnd], match: { kind: 'command', id: 'handoff-end' } };
    const closed = withMessage(open, 'bot', note.endedByCitizen, turn.now);
    this.put(turn, { ...closed, status: 'closed', closedAt: turn.nowIso, closedBy: 'citizen' });
    return { replies: [endedByCitizen], match: { kind: 'command', id: 'handoff-end' } };
  }

  /** For "dữ liệu của tôi": what the person's cases keep, when they have any. */
  dataNote(turn: Turn): string | undefined {
    const mine = turn.cases;
    if (mine.length === 0) return undefined;
    return (
      `Ông/Bà có ${mine.length} yêu cầu gặp cán bộ: tôi giữ tin nhắn trong đó (đã che các số nhạy cảm) để tổ hỗ trợ đọc và trả lời, ` +
      'tới 30 ngày sau khi yêu cầu kết thúc. Xóa dữ liệu thì các yêu cầu này cũng bị xóa.'
    );
  }

  /** Staged with the turn's other changes, and kept in the turn for the rest of it. */
  private put(turn: Turn, c: HandoffCase): void {
    turn.cases = [...turn.cases.filter((other) => other.id !== c.id), c];
    this.store.putHandoff(c);
  }

  private contacts(areaId: string | undefined) {
    const area = areaId ? this.areas?.get(areaId) : undefined;
    return { ...(area ? { area } : {}), contacts: this.areas?.contactsFor(areaId) ?? [] };
  }
}
