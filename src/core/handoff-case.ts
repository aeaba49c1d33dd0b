// A handoff case: a citizen asked for a person; the team of their area answers in the dashboard.
import { redact } from '../lib/redact.js';
import {
  CASE_MESSAGE_LIMIT,
  CASE_TIMEOUT_MS,
  type CaseAuthor,
  type CaseMessage,
  type HandoffCase,
} from '../domain/handoff.js';

const TEXT_LIMIT = 1000;

/** A copy of the case with one more message, redacted and capped. */
export function withMessage(c: HandoffCase, from: CaseAuthor, text: string, at: Date, row?: string): HandoffCase {
  const message: CaseMessage = {
    from,
    text: redact(text).slice(0, TEXT_LIMIT),
    at: at.toISOString(),
    ...(row ? { row } : {}),
  };
  return { ...c, messages: [...c.messages, message].slice(-CASE_MESSAGE_LIMIT) };
}

/** When the case closes itself unless the team answers. */
export function expiresAt(c: HandoffCase): number {
  return Date.parse(c.lastTeamReplyAt ?? c.openedAt) + CASE_TIMEOUT_MS;
}
