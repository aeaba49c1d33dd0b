import { Router, json, type RequestHandler } from 'express';
import { z } from 'zod';
import type { ConversationCore } from '../core/conversation.js';
import { userKey } from '../core/conversation.js';
import type { InboxStore } from '../store/store.js';
import { HttpError } from './errors.js';
import { perIpLimit, perUserLimit, type SharedCounters } from './guards.js';
import { parseOr400 } from './validate.js';

// The page shows these to citizens, so they are in Vietnamese; each still starts with its field.
const userId = z
  .string()
  .regex(/^[A-Za-z0-9_.-]{1,64}$/, 'mã cuộc trò chuyện phải có 1–64 ký tự A-Z, a-z, 0-9, "_", "." hoặc "-"');

const chatBody = z
  .strictObject({
    userId,
    text: z.string().max(2000, 'tin nhắn dài quá (tối đa 2.000 ký tự), ông/bà gửi ngắn hơn nhé').optional(),
    payload: z.string().min(1, 'nút bấm không hợp lệ').max(200, 'nút bấm không hợp lệ (tối đa 200 ký tự)').optional(),
  })
  .refine((b) => (b.text === undefined) !== (b.payload === undefined), {
    message: 'cần đúng một trong "text" (tin nhắn) và "payload" (nút bấm)',
    path: ['text'],
  })
  .refine((b) => b.text === undefined || b.text.trim().length > 0, { message: 'tin nhắn đang trống', path: ['text'] });

export interface ChatLimits {
  perIpPerMinute: number;
  perUserPerMinute: number;
  /** Counters shared across instances; without them each process counts on its own. */
  counters?: SharedCounters;
}

export function chatRoutes(core: ConversationCore, store: InboxStore, limits: ChatLimits): Router {
  const router = Router();
  // Messages and polls are counted apart: an open page polls every 15 s, which must not use up
  // the messages of the people who share its address.
  const counters = limits.counters;
  const messageIpLimit = perIpLimit(limits.perIpPerMinute, counters?.('message-ip:'));
  const pollIpLimit = perIpLimit(limits.perIpPerMinute, counters?.('poll-ip:'));
  const userLimit = perUserLimit(
    limits.perUserPerMinute,
    (req) => (req.body as { userId?: unknown } | undefined)?.userId,
    counters?.('message-user:'),
  );
  const pollUserLimit = perUserLimit(limits.perUserPerMinute, (req) => req.query.userId, counters?.('poll-user:'));

  // Only well-formed messages count towards a citizen's limit: bad input is refused with 400 first.
  const validate: RequestHandler = (req, res, next) => {
    if (typeof req.body !== 'object' || req.body === null || Array.isArray(req.body))
      throw new HttpError(400, 'body: phải là một đối tượng JSON');
    res.locals.chat = parseOr400(chatBody, req.body);
    next();
  };

  router.post(
    '/api/chat',
    messageIpLimit,
    json({ limit: '64kb', type: () => true }),
    validate,
    userLimit,
    async (_req, res) => {
      const body = res.locals.chat as z.output<typeof chatBody>;
      const outcome = await core.handle({
        channel: 'web',
        userId: body.userId,
        ...(body.text !== undefined ? { text: body.text } : {}),
        ...(body.payload !== undefined ? { payload: body.payload } : {}),
        at: new Date(),
      });
      res.json(outcome);
    },
  );

  router.get('/api/chat/messages', pollIpLimit, pollUserLimit, async (req, res) => {
    const query = parseOr400(z.object({ userId, after: z.string().max(100).optional() }), req.query);
    const all = await store.inbox(userKey('web', query.userId));
    const messages = query.after ? all.filter((m) => m.id > query.after!) : all;
    res.json({
      messages: messages.map((m) => ({
        id: m.id,
        text: m.text,
        ...(m.buttons ? { buttons: m.buttons } : {}),
        at: m.at,
        ...(m.from ? { from: m.from } : {}),
      })),
      cursor: messages.at(-1)?.id ?? query.after ?? '',
    });
  });

  return router;
}
