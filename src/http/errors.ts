import type { ErrorRequestHandler } from 'express';

/** A request the server refuses on purpose: status and a message naming what was wrong. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = 'HttpError';
  }
}

/**
 * The one place that turns errors into responses: `{"error": "..."}`, never a stack trace. The
 * messages a citizen may meet on the web chat are in Vietnamese.
 */
export function errorHandler(log: (message: string, error: unknown) => void): ErrorRequestHandler {
  return (error, _req, res, _next) => {
    if (error instanceof HttpError) {
      res.status(error.status).json({ error: error.message });
      return;
    }
    const e = error as { type?: string; status?: number };
    if (e.type === 'entity.too.large') {
      res.status(413).json({ error: 'body: nội dung lớn quá (tối đa 64 KB)' });
      return;
    }
    if (e.type === 'entity.parse.failed') {
      res.status(400).json({ error: 'body: không phải JSON hợp lệ' });
      return;
    }
    if (typeof e.status === 'number' && e.status >= 400 && e.status < 500) {
      res.status(e.status).json({ error: 'body: không đọc được nội dung' });
      return;
    }
    log('request failed', error);
    res.status(500).json({ error: 'Máy chủ đang gặp lỗi. Bạn thử lại sau ít phút nhé.' });
  };
}
