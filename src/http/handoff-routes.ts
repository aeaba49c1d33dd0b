import type { Router } from 'express';
import { z } from 'zod';
import type { AreaList } from '../content/areas.js';
import type { HandoffCase } from '../domain/handoff.js';
import { expiresAt } from '../core/handoff-case.js';
import type { HandoffDesk, Unreachable } from '../core/handoff-desk.js';
import type { Scope } from './admin-auth.js';
import { HttpError } from './errors.js';
import { parseOr400 } from './validate.js';

export interface HandoffRouteOptions {
  handoffs: HandoffDesk;
  areas: AreaList;
}

const WHY_NOT: Record<Unreachable, string> = {
  'zalo-window':
    'Không gửi được: người dân nhắn Zalo lần cuối đã quá 48 giờ, Zalo không cho gửi tin tư vấn nữa. Hãy gọi điện cho người dân, hoặc chờ họ nhắn lại.',
  gone: 'Không gửi được: người dân đã bỏ theo dõi hoặc chặn tài khoản của trợ lý.',
  erased: 'Không gửi được: người dân đã xóa dữ liệu của mình.',
};

const listQuery = z.object({
  status: z
    .enum(['open', 'closed'], { message: 'trạng thái phải là "open" (đang mở) hoặc "closed" (đã đóng)' })
    .default('open'),
});
const replyBody = z.strictObject(
  {
    text: z
      .string({ message: 'cần nội dung trả lời (chữ)' })
      .trim()
      .min(1, 'nội dung trả lời không được để trống')
      .max(2000, 'nội dung trả lời dài tối đa 2000 ký tự'),
  },
  { message: 'nội dung gửi lên phải là {"text": "..."}' },
);

/** GET /admin/api/handoffs, POST …/:id/replies and …/:id/close, on a router that already checked the token. */
export function addHandoffRoutes(router: Router, { handoffs, areas }: HandoffRouteOptions): void {
  const visible = (scope: Scope, c: HandoffCase) => scope.all || scope.areas.has(handoffs.areaOf(c) ?? '');

  const view = (c: HandoffCase) => {
    const area = handoffs.areaOf(c);
    const until = handoffs.replyableUntil(c);
    const unreachable = c.status === 'open' ? handoffs.unreachable(c) : undefined;
    return {
      id: c.id,
      channel: c.channel,
      area: area ?? null,
      areaName: area ? (areas.get(area)?.name ?? area) : null,
      status: c.status,
      openedAt: c.openedAt,
      ...(c.lastTeamReplyAt ? { lastTeamReplyAt: c.lastTeamReplyAt } : {}),
      ...(c.status === 'open'
        ? { closesAt: new Date(expiresAt(c)).toISOString() }
        : { closedAt: c.closedAt, closedBy: c.closedBy }),
      ...(until ? { replyableUntil: until.toISOString() } : {}),
      canReply: c.status === 'open' && !unreachable,
      ...(unreachable ? { cannotReply: WHY_NOT[unreachable] } : {}),
      messages: c.messages.map((m) => {
        const row = handoffs.delivery(m.row);
        return { from: m.from, text: m.text, at: m.at, ...(row ? { delivery: row.status } : {}) };
      }),
    };
  };

  const find = (id: string, scope: Scope) => {
    const c = handoffs.get(id);
    if (!c) throw new HttpError(404, 'id: không có yêu cầu hỗ trợ này');
    if (!visible(scope, c)) throw new HttpError(403, 'id: yêu cầu này thuộc khu vực ngoài phạm vi của mã truy cập');
    return c;
  };

  router.get('/admin/api/handoffs', (req, res) => {
    const { status } = parseOr400(listQuery, req.query);
    const scope = res.locals.scope as Scope;
    const list = handoffs.list(scope.all ? undefined : scope.areas, status);
    res.json({
      handoffs: list.map(view),
      open: status === 'open' ? list.length : handoffs.countOpen(scope.all ? undefined : scope.areas),
    });
  });

  router.post('/admin/api/handoffs/:id/replies', async (req, res) => {
    const c = find(req.params.id!, res.locals.scope as Scope);
    const { text } = parseOr400(replyBody, req.body ?? {});
    if (c.status !== 'open') throw new HttpError(409, 'id: yêu cầu này đã đóng, không gửi trả lời được nữa');
    const unreachable = handoffs.unreachable(c);
    if (unreachable) throw new HttpError(409, WHY_NOT[unreachable]);
    const updated = await handoffs.reply(c, text);
    res.status(201).json(view(updated));
  });

  router.post('/admin/api/handoffs/:id/close', async (req, res) => {
    const c = find(req.params.id!, res.locals.scope as Scope);
    if (c.status !== 'open') throw new HttpError(409, 'id: yêu cầu này đã đóng rồi');
    res.json(view(await handoffs.close(c)));
  });
}
