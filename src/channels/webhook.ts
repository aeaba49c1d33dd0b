import express, { Router } from 'express';
import type { InboundStore } from '../store/store.js';
import type { ChannelAdapter } from './adapter.js';
import { deliveryKey } from './inbound-queue.js';

/**
 * The webhook tail every channel shares, the way grammY's `webhookCallback` does it once for every
 * framework: the adapter's cheap check before the body is read, the raw body (signatures cover it
 * byte for byte), the adapter's verification and reading, then de-duplication by delivery id, the
 * durable write (`accept`), and the 200 — the work itself happens after the answer.
 */
export function webhookRoutes<Body>(
  adapter: ChannelAdapter<Body>,
  store: InboundStore,
  accept: (id: string, body: Body) => Promise<void>,
): Router {
  const spec = adapter.webhook;
  const router = Router();
  router.post(
    spec.path,
    (req, res, next) => {
      const refused = spec.precheck((name) => req.get(name));
      if (refused) return void res.status(refused.status).json(refused.body);
      next();
    },
    express.raw({ type: () => true, limit: '64kb' }),
    async (req, res, next) => {
      const raw = Buffer.isBuffer(req.body) ? req.body.toString('utf8') : '';
      const read = spec.read(raw, (name) => req.get(name));
      if ('status' in read) return void res.status(read.status).json(read.body);
      const id = deliveryKey(adapter.channel, read.id);
      if (!(await store.markSeen(id))) return void res.json({ ok: true, duplicate: true });
      accept(id, read.body).then(
        () => res.json({ ok: true }),
        (error) => next(error),
      );
    },
  );
  return router;
}
