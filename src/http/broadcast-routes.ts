import type { Router } from 'express';
import { validate as validCron } from 'node-cron';
import { z } from 'zod';
import type { AreaList } from '../areas.js';
import type { FlowBook } from '../flows/flow-book.js';
import type { Scheduler } from '../reminders/scheduler.js';
import type { Broadcast } from '../reminders/types.js';
import type { Store } from '../store/types.js';
import type { Scope } from './admin-auth.js';
import { HttpError } from './errors.js';
import { parseOr400 } from './validate.js';

export interface BroadcastRouteOptions {
  store: Store;
  scheduler: Scheduler;
  flows: FlowBook;
  areas: AreaList;
  now?: () => Date;
}

/** Who may see or cancel a broadcast: admins all; a team only those aimed at one of its areas. */
function visible(scope: Scope, broadcast: Broadcast): boolean {
  return scope.all || (broadcast.audience.area !== undefined && scope.areas.has(broadcast.audience.area));
}

/** POST/GET/DELETE /admin/api/broadcasts, on a router that already checked the token. */
export function addBroadcastRoutes(router: Router, options: BroadcastRouteOptions): void {
  const now = options.now ?? (() => new Date());
  const body = z
    .strictObject({
      text: z.string().trim().min(1, 'must not be empty').max(2000, 'must be at most 2000 characters'),
      buttons: z
        .array(z.strictObject({ title: z.string().trim().min(1).max(40), payload: z.string().regex(/^[\x21-\x7e]{1,64}$/, 'must be 1-64 ASCII characters') }))
        .max(3)
        .optional(),
      audience: z
        .strictObject({
          area: z.string().refine((a) => options.areas.get(a), 'unknown area').optional(),
          flow: z.string().refine((f) => options.flows.get(f), 'unknown flow').optional(),
          status: z.enum(['not-started', 'in-progress', 'completed']).optional(),
        })
        .default({}),
      at: z
        .string()
        .refine((s) => !Number.isNaN(Date.parse(s)), 'must be an ISO time')
        .refine((s) => Date.parse(s) > now().getTime() - 60_000, 'must not be in the past')
        .optional(),
      cron: z.string().refine((c) => validCron(c), 'must be a valid cron expression').optional(),
    })
    .refine((b) => !(b.at && b.cron), { message: 'give "at" or "cron", not both', path: ['cron'] });

  router.post('/admin/api/broadcasts', async (req, res) => {
    const input = parseOr400(body, req.body);
    const scope = res.locals.scope as Scope;
    if (!scope.all && (!input.audience.area || !scope.areas.has(input.audience.area))) {
      throw new HttpError(403, "audience.area: a team may broadcast only to one of its own areas");
    }
    const broadcast = options.scheduler.create(input, scope.all ? 'admin' : [...scope.areas].join(','), now());
    await options.store.flush();
    res.status(201).location(`/admin/api/broadcasts/${broadcast.id}`).json({ id: broadcast.id });
  });

  router.get('/admin/api/broadcasts', (_req, res) => {
    const scope = res.locals.scope as Scope;
    const list = [...options.store.allBroadcasts()].filter((b) => visible(scope, b)).sort((a, b) => b.createdAt.localeCompare(a.createdAt));
    res.json({ broadcasts: list.map((b) => ({ ...b, ...options.scheduler.counts(b) })) });
  });

  const find = (id: string, scope: Scope) => {
    const broadcast = options.store.getBroadcast(id);
    if (!broadcast) throw new HttpError(404, 'id: no such broadcast');
    if (!visible(scope, broadcast)) throw new HttpError(403, "id: outside this token's areas");
    return broadcast;
  };

  router.get('/admin/api/broadcasts/:id', (req, res) => {
    const broadcast = find(req.params.id!, res.locals.scope as Scope);
    res.json({ id: broadcast.id, text: broadcast.text, audience: broadcast.audience, at: broadcast.at, cron: broadcast.cron, ...options.scheduler.counts(broadcast) });
  });

  router.delete('/admin/api/broadcasts/:id', async (req, res) => {
    const broadcast = find(req.params.id!, res.locals.scope as Scope);
    options.scheduler.cancel(broadcast);
    await options.store.flush();
    res.json({ id: broadcast.id, status: 'cancelled' });
  });
}
