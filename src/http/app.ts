import express, { type Express } from 'express';
import { fileURLToPath } from 'node:url';
import type { ConversationCore } from '../core/conversation.js';
import type { Store } from '../store/types.js';
import type { Logger } from '../log.js';
import { chatRoutes, type ChatLimits } from './chat-routes.js';
import { securityHeaders } from './guards.js';
import { HttpError, errorHandler } from './errors.js';

export interface AppOptions {
  core: ConversationCore;
  store: Store;
  logger: Logger;
  limits: ChatLimits;
}

const PUBLIC_DIR = fileURLToPath(new URL('../../public', import.meta.url));

/** The express app: web chat page and API, health check. Channels add their webhooks to it. */
export function createApp({ core, store, logger, limits }: AppOptions): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', 'loopback');
  app.use(securityHeaders());

  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  app.use(chatRoutes(core, store, limits));
  app.use(express.static(PUBLIC_DIR, { index: 'index.html', maxAge: '1h' }));
  app.use((_req, _res, next) => next(new HttpError(404, 'not found')));
  app.use(errorHandler((message, error) => logger.error({ err: error }, message)));
  return app;
}
