import { createHash, timingSafeEqual } from 'node:crypto';
import type { RequestHandler } from 'express';
import { rateLimit, type Store as RateLimitStore } from 'express-rate-limit';
import { HttpError } from './errors.js';

/** What a token may see: everything, or only some areas. */
export type Scope = { all: true } | { all: false; areas: Set<string> };

interface TokenEntry {
  digest: Buffer;
  scope: Scope;
}

const digest = (token: string) => createHash('sha256').update(token).digest();

/** Parses ADMIN_TOKEN and TEAM_TOKENS (`token:areaId,areaId;token2:areaId`). */
export function tokenTable(adminToken: string | undefined, teamTokens: string | undefined): TokenEntry[] {
  const table: TokenEntry[] = [];
  if (adminToken) table.push({ digest: digest(adminToken), scope: { all: true } });
  for (const part of (teamTokens ?? '').split(';').filter(Boolean)) {
    const [token, areas] = part.split(':') as [string, string];
    table.push({ digest: digest(token), scope: { all: false, areas: new Set(areas.split(',')) } });
  }
  return table;
}

/** Every entry is compared, in constant time, so timing tells nothing about which token was close. */
function lookup(table: TokenEntry[], presented: string): Scope | undefined {
  const candidate = digest(presented);
  let found: Scope | undefined;
  for (const entry of table) if (timingSafeEqual(entry.digest, candidate) && !found) found = entry.scope;
  return found;
}

/**
 * Requires `Authorization: Bearer <token>` and puts the token's scope in `res.locals.scope`.
 * The token is checked first, in constant time: a valid one always gets in. Only refused tokens
 * count, ten a minute per client address (`req.ip`, which follows the `trust proxy` setting);
 * past that a wrong token is answered 429 instead of 401 until the minute is over. With `counters`
 * (the PostgreSQL store's), the count holds across every instance.
 * @example app.use('/admin/api', adminAuth(tokenTable(process.env.ADMIN_TOKEN, process.env.TEAM_TOKENS)))
 */
export function adminAuth(table: TokenEntry[], counters?: RateLimitStore): RequestHandler[] {
  const failures = rateLimit({
    // Shared by the instances on one database when given, so a guesser gains nothing by spreading.
    ...(counters ? { store: counters } : {}),
    windowMs: 60_000,
    limit: 10,
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    message: { error: 'too many failed attempts; wait a minute' },
  });
  const check: RequestHandler = (req, res, next) => {
    const header = req.get('authorization') ?? '';
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    const scope = match ? lookup(table, match[1]!) : undefined;
    if (scope) {
      res.locals.scope = scope;
      return next();
    }
    // A failure: counted, and refused with 429 once there were too many from this address.
    void failures(req, res, () => {
      res.set('WWW-Authenticate', 'Bearer');
      next(new HttpError(401, 'authorization: a valid Bearer token is required'));
    });
  };
  return [check];
}

/** The areas a request may see, given its token's scope and an optional `area` it asked for. */
export function scopedAreas(scope: Scope, asked: string | undefined): Set<string> | undefined {
  if (scope.all) return asked ? new Set([asked]) : undefined;
  if (asked) {
    if (!scope.areas.has(asked)) throw new HttpError(403, "area: outside this token's areas");
    return new Set([asked]);
  }
  return scope.areas;
}
