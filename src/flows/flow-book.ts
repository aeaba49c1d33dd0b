import type { FlowDefinition, FlowStep } from '../content/schema.js';
import { answerKey } from '../lib/text/normalize.js';
import { NO_WORDS, YES_WORDS } from '../lib/text/yes-no.js';

export interface CompiledStep extends FlowStep {
  /** Alias keys per option, in answerKey form. */
  optionKeys: string[][];
  /** 1-based position on the main path (option 1 all the way), if the step is on it. */
  position?: number;
}

export interface CompiledFlow extends Omit<FlowDefinition, 'steps'> {
  steps: Map<string, CompiledStep>;
  /** Steps on the main path, the completed end step excluded. */
  mainLength: number;
}

function compileFlow(flow: FlowDefinition): CompiledFlow {
  const byId = new Map(flow.steps.map((s) => [s.id, s]));
  const positions = new Map<string, number>();
  for (
    let step = byId.get(flow.start);
    step && !step.end && !positions.has(step.id);
    step = byId.get(step.options[0]!.next)
  ) {
    positions.set(step.id, positions.size + 1);
  }
  const steps = new Map<string, CompiledStep>();
  for (const step of flow.steps) {
    const optionKeys = step.options.map((o) => {
      const words = [o.label, ...o.aliases].map(answerKey);
      // everyday words for "it worked" and "not yet", on options marked `says: yes|no`
      if (o.says === 'yes') words.push(...YES_WORDS);
      if (o.says === 'no') words.push(...NO_WORDS);
      return [...new Set(words.filter(Boolean))];
    });
    steps.set(step.id, { ...step, optionKeys, position: positions.get(step.id) });
  }
  return { ...flow, steps, mainLength: positions.size };
}

/** The flows, compiled for answering: alias keys, main-path positions. */
export class FlowBook {
  private readonly flows = new Map<string, CompiledFlow>();

  constructor(definitions: Iterable<FlowDefinition>) {
    // Each flow file says where it stands in the menu (`menuOrder`), so adding a flow is one file.
    const rank = (flow: FlowDefinition) => flow.menuOrder ?? 100;
    const sorted = [...definitions].sort((a, b) => rank(a) - rank(b) || a.id.localeCompare(b.id));
    for (const flow of sorted) this.flows.set(flow.id, compileFlow(flow));
  }

  get(id: string): CompiledFlow | undefined {
    return this.flows.get(id);
  }

  all(): CompiledFlow[] {
    return [...this.flows.values()];
  }
}

/**
 * Which option an answer picks: a number ("1", "số 2"), an option's words ("rồi", "chưa được"),
 * or, in a short message, the longest option phrase it contains. Undefined when unclear.
 */
export function pickOption(step: CompiledStep, text: string): number | undefined {
  const key = answerKey(text);
  if (!key) return undefined;
  const number = /^(?:so |chon |bam |an |cau |y )?(\d{1,2})$/.exec(key);
  if (number) {
    const n = Number(number[1]);
    return n >= 1 && n <= step.options.length ? n - 1 : undefined;
  }
  for (let i = 0; i < step.optionKeys.length; i++) if (step.optionKeys[i]!.includes(key)) return i;

  const words = key.split(' ');
  if (words.length > 6) return undefined;
  const padded = ` ${key} `;
  let best: { option: number; length: number } | undefined;
  let tie = false;
  step.optionKeys.forEach((keys, option) => {
    for (const alias of keys) {
      if (!padded.includes(` ${alias} `)) continue;
      if (!best || alias.length > best.length) {
        best = { option, length: alias.length };
        tie = false;
      } else if (alias.length === best.length && best.option !== option) tie = true;
    }
  });
  return best && !tie ? best.option : undefined;
}
