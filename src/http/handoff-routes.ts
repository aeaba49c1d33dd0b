import type { Router } from 'express';
import { z } from 'zod';
import type { AreaList } from '../content/areas.js';
import type { HandoffCase } from '../domain/handoff.js';
import { expiresAt } from '../core/handoff-case.js';
import { CaseRefused, type HandoffDesk, type Unreachable } from '../core/handoff-desk.js';
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
  const view = async (c: HandoffCase) => {
    const [area, until, unreachable, rows] = await Promise.all([
      handoffs.areaOf(c),
      handoffs.replyableUntil(c),
      c.status === 'open' ? handoffs.unreachable(c) : undefined,
      Promise.all(c.messages.map((m) => handoffs.delivery(m.row))),
    ]);
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
      messages: c.messages.map((m, i) => {
        const row = rows[i];
        return { from: m.from, text: m.text, at: m.at, ...(row ? { delivery: row.status } : {}) };
      }),
    };
  };

  const find = async (id: string, scope: Scope) => {
    const c = await handoffs.get(id);
    if (!c) throw new HttpError(404, 'id: không có yêu cầu hỗ trợ này');
    if (!scope.all && !scope.areas.has((await handoffs.areaOf(c)) ?? ''))
      throw new HttpError(403, 'id: yêu cầu này thuộc khu vực ngoài phạm vi của mã truy cập');
    return c;
  };

  router.get('/admin/api/handoffs', async (req, res) => {
    const { status } = parseOr400(listQuery, req.query);
    const scope = res.locals.scope as Scope;
    const list = await handoffs.list(scope.all ? undefined : scope.areas, status);
    res.json({
      handoffs: await Promise.all(list.map(view)),
      open: status === 'open' ? list.length : await handoffs.countOpen(scope.all ? undefined : scope.areas),
    });
  });

  // The status and reachability are checked again inside the change (the citizen's turn): a case
  // that closed or a person who left meanwhile is refused the same way.
  router.post('/admin/api/handoffs/:id/replies', async (req, res) => {
    const c = await find(req.params.id!, res.locals.scope as Scope);
    const { text } = parseOr400(replyBody, req.body ?? {});
    const updated = await refusedAs409(() => handoffs.reply(c, text), CLOSED_REPLY);
    res.status(201).json(await view(updated));
  });

  router.post('/admin/api/handoffs/:id/close', async (req, res) => {
    const c = await find(req.params.id!, res.locals.scope as Scope);
    res.json(await view(await refusedAs409(() => handoffs.close(c), 'id: yêu cầu này đã đóng rồi')));
  });
}

const CLOSED_REPLY = 'id: yêu cầu này đã đóng, không gửi trả lời được nữa';

async function refusedAs409<T>(change: () => Promise<T>, closed: string): Promise<T> {
  try {
    return await change();
  } catch (error) {
    if (!(error instanceof CaseRefused)) throw error;
    throw new HttpError(409, error.why === 'closed' ? closed : WHY_NOT[error.why]);
  }
}
