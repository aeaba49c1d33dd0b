import type { Logger } from '../../lib/log.js';
import type { Button } from '../../domain/messages.js';
import type { SendResult } from '../../domain/outreach.js';
import type { ZaloConfig } from './config.js';
import type { ZaloTokenStore } from './tokens.js';

const TOKEN_ERRORS = new Set([-216, -220]);
/** Not a follower, blocked, inactive, restricted: the person cannot be reached. */
const USER_GONE = new Set([-213, -217, -227, -244]);
/** Outside the messaging window. */
const WINDOW = new Set([-230, -232]);
const BAD_REQUEST = new Set([-201, -233]);
const RATE_LIMITED = -32;
const OUT_OF_QUOTA = -211;

/** Zalo answers HTTP 200 even when it fails; this is its body. */
interface ZaloAnswer {
  error: number;
  message?: string;
  data?: { message_id?: string };
}

/** A small typed client for the OA consultation-message API. */
export class ZaloClient {
  constructor(
    private readonly config: ZaloConfig,
    private readonly tokens: ZaloTokenStore,
    private readonly logger: Logger,
  ) {}

  /** Sends one text (≤ 2,000 characters) with up to 5 buttons, refreshing the token once if Zalo says it expired. */
  async sendText(userId: string, text: string, buttons: Button[] = []): Promise<SendResult> {
    const message: Record<string, unknown> = { text };
    if (buttons.length) {
      message.attachment = {
        type: 'template',
        payload: {
          buttons: buttons
            .slice(0, 5)
            .map((b) => ({ title: b.title.slice(0, 100), type: 'oa.query.hide', payload: b.payload })),
        },
      };
    }
    const body = JSON.stringify({ recipient: { user_id: userId }, message });
    let token: string;
    try {
      token = await this.tokens.accessToken();
    } catch (error) {
      return {
        ok: false,
        permanent: false,
        reason: `zalo token: ${(error as Error).message}`,
        retryAfterMs: 5 * 60_000,
      };
    }
    let answer = await this.post(token, body);
    if (!answer.ok) return answer.result;
    if (TOKEN_ERRORS.has(answer.body.error)) {
      try {
        token = await this.tokens.refresh(token);
      } catch (error) {
        return {
          ok: false,
          permanent: false,
          reason: `zalo token refresh: ${(error as Error).message}`,
          retryAfterMs: 5 * 60_000,
        };
      }
      answer = await this.post(token, body);
      if (!answer.ok) return answer.result;
    }
    return this.interpret(answer.body);
  }

  private async post(
    token: string,
    body: string,
  ): Promise<{ ok: true; body: ZaloAnswer } | { ok: false; result: SendResult }> {
    try {
      const res = await fetch(`${this.config.ZALO_API_BASE}/v3.0/oa/message/cs`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', access_token: token },
        body,
      });
      if (res.status >= 500 || res.status === 429)
        return { ok: false, result: { ok: false, permanent: false, reason: `HTTP ${res.status}` } };
      const parsed = (await res.json()) as ZaloAnswer;
      if (typeof parsed?.error !== 'number')
        return { ok: false, result: { ok: false, permanent: false, reason: 'unreadable answer' } };
      return { ok: true, body: parsed };
    } catch (error) {
      return {
        ok: false,
        result: { ok: false, permanent: false, reason: `request failed: ${(error as Error).message}` },
      };
    }
  }

  private interpret(answer: ZaloAnswer): SendResult {
    const code = answer.error;
    if (code === 0) return { ok: true };
    const reason = `zalo ${code} ${answer.message ?? ''}`.trim();
    if (code === RATE_LIMITED) return { ok: false, permanent: false, reason, retryAfterMs: 60_000 };
    if (USER_GONE.has(code)) return { ok: false, permanent: true, reason, userGone: true };
    if (WINDOW.has(code)) return { ok: false, permanent: true, reason: `zalo-window (${code})`, outsideWindow: true };
    if (BAD_REQUEST.has(code)) {
      this.logger.error(
        { code, message: answer.message },
        'zalo refused a request as malformed: a bug in how we build it',
      );
      return { ok: false, permanent: true, reason };
    }
    if (code === OUT_OF_QUOTA) {
      this.logger.error({ code }, 'ZALO QUOTA EXHAUSTED: no more messages can be sent until it is raised');
      return { ok: false, permanent: false, reason, retryAfterMs: 15 * 60_000 };
    }
    if (TOKEN_ERRORS.has(code)) return { ok: false, permanent: false, reason, retryAfterMs: 5 * 60_000 };
    this.logger.warn({ code, message: answer.message }, 'zalo send failed');
    return { ok: false, permanent: true, reason };
  }
}
