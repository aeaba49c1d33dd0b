import { isIP } from 'node:net';
import { z } from 'zod';

const port = z.coerce.number().int().min(0).max(65535);

/** One entry of express's `trust proxy` list: a name express knows, an address, or a subnet. */
const proxyEntry = (entry: string) => {
  if (['loopback', 'linklocal', 'uniquelocal'].includes(entry)) return true;
  const [address = '', prefix] = entry.split('/');
  if (!isIP(address)) return false;
  return prefix === undefined || /^\d{1,3}$/.test(prefix) || isIP(prefix) === 4;
};

/**
 * Express's `trust proxy` value: `true`/`false`, a number of hops, or addresses, subnets and the
 * names loopback, linklocal, uniquelocal, comma-separated. Only a request from a trusted proxy has
 * its X-Forwarded-Proto (https) and X-Forwarded-For believed.
 */
const trustProxy = z
  .string()
  .trim()
  .refine(
    (v) => v === 'true' || v === 'false' || /^\d+$/.test(v) || v.split(',').every((e) => proxyEntry(e.trim())),
    'must be true, false, a number of hops, or addresses/subnets such as loopback or 10.0.0.0/8, comma-separated',
  )
  .transform((v): boolean | number | string =>
    v === 'true' ? true : v === 'false' ? false : /^\d+$/.test(v) ? Number(v) : v,
  );

const schema = z.object({
  PORT: port.default(3000),
  HOST: z.string().default('0.0.0.0'),
  DATA_DIR: z.string().min(1).default('./data'),
  /** Which proxies in front of the server are believed about the client's address and https. */
  TRUST_PROXY: trustProxy.default('loopback'),
  CONTENT_DIR: z.string().min(1).default('.'),
  /**
   * Web chat requests per minute per client address (messages and polls counted apart); 0 turns the
   * limit off. High on purpose: a commune office or a mobile carrier puts many citizens behind one
   * address, so the per-citizen limit below is the main guard.
   */
  RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(0).default(1200),
  /** Messages per minute per citizen (web user id); 0 turns the limit off. */
  USER_RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(0).default(60),
  /** At a stop, requests in progress get this long before their connections are closed. */
  STOP_GRACE_SECONDS: z.coerce.number().min(0).max(600).default(10),
  /** No reminders in these hours, Vietnam time ("21:00-07:00"); empty turns quiet hours off. */
  QUIET_HOURS: z.string().default('21:00-07:00'),
  /** Nudge a citizen who has not moved inside a flow for this many days. */
  NUDGE_AFTER_DAYS: z.coerce.number().positive().default(3),
  /** How often the reminder scheduler runs. */
  REMINDER_TICK_SECONDS: z.coerce.number().int().min(1).max(59).default(10),
  /** After an erasure, old copies of the person's record leave the disk within this many seconds. */
  ERASURE_PURGE_SECONDS: z.coerce.number().int().min(0).max(86_400).default(600),
  /** Finished reminder rows (sent, failed, skipped, unknown) are kept this many days, then only counted. */
  OUTBOX_KEEP_DAYS: z.coerce.number().int().min(14).default(30),
  /** A person silent this long is forgotten (their record; their anonymous events stay). */
  INACTIVE_USER_DAYS: z.coerce.number().int().min(30).default(365),
  /** Unanswered questions kept for the statistics: the most asked, the long tail dropped. */
  UNANSWERED_KEEP: z.coerce.number().int().min(50).default(2000),
  /** The province's communes and wards. */
  AREAS_FILE: z.string().min(1).default('knowledge/areas/quang-ninh.yaml'),
  /** Sees every statistic and may broadcast anywhere. Without it the admin API answers 401. */
  ADMIN_TOKEN: z.string().min(16, 'must be at least 16 characters').optional(),
  /** Community team tokens scoped to areas: `token:areaId,areaId;token2:areaId`. */
  TEAM_TOKENS: z
    .string()
    .regex(
      /^[^:;\s]{16,}:[a-z0-9-]+(,[a-z0-9-]+)*(;[^:;\s]{16,}:[a-z0-9-]+(,[a-z0-9-]+)*)*$/,
      'must look like token:areaId,areaId;token2:areaId (tokens of 16+ characters)',
    )
    .optional(),
  /**
   * PostgreSQL instead of the file store: several instances may share the database. Unset: the
   * embedded file store in DATA_DIR.
   */
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\/\S+$/, 'must be a postgres:// URL (postgres://user:password@host:5432/database)')
    .optional(),
});

export type Config = z.output<typeof schema>;

/** The settings read here (the channels read their own: see their config modules). */
export const CORE_SETTINGS = Object.keys(schema.shape);

/** Reads the settings from the environment; an invalid value stops start-up with its name. */
export function readConfig(env: NodeJS.ProcessEnv = process.env): Config {
  // An empty value means "not set", except QUIET_HOURS, where empty turns quiet hours off.
  const result = schema.safeParse(
    Object.fromEntries(Object.entries(env).filter(([k, v]) => v !== '' || k === 'QUIET_HOURS')),
  );
  if (!result.success) {
    const problems = result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new Error(`invalid configuration: ${problems}`);
  }
  return result.data;
}
