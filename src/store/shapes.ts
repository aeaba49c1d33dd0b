// The shapes of what the file store reads back: a line of the right JSON but the wrong shape is
// refused with its file and line, instead of failing somewhere later without saying where.
import { z } from 'zod';
import type { StateOp, Snapshot } from './state.js';
import type { ProgressEvent } from '../domain/progress.js';
import { kindOfLegacyRow } from '../domain/outreach.js';

const keyed = z.looseObject({ key: z.string() });
const withId = z.looseObject({ id: z.string() });

/**
 * An outbox row. Rows written before rows said what they are have no `kind`: it is read from the
 * magic broadcast ids they used ('nudge', 'reply', 'handoff'), so an existing DATA_DIR keeps working.
 */
const outboxRow = z
  .looseObject({
    id: z.string(),
    kind: z.enum(['broadcast', 'nudge', 'reply', 'handoff']).optional(),
    broadcastId: z.string().optional(),
    userKey: z.string(),
    status: z.string(),
  })
  .transform((row) => {
    if (row.kind) return row;
    const kind = kindOfLegacyRow(row.broadcastId);
    const { broadcastId, ...rest } = row;
    return kind === 'broadcast' ? { ...rest, kind, broadcastId } : { ...rest, kind };
  });

const stateOp = z.discriminatedUnion('op', [
  z.object({
    op: z.literal('user'),
    value: z.looseObject({
      key: z.string(),
      channel: z.string(),
      channelUserId: z.string(),
      flows: z.record(z.string(), z.unknown()),
    }),
  }),
  z.object({ op: z.literal('delete-user'), key: z.string() }),
  z.object({ op: z.literal('inbox'), key: z.string(), value: withId }),
  z.object({ op: z.literal('meta'), key: z.string(), value: z.unknown() }),
  z.object({ op: z.literal('broadcast'), value: withId }),
  z.object({ op: z.literal('outbox'), value: outboxRow }),
  z.object({ op: z.literal('outbox-drop'), id: z.string() }),
  z.object({ op: z.literal('seen'), key: z.string(), at: z.number().optional() }),
  z.object({ op: z.literal('inbound'), value: z.looseObject({ id: z.string(), channel: z.string(), at: z.string() }) }),
  z.object({ op: z.literal('inbound-handled'), id: z.string(), replies: z.array(z.looseObject({ text: z.string() })) }),
  z.object({ op: z.literal('inbound-done'), id: z.string() }),
  z.object({
    op: z.literal('handoff'),
    value: z.looseObject({
      id: z.string(),
      userKey: z.string(),
      status: z.enum(['open', 'closed']),
      messages: z.array(z.unknown()),
    }),
  }),
  z.object({ op: z.literal('delete-handoff'), id: z.string() }),
]);

const event = z.looseObject({ type: z.string(), at: z.string(), uid: z.string(), channel: z.string() });

const snapshot = z.looseObject({
  schema: z.literal(1),
  journal: z.number().int().min(0),
  users: z.record(z.string(), keyed),
  inbox: z.record(z.string(), z.array(withId)),
  meta: z.record(z.string(), z.unknown()),
  outbox: z.record(z.string(), outboxRow).optional(),
});

/** A store file that cannot be read as written: names the file and line, and what is wrong. */
export class StoreFileError extends Error {
  constructor(
    readonly file: string,
    readonly line: number | undefined,
    problem: string,
  ) {
    super(`${file}${line ? `:${line}` : ''}: ${problem}`);
    this.name = 'StoreFileError';
  }
}

const describe = (error: z.ZodError) =>
  error.issues.map((i) => `${i.path.join('.') || '(line)'}: ${i.message}`).join('; ');

function json(text: string, file: string, line?: number): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new StoreFileError(
      file,
      line,
      `not JSON (${JSON.stringify(text.slice(0, 60))}); a torn last line is repaired on its own, this one is not the last`,
    );
  }
}

export function parseStateOp(text: string, file: string, line: number): StateOp {
  const result = stateOp.safeParse(json(text, file, line));
  if (!result.success) throw new StoreFileError(file, line, `not a journal entry: ${describe(result.error)}`);
  return result.data as StateOp;
}

export function parseSnapshot(value: unknown, file: string): Snapshot {
  const result = snapshot.safeParse(value);
  if (!result.success) throw new StoreFileError(file, undefined, `not a store snapshot: ${describe(result.error)}`);
  return result.data as unknown as Snapshot;
}

/** Cheap check first (a million events are read at start-up), zod only for the message. */
export function checkEvent(value: unknown, file: string, line: number): ProgressEvent {
  const e = value as Partial<ProgressEvent> | null;
  if (
    e &&
    typeof e === 'object' &&
    typeof e.type === 'string' &&
    typeof e.at === 'string' &&
    typeof e.uid === 'string' &&
    typeof e.channel === 'string'
  ) {
    return e as ProgressEvent;
  }
  const result = event.safeParse(value);
  throw new StoreFileError(
    file,
    line,
    `not a progress event: ${result.success ? 'bad shape' : describe(result.error)}`,
  );
}

export function parseEventLine(text: string, file: string, line: number): ProgressEvent {
  return checkEvent(json(text, file, line), file, line);
}
