import pino, { type Logger } from 'pino';
import { redact } from './redact.js';

/** Header and field names whose values never reach the log. */
const SECRET_PATHS = [
  'token',
  'accessToken',
  'refreshToken',
  'access_token',
  'refresh_token',
  'secret',
  'signature',
  '*.token',
  '*.accessToken',
  '*.refreshToken',
  '*.access_token',
  '*.refresh_token',
  '*.secret',
  '*.signature',
  'headers.authorization',
  'headers["x-zevent-signature"]',
  'headers["x-telegram-bot-api-secret-token"]',
  'headers.access_token',
];

/** Fields that hold our own addresses, never a citizen's words. */
const PLAIN_FIELDS = new Set(['url', 'port', 'dataDir']);

/** Hides ID numbers, phone numbers, OTPs and passwords in any text a log line carries. */
function scrub(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return redact(value);
  if (depth > 4 || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((v) => scrub(v, depth + 1));
  if (value instanceof Error)
    return { type: value.name, message: redact(value.message), stack: value.stack && redact(value.stack) };
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, PLAIN_FIELDS.has(k) ? v : scrub(v, depth + 1)]));
}

/** Structured JSON logs with secrets and personal values removed. */
export function createLogger(options: { level?: string; destination?: pino.DestinationStream } = {}): Logger {
  return pino(
    {
      level: options.level ?? process.env.LOG_LEVEL ?? 'info',
      base: undefined,
      redact: { paths: SECRET_PATHS, censor: '[secret]' },
      formatters: { log: (object) => scrub(object) as Record<string, unknown> },
      hooks: {
        logMethod(args, method) {
          // the message string itself is scrubbed too
          if (typeof args[0] === 'string') args[0] = redact(args[0]);
          else if (typeof args[1] === 'string') args[1] = redact(args[1]);
          return method.apply(this, args);
        },
      },
    },
    options.destination,
  );
}

export type { Logger };
