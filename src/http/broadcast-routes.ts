import type { Router } from 'express';
import { validate as validCron } from 'node-cron';
import { z } from 'zod';
import type { AreaList } from '../content/areas.js';
import type { FlowBook } from '../flows/flow-book.js';
import type { AudiencePreview } from '../reminders/audience.js';
import type { Scheduler } from '../reminders/scheduler.js';
import type { Audience, Broadcast } from '../domain/outreach.js';
import type { OutreachStore, Store } from '../store/store.js';
import type { Scope } from './admin-auth.js';
import { HttpError } from './errors.js';
import { parseOr400 } from './validate.js';
import { vietnameseIssues } from './vi-errors.js';

export interface BroadcastRouteOptions {
  store: OutreachStore & Pick<Store, 'flush'>;
  scheduler: Scheduler;
  flows: FlowBook;
  areas: AreaList;
  /** Who a broadcast would reach now, by delivery's own rules. */
  preview: (audience: Audience) => Promise<AudiencePreview>;
  now?: () => Date;
}

/** Who may see or cancel a broadcast: admins all; a team only those aimed at one of its areas. */
function visible(scope: Scope, broadcast: Broadcast): boolean {
  return scope.all || (broadcast.audience.area !== undefined && scope.areas.has(broadcast.audience.area));
}

/** A team may reach only one of its own areas; an admin anyone. */
function checkAudience(scope: Scope, audience: Audience): void {
  if (!scope.all && (!audience.area || !scope.areas.has(audience.area))) {
    throw new HttpError(403, 'audience.area: tổ chỉ được gửi tin cho một khu vực của mình');
  }
}

/** POST/GET/DELETE /admin/api/broadcasts and the preview, on a router that already checked the token. */
export function addBroadcastRoutes(router: Router, options: BroadcastRouteOptions): void {
  const now = options.now ?? (() => new Date());
  const audience = z
    .strictObject({
      area: z
        .string()
        .refine((a) => options.areas.get(a), 'không có khu vực này')
        .optional(),
      flow: z
        .string()
        .refine((f) => options.flows.get(f), 'không có hướng dẫn này')
        .optional(),
      status: z.enum(['not-started', 'in-progress', 'completed']).optional(),
    })
    .default({});
  const body = z
    .strictObject({
      text: z.string().trim().min(1, 'không được để trống').max(2000, 'dài tối đa 2000 ký tự'),
      buttons: z
        .array(
          z.strictObject({
            title: z.string().trim().min(1).max(40),
            payload: z.string().regex(/^[\x21-\x7e]{1,64}$/, 'phải gồm 1–64 ký tự ASCII, không dấu cách'),
          }),
        )
        .max(3)
        .optional(),
      audience,
      at: z
        .string()
        .refine((s) => !Number.isNaN(Date.parse(s)), 'phải là thời điểm dạng ISO, ví dụ 2026-12-01T08:00:00+07:00')
        .refine((s) => Date.parse(s) > now().getTime() - 60_000, 'không được là thời điểm đã qua')
        .optional(),
      cron: z
        .string()
        .refine((c) => validCron(c), 'không phải biểu thức cron hợp lệ, ví dụ "0 8 * * 1" (8 giờ sáng thứ Hai)')
        .optional(),
    })
    .refine((b) => !(b.at && b.cron), {
      message: 'chỉ chọn một: "at" (một lần) hoặc "cron" (lặp lại)',
      path: ['cron'],
    });

  router.post('/admin/api/broadcasts', async (req, res) => {
    const input = parseOr400(body, req.body, vietnameseIssues);
    const scope = res.locals.scope as Scope;
    checkAudience(scope, input.audience);
    const broadcast = options.scheduler.create(input, scope.all ? 'admin' : [...scope.areas].join(','), now());
    await options.store.flush();
    res.status(201).location(`/admin/api/broadcasts/${broadcast.id}`).json({ id: broadcast.id });
  });

  const previewBody = z.strictObject({ audience });
  router.post('/admin/api/broadcasts/preview', async (req, res) => {
    const input = parseOr400(previewBody, req.body ?? {}, vietnameseIssues);
    checkAudience(res.locals.scope as Scope, input.audience);
    res.json(await options.preview(input.audience));
  });

  router.get('/admin/api/broadcasts', async (_req, res) => {
    const scope = res.locals.scope as Scope;
    const list = (await options.store.broadcasts())
      .filter((b) => visible(scope, b))
      .sort((a, b) => b.createdAt.localeCompare(a.createdAt));
    res.json({
      broadcasts: await Promise.all(list.map(async (b) => ({ ...b, ...(await options.scheduler.counts(b)) }))),
    });
  });

  const find = async (id: string, scope: Scope) => {
    const broadcast = await options.store.getBroadcast(id);
    if (!broadcast) throw new HttpError(404, 'id: không có tin nhắc này');
    if (!visible(scope, broadcast)) throw new HttpError(403, 'id: tin nhắc này thuộc khu vực khác');
    return broadcast;
  };

  router.get('/admin/api/broadcasts/:id', async (req, res) => {
    const broadcast = await find(req.params.id!, res.locals.scope as Scope);
    res.json({
      id: broadcast.id,
      text: broadcast.text,
      audience: broadcast.audience,
      at: broadcast.at,
      cron: broadcast.cron,
      ...(await options.scheduler.counts(broadcast)),
    });
  });

  router.delete('/admin/api/broadcasts/:id', async (req, res) => {
    const broadcast = await find(req.params.id!, res.locals.scope as Scope);
    await options.scheduler.cancel(broadcast);
    await options.store.flush();
    res.json({ id: broadcast.id, status: 'cancelled' });
  });
}
