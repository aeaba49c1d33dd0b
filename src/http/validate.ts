import type { z } from 'zod';
import { HttpError } from './errors.js';

/** Parses with a zod schema, or throws a 400 whose message starts with the field at fault. */
export function parseOr400<T>(schema: z.ZodType<T>, value: unknown): T {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  if (issue.code === 'unrecognized_keys') throw new HttpError(400, `body: unknown field(s) ${issue.keys.join(', ')}`);
  const field = issue.path.length ? issue.path.join('.') : 'body';
  throw new HttpError(400, `${field}: ${issue.message}`);
}
