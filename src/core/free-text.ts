// A message that is no button, number, command or awaited answer: an answer to the flow step the
// person is on, or a question for the matcher (a flow to start, a knowledge answer, or not understood).
import { pickOption } from '../flows/flow-book.js';
import { notUnderstood } from './fallback.js';
import { text } from './messages.js';
import type { CoreParts } from './parts.js';
import type { Turn } from './turn.js';
import { understand } from './understand.js';
import { redact } from '../lib/redact.js';
import type { Outcome } from '../domain/messages.js';

/** After this long without a message, a person inside a flow is greeted back before going on. */
const STALE_SESSION_MS = 6 * 60 * 60 * 1000;

const understandText = (core: CoreParts, message: string) =>
  understand(core.matcher, message, (id) => core.knowledge.get(id)?.flow);

/** Inside a flow: an option of the step, else a question or another flow, else ask again. */
export function inFlow(turn: Turn, core: CoreParts): Outcome {
  const { runner } = core;
  const { flow, step } = runner.position(turn)!;
  const option = pickOption(step, turn.text);
  if (option !== undefined) return runner.choose(turn, option);

  // Not an answer: maybe a question, or a request for another flow.
  const understood = understandText(core, turn.text);
  if (understood.kind === 'answer') {
    const target = understood.target;
    if (target.kind === 'knowledge') {
      const answer = core.replies.answer(turn, core.knowledge.get(target.id)!, target.score);
      const shown = runner.again(turn, text.backToStep);
      return { replies: [...answer.replies, ...shown.replies], match: { ...answer.match, step: step.id } };
    }
    if (target.id === flow.id)
      return runner.show(turn, { kind: 'flow-step', id: flow.id, score: target.score }, [
        { text: text.resumed(flow.title) },
      ]);
    return runner.start(turn, core.flows.get(target.id)!, target.score);
  }
  if (understood.kind === 'fallback' && understood.outside) {
    const outside = core.content.outside.get(understood.outside.id)!;
    return runner.again(turn, outside.reply, text.backToStep);
  }
  const stale = turn.now.getTime() - Date.parse(turn.user.session!.updatedAt) > STALE_SESSION_MS;
  if (stale) return runner.again(turn, text.welcomeBack(flow.title));
  return runner.unclear(turn);
}

/** Outside a flow: a flow or knowledge answer, one clarifying question, or not understood. */
export function onQuestion(turn: Turn, core: CoreParts): Outcome {
  const understood = understandText(core, turn.text);
  if (understood.kind === 'answer') {
    turn.user.unclear = 0;
    const { target } = understood;
    if (target.kind === 'flow') return core.runner.start(turn, core.flows.get(target.id)!, target.score);
    return core.replies.answer(turn, core.knowledge.get(target.id)!, target.score);
  }
  if (understood.kind === 'clarify') {
    return {
      replies: [{ text: text.clarify, buttons: core.replies.suggestionButtons(understood.options) }],
      match: { kind: 'fallback', score: understood.options[0]!.score },
    };
  }
  const outside = understood.outside && core.content.outside.get(understood.outside.id);
  turn.emit('kb_unmatched', {
    text: redact(turn.text).slice(0, 300),
    ...(outside ? { topic: outside.id, reason: 'out-of-scope' } : {}),
  });
  return notUnderstood(
    turn,
    core.replies.suggestionButtons(understood.suggestions),
    outside?.reply,
    understood.suggestions[0]?.score,
  );
}
