// The replies built from content: knowledge answers (a phone screen at a time), their "Xem
// thêm" pages, the menu's buttons and suggestion buttons.
import type { KnowledgeEntry } from '../content/schema.js';
import type { FlowBook } from '../flows/flow-book.js';
import { stepPages, type FlowRunner } from './flow-runner.js';
import type { Candidate } from '../matching/matcher.js';
import { MENU_BUTTON, text } from './messages.js';
import { page, whole, type Pageable } from './pages.js';
import type { Turn } from './turn.js';
import type { Button, Outcome } from '../domain/messages.js';

/** Button titles stay short: a long title is cut at the last whole word that fits, with "…". */
const TITLE_MAX = 60;
export function buttonTitle(title: string): string {
  if (title.length <= TITLE_MAX) return title;
  const cut = title.slice(0, TITLE_MAX - 1);
  const space = cut.lastIndexOf(' ');
  return `${(space > TITLE_MAX / 2 ? cut.slice(0, space) : cut).replace(/[\s,.;:-]+$/, '')}…`;
}

export class Replies {
  constructor(
    private readonly flows: FlowBook,
    private readonly knowledge: Map<string, KnowledgeEntry>,
    private readonly runner: FlowRunner,
  ) {}

  /** "Xem thêm": the next page of a long answer or step. */
  more(turn: Turn, parts: string[]): Outcome {
    const from = Number(parts.at(-1));
    const entry = parts[1] === 'kb' ? this.knowledge.get(parts[2] ?? '') : undefined;
    if (entry) return { replies: page(this.answerPages(entry), from), match: { kind: 'knowledge', id: entry.id } };
    const flow = parts[1] === 'f' ? this.flows.get(parts[2] ?? '') : undefined;
    const step = flow?.steps.get(parts[3] ?? '');
    if (!flow || !step) return turn.menu('menu');
    const position = this.runner.position(turn);
    const current = position?.flow.id === flow.id && position.step.id === step.id;
    return {
      replies: page(stepPages(flow, step), from),
      match: current ? { kind: 'flow-step', id: flow.id, step: step.id } : { kind: 'command', id: 'more' },
    };
  }

  answer(turn: Turn, entry: KnowledgeEntry, score?: number): Outcome {
    turn.emit('kb_answered', { topic: entry.id });
    return {
      replies: whole(this.answerPages(entry)),
      match: { kind: 'knowledge', id: entry.id, ...(score !== undefined ? { score } : {}) },
    };
  }

  /** A knowledge answer, shown a phone screen at a time. */
  private answerPages(entry: KnowledgeEntry): Pageable {
    const buttons: Button[] = [];
    const flow = entry.flow ? this.flows.get(entry.flow) : undefined;
    if (flow) buttons.push({ title: buttonTitle(`${text.stepByStep}: ${flow.menuLabel}`), payload: `flow:${flow.id}` });
    buttons.push(MENU_BUTTON);
    return { key: `kb:${entry.id}`, messages: entry.answer, buttons, more: 'alone' };
  }

  /** The way in: the flow being done, then the guided flows (at most five buttons). */
  menuButtons(turn: Turn): Button[] {
    const position = this.runner.position(turn);
    const buttons: Button[] = [];
    if (position) buttons.push({ title: text.resumeButton(position.flow.menuLabel), payload: 'cmd:resume' });
    for (const flow of this.flows.all().slice(0, 5 - buttons.length))
      buttons.push({ title: flow.menuLabel, payload: `flow:${flow.id}` });
    return buttons;
  }

  suggestionButtons(candidates: Candidate[]): Button[] {
    return candidates.map((c) =>
      c.kind === 'flow'
        ? { title: this.flows.get(c.id)!.menuLabel, payload: `flow:${c.id}` }
        : { title: buttonTitle(this.knowledge.get(c.id)!.title), payload: `kb:${c.id}` },
    );
  }
}
