import { Router, json } from 'express';
import type { Scheduler } from '../reminders/scheduler.js';
import type { Store } from '../store/types.js';
import { addBackupRoute } from './backup-route.js';
import { addBroadcastRoutes } from './broadcast-routes.js';
import { z } from 'zod';
import type { AreaList } from '../areas.js';
import type { FlowBook } from '../flows/flow-book.js';
import { reportCsv } from '../progress/stats-csv.js';
import type { StatsIndex } from '../progress/stats-index.js';
import { buildReport } from '../progress/stats-report.js';
import { adminAuth, scopedAreas, tokenTable, type Scope } from './admin-auth.js';
import { parseOr400 } from './validate.js';

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;
const time = z
  .string()
  .refine((s) => !Number.isNaN(Date.parse(s)), 'must be a date (2026-01-31) or an ISO time')
  .optional();

export interface AdminOptions {
  index: StatsIndex;
  flows: FlowBook;
  areas: AreaList;
  store: Store;
  scheduler: Scheduler;
  adminToken?: string;
  teamTokens?: string;
}

/** The admin API: statistics as JSON and CSV, behind bearer tokens. */
export function adminRoutes(options: AdminOptions): Router {
  const router = Router();
  const query = z.object({
    from: time,
    to: time,
    area: z
      .string()
      .refine((a) => options.areas.get(a), 'unknown area')
      .optional(),
    channel: z.enum(['web', 'zalo', 'telegram']).optional(),
  });

  router.use('/admin/api', ...adminAuth(tokenTable(options.adminToken, options.teamTokens)), json({ limit: '64kb' }));
  addBroadcastRoutes(router, options);
  addBackupRoute(router, options.store);

  const report = (req: Parameters<Parameters<typeof router.get>[1]>[0], scope: Scope) => {
    const q = parseOr400(query, req.query);
    // A date alone means the whole day, in Vietnam time.
    const from = q.from ? new Date(DATE_ONLY.test(q.from) ? `${q.from}T00:00:00+07:00` : q.from) : undefined;
    const to = q.to ? new Date(DATE_ONLY.test(q.to) ? `${q.to}T23:59:59.999+07:00` : q.to) : undefined;
    const areas = scopedAreas(scope, q.area);
    return buildReport(options.index, options.flows, options.areas, {
      ...(from ? { from } : {}),
      ...(to ? { to } : {}),
      ...(areas ? { areas } : {}),
      ...(q.channel ? { channel: q.channel } : {}),
    });
  };

  router.get('/admin/api/stats', (req, res) => {
    res.json(report(req, res.locals.scope as Scope));
  });
  router.get('/admin/api/stats.csv', (req, res) => {
    res.type('text/csv; charset=utf-8').attachment('thong-ke.csv').send(reportCsv(report(req, res.locals.scope as Scope)));
  });
  router.get('/admin/api/areas', (_req, res) => {
    const scope = res.locals.scope as Scope;
    res.json({ areas: options.areas.all().filter((a) => scope.all || scope.areas.has(a.id)).map((a) => ({ id: a.id, name: a.name })) });
  });
  return router;
}
