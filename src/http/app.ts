import express, { type Express, type Router } from 'express';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { adminRoutes, type AdminOptions } from './admin-routes.js';
import type { ConversationCore } from '../core/conversation.js';
import type { InboxStore } from '../store/store.js';
import type { Logger } from '../lib/log.js';
import { chatRoutes, type ChatLimits } from './chat-routes.js';
import { securityHeaders } from './guards.js';
import { HttpError, errorHandler } from './errors.js';

export interface AppOptions {
  core: ConversationCore;
  store: InboxStore;
  logger: Logger;
  limits: ChatLimits;
  admin: AdminOptions;
  /** Webhook routers of the channels that are on. */
  channelRoutes?: Router[];
  /** Each channel's state for /healthz: "ok", "degraded" or "off". */
  health?: () => Record<string, string>;
  /** Express's `trust proxy`: which proxies' X-Forwarded-Proto and X-Forwarded-For are believed. */
  trustProxy?: boolean | number | string;
}

const PUBLIC_DIR = fileURLToPath(new URL('../../public', import.meta.url));
// chart.js exports no subpath for its browser bundle: find it beside the package's main file.
const CHART_JS = join(dirname(createRequire(import.meta.url).resolve('chart.js')), 'chart.umd.js');

/** The express app: web chat page and API, health check. Channels add their webhooks to it. */
export function createApp({
  core,
  store,
  logger,
  limits,
  admin,
  channelRoutes = [],
  health = () => ({}),
  trustProxy = 'loopback',
}: AppOptions): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', trustProxy);
  app.use(securityHeaders());

  app.get('/healthz', (_req, res) => {
    // 200 while the server serves: a degraded channel does not stop the others.
    const channels = { web: 'ok', ...health() };
    res.json({ status: Object.values(channels).includes('degraded') ? 'degraded' : 'ok', channels });
  });
  // Webhooks are not limited per address: all of an OA's deliveries come from Zalo's (or Telegram's)
  // servers. Each checks its signature or secret before reading the body instead.
  for (const routes of channelRoutes) app.use(routes);
  app.use(chatRoutes(core, store, limits));
  app.use(adminRoutes(admin));
  // The dashboard's chart library, served from the project: no CDN.
  app.get('/admin/vendor/chart.umd.js', (_req, res) => res.sendFile(CHART_JS, { maxAge: '1d' }));
  app.use(express.static(PUBLIC_DIR, { index: 'index.html', maxAge: '1h' }));
  app.use((_req, _res, next) => next(new HttpError(404, 'not found')));
  app.use(errorHandler((message, error) => logger.error({ err: error }, message)));
  return app;
}
