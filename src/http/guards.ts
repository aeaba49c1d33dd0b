import type { RequestHandler } from 'express';
import { rateLimit, type Store as RateLimitStore } from 'express-rate-limit';
import helmet from 'helmet';

const passThrough: RequestHandler = (_req, res, next) => next();

/** Hit counters shared by every instance (the PostgreSQL store's); per process when absent. */
export type SharedCounters = (prefix: string) => RateLimitStore;

/**
 * Requests per minute per client address (`req.ip`, so it follows the `trust proxy` setting): a
 * flood brake only, high enough for a commune office or a carrier's shared address where many
 * citizens chat at once; `perMinute` 0 turns it off. The message is for citizens: Vietnamese.
 * @example router.post('/api/chat', perIpLimit(1200), handler)
 */
export function perIpLimit(perMinute: number, store?: RateLimitStore): RequestHandler {
  if (perMinute <= 0) return passThrough;
  return rateLimit({
    ...perMinuteWindow(perMinute),
    ...(store ? { store } : {}),
    message: { error: 'Hệ thống đang nhận quá nhiều tin nhắn từ mạng của ông/bà. Vui lòng đợi một phút rồi gửi lại.' },
  });
}

const perMinuteWindow = (limit: number) => ({
  windowMs: 60_000,
  limit,
  standardHeaders: 'draft-8' as const,
  legacyHeaders: false,
});

/**
 * Messages per minute per citizen, keyed by what `keyOf` reads from the parsed request: the main
 * guard of the web chat, since one address may be shared by many citizens.
 * @example router.post('/api/chat', json(), perUserLimit(60, (req) => req.body?.userId), handler)
 */
export function perUserLimit(
  perMinute: number,
  keyOf: (req: Parameters<RequestHandler>[0]) => unknown,
  store?: RateLimitStore,
): RequestHandler {
  if (perMinute <= 0) return passThrough;
  return rateLimit({
    ...perMinuteWindow(perMinute),
    ...(store ? { store } : {}),
    keyGenerator: (req) => {
      const key = keyOf(req);
      return typeof key === 'string' && key.length <= 200 ? `user:${key}` : 'user:?';
    },
    message: { error: 'Bạn gửi nhanh quá. Vui lòng đợi một phút rồi gửi tiếp.' },
  });
}

/**
 * Security headers for every response, with a content security policy the web chat and /admin work
 * under. HSTS and `upgrade-insecure-requests` only when the request came over HTTPS (directly, or
 * through a proxy trusted by `trust proxy` that says X-Forwarded-Proto: https): over plain HTTP on a
 * LAN host name they would send the browser to an https:// that does not exist.
 */
export function securityHeaders(): RequestHandler {
  const directives = {
    'default-src': ["'self'"],
    'script-src': ["'self'"],
    'style-src': ["'self'"],
    'img-src': ["'self'", 'data:'],
    'connect-src': ["'self'"],
    'frame-ancestors': ["'none'"],
    'form-action': ["'self'"],
  };
  const overHttps = helmet({
    contentSecurityPolicy: { useDefaults: true, directives },
    crossOriginEmbedderPolicy: false,
  });
  const overHttp = helmet({
    contentSecurityPolicy: { useDefaults: true, directives: { ...directives, 'upgrade-insecure-requests': null } },
    crossOriginEmbedderPolicy: false,
    strictTransportSecurity: false,
  });
  return (req, res, next) => (req.secure ? overHttps : overHttp)(req, res, next);
}
