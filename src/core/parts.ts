import type { AreaList } from '../content/areas.js';
import type { Content } from '../content/load.js';
import type { KnowledgeEntry } from '../content/schema.js';
import type { FlowBook } from '../flows/flow-book.js';
import type { Matcher } from '../matching/matcher.js';
import type { FlowRunner } from './flow-runner.js';
import type { Handoff } from './handoff.js';
import type { Replies } from './replies.js';
import type { Turn } from './turn.js';
import type { Outcome } from '../domain/messages.js';

/** The parts of the conversation core that the handlers in its tables work with. */
export interface CoreParts {
  readonly content: Content;
  readonly flows: FlowBook;
  readonly knowledge: Map<string, KnowledgeEntry>;
  readonly matcher: Matcher;
  readonly runner: FlowRunner;
  readonly replies: Replies;
  readonly handoff: Handoff;
  /** The province's communes and wards; without it the bot never asks where someone lives. */
  readonly areas?: AreaList;
}

/** One step of routing, or one entry of a table: an answer, or undefined to let the next one try. */
export type Handler = (turn: Turn, core: CoreParts) => Outcome | undefined;
