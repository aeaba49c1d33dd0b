import { Router, json } from 'express';
import type { Scheduler } from '../reminders/scheduler.js';
import type { OutreachStore, Store } from '../store/store.js';
import { addBackupRoute } from './backup-route.js';
import { addBroadcastRoutes } from './broadcast-routes.js';
import type { AudiencePreview } from '../reminders/audience.js';
import type { Audience } from '../domain/outreach.js';
import type { Channel } from '../domain/messages.js';
import { addHandoffRoutes } from './handoff-routes.js';
import type { HandoffDesk } from '../core/handoff-desk.js';
import { z } from 'zod';
import type { AreaList } from '../content/areas.js';
import type { FlowBook } from '../flows/flow-book.js';
import { reportCsv, tableCsv } from '../progress/stats-csv.js';
import { statsTables, TABLE_NAMES } from '../progress/stats-tables.js';
import { reportXlsx } from '../progress/stats-xlsx.js';
import type { StatsIndex } from '../progress/stats-index.js';
import { buildReport } from '../progress/stats-report.js';
import { adminAuth, scopedAreas, tokenTable, type Scope } from './admin-auth.js';
import type { SharedCounters } from './guards.js';
import { parseOr400 } from './validate.js';
import { vietnameseIssues } from './vi-errors.js';

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;
const time = z
  .string()
  .refine((s) => !Number.isNaN(Date.parse(s)), 'phải là một ngày (2026-01-31) hoặc thời điểm ISO')
  .optional();

export interface AdminOptions {
  /** The statistics index, caught up with the event log. */
  stats: () => Promise<StatsIndex>;
  flows: FlowBook;
  areas: AreaList;
  store: OutreachStore & Pick<Store, 'flush' | 'copy'>;
  scheduler: Scheduler;
  /** Who a broadcast would reach now (the reminders' delivery rules). */
  preview: (audience: Audience) => Promise<AudiencePreview>;
  adminToken?: string;
  teamTokens?: string;
  /** Handoff cases: a citizen asked for a person. */
  handoffs: HandoffDesk;
  /** Every channel, for the statistics filter (the channel registry's list). */
  channels: readonly { id: Channel; label: string }[];
  /** Failed-login counters shared by the instances; absent: each process counts. */
  counters?: SharedCounters;
}

/** The admin API: statistics as JSON, CSV and Excel, and broadcasts, behind bearer tokens. */
export function adminRoutes(options: AdminOptions): Router {
  const router = Router();
  const query = z.object({
    from: time,
    to: time,
    area: z
      .string()
      .refine((a) => options.areas.get(a), 'không có khu vực này')
      .optional(),
    channel: z.enum(options.channels.map((c) => c.id)).optional(),
    /** stats.csv only: one table instead of all of them stacked. */
    table: z.enum(TABLE_NAMES).optional(),
  });

  router.use(
    '/admin/api',
    ...adminAuth(tokenTable(options.adminToken, options.teamTokens), options.counters?.('admin-failures:')),
    json({ limit: '64kb' }),
  );
  addBroadcastRoutes(router, options);
  addHandoffRoutes(router, options);
  addBackupRoute(router, options.store);

  const report = async (req: Parameters<Parameters<typeof router.get>[1]>[0], scope: Scope) => {
    const q = parseOr400(query, req.query, vietnameseIssues);
    // A date alone means the whole day, in Vietnam time.
    const from = q.from ? new Date(DATE_ONLY.test(q.from) ? `${q.from}T00:00:00+07:00` : q.from) : undefined;
    const to = q.to ? new Date(DATE_ONLY.test(q.to) ? `${q.to}T23:59:59.999+07:00` : q.to) : undefined;
    const areas = scopedAreas(scope, q.area);
    return buildReport(await options.stats(), options.flows, options.areas, {
      ...(from ? { from } : {}),
      ...(to ? { to } : {}),
      ...(areas ? { areas } : {}),
      ...(q.channel ? { channel: q.channel } : {}),
    });
  };

  router.get('/admin/api/stats', async (req, res) => {
    res.json(await report(req, res.locals.scope as Scope));
  });
  router.get('/admin/api/stats.csv', async (req, res) => {
    const stats = await report(req, res.locals.scope as Scope);
    const name = typeof req.query.table === 'string' ? req.query.table : undefined;
    const table = statsTables(stats).find((t) => t.name === name);
    res
      .type('text/csv; charset=utf-8')
      .attachment(table ? `thong-ke-${table.name}.csv` : 'thong-ke.csv')
      .send(table ? tableCsv(table) : reportCsv(stats));
  });
  router.get('/admin/api/stats.xlsx', async (req, res) => {
    const workbook = await reportXlsx(await report(req, res.locals.scope as Scope));
    res
      .type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
      .attachment('thong-ke.xlsx')
      .send(workbook);
  });
  // What the page needs to draw its forms: the token's role, its areas, the channels, the flows.
  router.get('/admin/api/areas', (_req, res) => {
    const scope = res.locals.scope as Scope;
    res.json({
      role: scope.all ? 'admin' : 'team',
      channels: options.channels,
      areas: options.areas
        .all()
        .filter((a) => scope.all || scope.areas.has(a.id))
        .map((a) => ({ id: a.id, name: a.name })),
    });
  });
  router.get('/admin/api/flows', (_req, res) => {
    res.json({ flows: options.flows.all().map((f) => ({ id: f.id, title: f.title, menuLabel: f.menuLabel })) });
  });
  return router;
}
