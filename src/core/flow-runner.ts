import { HUMAN_HELP, MENU_BUTTON, text } from './messages.js';
import { BACK } from '../content/graph.js';
import type { Turn } from './turn.js';
import type { Match, Outcome, Reply } from '../domain/messages.js';
import { whole, type Pageable } from './pages.js';
import type { CompiledFlow, CompiledStep, FlowBook } from '../flows/flow-book.js';

const TRAIL_LIMIT = 40;

/** Where a person is: the flow they are doing and its step. */
export interface Position {
  flow: CompiledFlow;
  step: CompiledStep;
}

export const stepPayload = (stepId: string, option: number) => `s:${stepId}:${option + 1}`;

/** Moves citizens through guided flows: start, answer, back, restart, cancel, resume. */
export class FlowRunner {
  constructor(private readonly book: FlowBook) {}

  /** The active flow and step of this person, if the flow still exists in this version of the content. */
  position(turn: Turn): Position | undefined {
    const session = turn.user.session;
    if (!session) return undefined;
    const flow = this.book.get(session.flowId);
    const step = flow?.steps.get(session.stepId);
    if (!flow || !step || flow.version !== session.version) {
      // The flow changed under this person: a stale position cannot be trusted, start clean.
      turn.user.session = undefined;
      return undefined;
    }
    return { flow, step };
  }

  start(turn: Turn, flow: CompiledFlow, score?: number): Outcome {
    const current = this.position(turn);
    if (current && current.flow.id !== flow.id) this.close(turn, current.flow, 'cancelled', 'switched');
    if (current && current.flow.id === flow.id) {
      return this.show(turn, { kind: 'flow', id: flow.id, score }, [{ text: text.resumed(flow.title) }]);
    }
    turn.user.session = {
      flowId: flow.id,
      version: flow.version,
      stepId: flow.start,
      attempts: 0,
      trail: [],
      startedAt: turn.nowIso,
      updatedAt: turn.nowIso,
    };
    turn.user.flows[flow.id] = { status: 'in-progress', startedAt: turn.nowIso, updatedAt: turn.nowIso };
    turn.emit('flow_started', { flow: flow.id });
    return this.enter(
      turn,
      flow,
      flow.start,
      { kind: 'flow', id: flow.id, ...(score !== undefined ? { score } : {}) },
      [{ text: text.flowStarted(flow.menuLabel) }],
    );
  }

  choose(turn: Turn, option: number): Outcome {
    const { flow, step } = this.position(turn)!;
    const next = step.options[option]!.next;
    if (next === BACK) return this.back(turn);
    turn.user.session!.trail = [...turn.user.session!.trail, step.id].slice(-TRAIL_LIMIT);
    return this.enter(turn, flow, next, { kind: 'flow-step', id: flow.id });
  }

  back(turn: Turn): Outcome {
    const { flow } = this.position(turn)!;
    const session = turn.user.session!;
    const previous = session.trail.pop();
    if (!previous) return this.show(turn, { kind: 'flow-step', id: flow.id }, [{ text: text.atFirstStep }]);
    session.stepId = previous;
    session.attempts = 0;
    session.updatedAt = turn.nowIso;
    return this.show(turn, { kind: 'flow-step', id: flow.id }, [{ text: text.wentBack }]);
  }

  restart(turn: Turn): Outcome {
    const { flow } = this.position(turn)!;
    const session = turn.user.session!;
    session.trail = [];
    session.attempts = 0;
    return this.enter(turn, flow, flow.start, { kind: 'flow-step', id: flow.id }, [
      { text: text.restarted(flow.title) },
    ]);
  }

  cancel(turn: Turn): Outcome {
    const { flow } = this.position(turn)!;
    this.close(turn, flow, 'cancelled', 'user');
    return turn.say('cancel', text.cancelled(flow.title), [MENU_BUTTON]);
  }

  /** Shows the current step again, with lead-in messages. */
  show(turn: Turn, match: Match, lead: Reply[] = []): Outcome {
    const { flow, step } = this.position(turn)!;
    turn.user.session!.updatedAt = turn.nowIso;
    return { replies: [...lead, ...this.render(flow, step)], match: { ...match, step: step.id } };
  }

  /** The current step again, after these messages (a flow-step match). */
  again(turn: Turn, ...lead: string[]): Outcome {
    const { flow } = this.position(turn)!;
    return this.show(
      turn,
      { kind: 'flow-step', id: flow.id },
      lead.map((t) => ({ text: t })),
    );
  }

  /** An answer the step could not place: ask again; after three tries also offer the menu and a person. */
  unclear(turn: Turn, lead: Reply[] = []): Outcome {
    const session = turn.user.session!;
    const { flow } = this.position(turn)!;
    session.attempts += 1;
    if (session.attempts >= 3) {
      session.attempts = 0;
      return this.show(turn, { kind: 'flow-step', id: flow.id }, [
        ...lead,
        { text: text.stuckInFlow },
        { text: HUMAN_HELP, buttons: [MENU_BUTTON] },
        { text: text.backToStep },
      ]);
    }
    return this.show(turn, { kind: 'flow-step', id: flow.id }, [...lead, { text: text.unclearInFlow }]);
  }

  private enter(turn: Turn, flow: CompiledFlow, stepId: string, match: Match, lead: Reply[] = []): Outcome {
    const step = flow.steps.get(stepId)!;
    const session = turn.user.session!;
    session.stepId = stepId;
    session.attempts = 0;
    session.updatedAt = turn.nowIso;
    turn.emit('step_entered', { flow: flow.id, step: stepId });
    if (step.milestone) turn.emit('milestone', { flow: flow.id, step: stepId, milestone: step.milestone });
    const replies = [...lead, ...this.render(flow, step)];
    if (step.end === 'completed') {
      this.close(turn, flow, 'completed');
      return { replies, match: { ...match, step: stepId, completed: true } };
    }
    if (step.end === 'stopped') {
      this.close(turn, flow, 'cancelled', 'ended');
      return { replies, match: { ...match, step: stepId } };
    }
    return { replies, match: { ...match, step: stepId } };
  }

  private close(turn: Turn, flow: CompiledFlow, status: 'completed' | 'cancelled', reason?: string): void {
    turn.user.session = undefined;
    const record = turn.user.flows[flow.id];
    turn.user.flows[flow.id] = { status, startedAt: record?.startedAt ?? turn.nowIso, updatedAt: turn.nowIso };
    if (status === 'completed') turn.emit('flow_completed', { flow: flow.id });
    else turn.emit('flow_cancelled', { flow: flow.id, ...(reason ? { reason } : {}) });
  }

  private render(flow: CompiledFlow, step: CompiledStep): Reply[] {
    return whole(stepPages(flow, step));
  }
}

/** A step's messages and buttons, shown a phone screen at a time. */
export function stepPages(flow: CompiledFlow, step: CompiledStep): Pageable {
  const messages = [...step.messages];
  if (step.position) messages[0] = `${text.stepCounter(step.position, flow.mainLength)}\n${messages[0]!}`;
  const buttons = step.end
    ? [MENU_BUTTON]
    : step.options.map((o, i) => ({ title: o.label, payload: stepPayload(step.id, i) }));
  return { key: `f:${flow.id}:${step.id}`, messages, buttons, more: 'after' };
}
