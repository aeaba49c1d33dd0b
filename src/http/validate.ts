import type { z } from 'zod';
import { HttpError } from './errors.js';

/**
 * Parses with a zod schema, or throws a 400 whose message starts with the field at fault.
 * With `messages` (e.g. `vietnameseIssues`), zod's own messages are written by that map.
 */
export function parseOr400<T>(schema: z.ZodType<T>, value: unknown, messages?: z.core.$ZodErrorMap): T {
  const result = schema.safeParse(value, messages ? { error: messages } : undefined);
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  if (issue.code === 'unrecognized_keys') {
    const where = issue.path.length ? issue.path.join('.') : 'body';
    throw new HttpError(
      400,
      messages ? `${where}: ${issue.message}` : `body: unknown field(s) ${issue.keys.join(', ')}`,
    );
  }
  const field = issue.path.length ? issue.path.join('.') : 'body';
  throw new HttpError(400, `${field}: ${issue.message}`);
}
