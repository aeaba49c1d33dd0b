import type { Content } from '../content/load.js';
import type { MatchTarget } from './target.js';

/** Everything a message can be matched to: flow triggers, knowledge questions, out-of-scope subjects. */
export function matchTargets(content: Content): MatchTarget[] {
  return [
    ...[...content.flows.values()].map((f) => ({
      kind: 'flow' as const,
      id: f.id,
      texts: [f.title, ...f.triggers],
      about: [f.summary],
    })),
    ...[...content.knowledge.values()].map((k) => ({
      kind: 'knowledge' as const,
      id: k.id,
      texts: [k.title, ...k.questions],
      about: [...k.answer.map(String), k.tags.join(' ')],
    })),
    ...[...content.outside.values()].map((o) => ({
      kind: 'outside' as const,
      id: o.id,
      texts: [o.title, ...o.questions],
    })),
  ];
}
