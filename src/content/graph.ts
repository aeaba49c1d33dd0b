import type { FlowDefinition } from './schema.js';

/** The option target that means "the step before this one". */
export const BACK = '@back';

/**
 * Problems in a flow's step graph: links to missing steps, steps no path reaches, and steps from
 * which no path ends (a citizen could go round for ever). Each names the step's path in the file.
 */
export function flowGraphProblems(flow: FlowDefinition): string[] {
  const problems: string[] = [];
  const index = new Map(flow.steps.map((s, i) => [s.id, i]));
  flow.steps.forEach((step, i) => {
    if (index.get(step.id) !== i) problems.push(`steps[${i}].id: "${step.id}" is used by another step`);
  });
  if (!index.has(flow.start)) problems.push(`start: no step "${flow.start}"`);
  flow.steps.forEach((step, i) =>
    step.options.forEach((option, j) => {
      if (option.next !== BACK && !index.has(option.next))
        problems.push(`steps[${i}].options[${j}].next: no step "${option.next}"`);
    }),
  );
  if (problems.length) return problems;

  const byId = new Map(flow.steps.map((s) => [s.id, s]));
  const reached = new Set<string>([flow.start]);
  const queue = [flow.start];
  while (queue.length) {
    for (const option of byId.get(queue.shift()!)!.options) {
      if (option.next !== BACK && !reached.has(option.next)) {
        reached.add(option.next);
        queue.push(option.next);
      }
    }
  }
  flow.steps.forEach((step, i) => {
    if (!reached.has(step.id)) problems.push(`steps[${i}]: step "${step.id}" cannot be reached from "${flow.start}"`);
  });

  // Steps that can end: the end steps, then every step with an option leading to one that can.
  const canEnd = new Set(flow.steps.filter((s) => s.end).map((s) => s.id));
  for (let grew = true; grew;) {
    grew = false;
    for (const step of flow.steps) {
      if (!canEnd.has(step.id) && step.options.some((o) => canEnd.has(o.next))) {
        canEnd.add(step.id);
        grew = true;
      }
    }
  }
  flow.steps.forEach((step, i) => {
    if (!canEnd.has(step.id)) problems.push(`steps[${i}]: no path from step "${step.id}" reaches an end step`);
  });

  // Option 1 is the way forward: following it from the start must complete the flow.
  const seen = new Set<string>();
  let cursor = byId.get(flow.start)!;
  while (cursor && !cursor.end && !seen.has(cursor.id)) {
    seen.add(cursor.id);
    cursor = byId.get(cursor.options[0]!.next)!;
  }
  if (cursor?.end !== 'completed') {
    problems.push(`steps: answering option 1 at every step from "${flow.start}" does not reach a completed end step`);
  }
  return problems;
}
