import { Router, json, type RequestHandler } from 'express';
import { z } from 'zod';
import type { ConversationCore } from '../core/conversation.js';
import { userKey } from '../core/conversation.js';
import type { Store } from '../store/types.js';
import { HttpError } from './errors.js';
import { perIpLimit, perUserLimit } from './guards.js';
import { parseOr400 } from './validate.js';

const userId = z.string().regex(/^[A-Za-z0-9_.-]{1,64}$/, 'must be 1-64 characters of A-Z, a-z, 0-9, "_", "." or "-"');

const chatBody = z
  .strictObject({
    userId,
    text: z.string().max(2000, 'must be at most 2000 characters').optional(),
    payload: z.string().min(1).max(200, 'must be at most 200 characters').optional(),
  })
  .refine((b) => (b.text === undefined) !== (b.payload === undefined), {
    message: 'give exactly one of "text" and "payload"',
    path: ['text'],
  })
  .refine((b) => b.text === undefined || b.text.trim().length > 0, { message: 'must not be empty', path: ['text'] });

export interface ChatLimits {
  perIpPerMinute: number;
  perUserPerMinute: number;
}

export function chatRoutes(core: ConversationCore, store: Store, limits: ChatLimits): Router {
  const router = Router();
  const ipLimit = perIpLimit(limits.perIpPerMinute);
  const userLimit = perUserLimit(limits.perUserPerMinute, (req) => (req.body as { userId?: unknown } | undefined)?.userId);

  // Only well-formed messages count towards a citizen's limit: bad input is refused with 400 first.
  const validate: RequestHandler = (req, res, next) => {
    if (typeof req.body !== 'object' || req.body === null || Array.isArray(req.body)) throw new HttpError(400, 'body: must be a JSON object');
    res.locals.chat = parseOr400(chatBody, req.body);
    next();
  };

  router.post('/api/chat', ipLimit, json({ limit: '64kb', type: () => true }), validate, userLimit, async (_req, res) => {
    const body = res.locals.chat as z.output<typeof chatBody>;
    const outcome = await core.handle({
      channel: 'web',
      userId: body.userId,
      ...(body.text !== undefined ? { text: body.text } : {}),
      ...(body.payload !== undefined ? { payload: body.payload } : {}),
      at: new Date(),
    });
    res.json(outcome);
  });

  router.get('/api/chat/messages', ipLimit, (req, res) => {
    const query = parseOr400(z.object({ userId, after: z.string().max(100).optional() }), req.query);
    const all = store.inbox(userKey('web', query.userId));
    const messages = query.after ? all.filter((m) => m.id > query.after!) : all;
    res.json({
      messages: messages.map((m) => ({ id: m.id, text: m.text, ...(m.buttons ? { buttons: m.buttons } : {}), at: m.at, ...(m.from ? { from: m.from } : {}) })),
      cursor: messages.at(-1)?.id ?? query.after ?? '',
    });
  });

  return router;
}
