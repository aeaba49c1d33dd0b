import type { ConversationCore } from '../src/core/conversation.js';

/** One labelled citizen message, as in test/fixtures/*.jsonl and ../shared/real-questions.jsonl. */
export interface LabelledMessage {
  text: string;
  kind: 'flow' | 'knowledge' | 'fallback';
  expect: string[];
}

export interface SetScore {
  inScope: number;
  right: number;
  wrong: number;
  oneTap: number;
  outScope: number;
  fellBack: number;
  misses: string[];
}

export function parseSet(jsonl: string): LabelledMessage[] {
  return jsonl
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as LabelledMessage);
}

/**
 * Scores messages the way ../shared/tools/eval-questions.mjs scores the running server: each
 * message from a fresh user; right = the expected flow or entry; "one tap" also counts a fallback
 * or clarifying question whose buttons offer an expected topic.
 */
export async function scoreSet(core: ConversationCore, items: LabelledMessage[], prefix: string): Promise<SetScore> {
  const s: SetScore = { inScope: 0, right: 0, wrong: 0, oneTap: 0, outScope: 0, fellBack: 0, misses: [] };
  for (const [i, item] of items.entries()) {
    const { match, replies } = await core.handle({
      channel: 'web',
      userId: `${prefix}-${i}`,
      text: item.text,
      at: new Date(),
    });
    const got = `${match.kind}:${match.id ?? ''}`;
    if (item.kind === 'fallback') {
      s.outScope++;
      if (match.kind === 'fallback') s.fellBack++;
      else s.misses.push(`SHOULD FALL BACK  ${item.text}  -> ${got}`);
      continue;
    }
    s.inScope++;
    const ok = (match.kind === 'flow' || match.kind === 'knowledge') && item.expect.includes(match.id ?? '');
    const offered = replies.flatMap((r) => r.buttons ?? []).map((b) => b.payload.replace(/^(kb|flow):/, ''));
    const tap = match.kind === 'fallback' && item.expect.some((id) => offered.includes(id));
    if (ok || tap) s.oneTap++;
    if (ok) s.right++;
    else {
      if (match.kind !== 'fallback') s.wrong++;
      const buttons = offered.length ? ` [${offered.join(', ')}]` : '';
      s.misses.push(
        `${tap ? 'ONE TAP' : 'MISSED '}  ${item.text}  expected ${item.expect.join('|')}  -> ${got}${buttons}`,
      );
    }
  }
  return s;
}

const pct = (a: number, b: number) => (b ? `${((100 * a) / b).toFixed(1)}%` : 'n/a');

export function formatScore(s: SetScore): string {
  return (
    `in-scope right ${pct(s.right, s.inScope)} (${s.right}/${s.inScope}), fell back ${pct(s.fellBack, s.outScope)} (${s.fellBack}/${s.outScope}), ` +
    `wrong ${pct(s.wrong, s.inScope)} (${s.wrong}/${s.inScope}), one tap ${pct(s.oneTap, s.inScope)}`
  );
}
