import express, { type Express } from 'express';
import { fileURLToPath } from 'node:url';
import type { ConversationCore } from '../core/conversation.js';
import type { Store } from '../store/types.js';
import { chatRoutes } from './chat-routes.js';
import { HttpError, errorHandler } from './errors.js';

export interface AppOptions {
  core: ConversationCore;
  store: Store;
  log?: (message: string, error?: unknown) => void;
}

const PUBLIC_DIR = fileURLToPath(new URL('../../public', import.meta.url));

/** The express app: web chat page and API, health check. Channels add their webhooks to it. */
export function createApp({ core, store, log = (m, e) => console.error(m, e) }: AppOptions): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', 'loopback');

  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  app.use(chatRoutes(core, store));
  app.use(express.static(PUBLIC_DIR, { index: 'index.html', maxAge: '1h' }));
  app.use((_req, _res, next) => next(new HttpError(404, 'not found')));
  app.use(errorHandler(log));
  return app;
}
