// What a message can be matched to: the common ground of both signals and the matcher.

/** Something a message can be matched to: a guided flow (by its triggers) or a knowledge entry. */
export type TargetKind = 'flow' | 'knowledge' | 'outside';

export interface MatchTarget {
  /** `outside`: a subject the bot does not cover; matching it means "say so", not "answer". */
  kind: TargetKind;
  id: string;
  /** Question variants, trigger phrases and the title: every way a citizen might ask for it. */
  texts: string[];
  /** What the target says about itself (an answer, tags, a summary): words the topic classifier may learn from. */
  about?: string[];
}
