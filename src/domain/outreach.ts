import type { Button, Channel } from './messages.js';

export type FlowStatusFilter = 'not-started' | 'in-progress' | 'completed';

export interface Audience {
  area?: string;
  flow?: string;
  status?: FlowStatusFilter;
}

export type BroadcastStatus = 'scheduled' | 'sending' | 'done' | 'cancelled';

export interface Broadcast {
  id: string;
  text: string;
  buttons?: Button[];
  audience: Audience;
  /** One-off: when to send (ISO). */
  at?: string;
  /** Recurring: a cron expression in Asia/Ho_Chi_Minh. */
  cron?: string;
  status: BroadcastStatus;
  createdAt: string;
  /** "admin", or the team's areas. */
  createdBy: string;
  /** Recurring broadcasts: minutes up to this time have been checked for runs. */
  checkedUntil?: string;
  runs: number;
  /** Counts of this broadcast's rows dropped after their retention period. */
  archived?: { sent: number; failed: number; skipped: number; unknown: number };
}

export type OutboxStatus = 'pending' | 'sending' | 'sent' | 'failed' | 'skipped' | 'unknown';

/** One message to one person: the unit a crash can neither lose nor repeat. */
export interface OutboxRow {
  id: string;
  /** The broadcast, "nudge", "reply" (a held-back bot reply) or "handoff" (a team's message in a case). */
  broadcastId: string;
  /** Handoff rows: the case the message belongs to. */
  handoff?: string;
  /** Nudges: the flow the person stalled in (the nudge is dropped once it is finished). */
  flow?: string;
  userKey: string;
  channel: Channel;
  text: string;
  buttons?: Button[];
  createdAt: string;
  /** Not before this time (quiet hours, rate-limit waits, retries). */
  notBefore: string;
  status: OutboxStatus;
  attempts: number;
  reason?: string;
}

/** Rows that answer a person (not reminders): opt-out and quiet hours do not hold them back. */
export const isAnswer = (row: OutboxRow) => row.broadcastId === 'reply' || row.broadcastId === 'handoff';

/** What a channel says about one send. */
export type SendResult =
  | { ok: true }
  /** Do not retry: blocked, not a follower, outside the messaging window... */
  | { ok: false; permanent: true; reason: string; userGone?: boolean }
  /** Try again later: rate limited (retryAfterMs) or a passing server error. */
  | { ok: false; permanent: false; reason: string; retryAfterMs?: number };

export interface Sender {
  channel: Channel;
  /** Messages per second across all chats. */
  perSecond: number;
  /** Minimum milliseconds between two messages to one chat. */
  perChatGapMs: number;
  /**
   * The send is itself a store write, made durable with the row's new status (the web inbox): no
   * `sending` marker is needed, and nothing rings, so quiet hours do not apply.
   */
  sendIsStoreWrite?: boolean;
  send(row: OutboxRow): Promise<SendResult>;
}
