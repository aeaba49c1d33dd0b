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

/**
 * What an outbox row carries: a broadcast's message, a nudge to someone who stalled in a flow, a
 * bot reply a channel held back (rate limit, passing failure), or a team's message in a handoff case.
 */
export type OutboxKind = 'broadcast' | 'nudge' | 'reply' | 'handoff';

/** One message to one person: the unit a crash can neither lose nor repeat. */
export interface OutboxRow {
  id: string;
  kind: OutboxKind;
  /** Broadcast rows: the broadcast. Other kinds have none. */
  broadcastId?: string;
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
export const isAnswer = (row: OutboxRow) => row.kind === 'reply' || row.kind === 'handoff';

/** Rows written before rows said what they are carried it in `broadcastId`. */
export function kindOfLegacyRow(broadcastId: string | undefined): OutboxKind {
  return broadcastId === 'nudge' || broadcastId === 'reply' || broadcastId === 'handoff' ? broadcastId : 'broadcast';
}

/**
 * One retry policy for every message, wherever it is tried (a live reply, then the outbox): at most
 * this many tries in all, waiting `retryDelayMs` between them unless the platform says how long.
 */
export const MAX_SEND_ATTEMPTS = 5;
export const retryDelayMs = (attempts: number) => Math.min(15 * 60_000, 2 ** attempts * 1000);

/** What a channel says about one send. */
export type SendResult =
  | { ok: true }
  /** Do not retry: blocked, not a follower (`userGone`), outside the messaging window (`outsideWindow`)... */
  | { ok: false; permanent: true; reason: string; userGone?: boolean; outsideWindow?: boolean }
  /** Try again later: rate limited (retryAfterMs) or a passing server error. */
  | { ok: false; permanent: false; reason: string; retryAfterMs?: number };

export interface Sender {
  channel: Channel;
  /** Messages per second across all chats. */
  perSecond: number;
  /** Minimum milliseconds between two messages to one chat. */
  perChatGapMs: number;
  /** The platform lets us write only this long after the person's last message (Zalo: 48 hours). */
  windowMs?: number;
  /**
   * The send is itself a store write, made durable with the row's new status (the web inbox): no
   * `sending` marker is needed, and nothing rings, so quiet hours do not apply.
   */
  sendIsStoreWrite?: boolean;
  /** The sender records a refusal on the person itself (gone, outside the window): delivery need not. */
  recordsRefusals?: boolean;
  send(row: OutboxRow): Promise<SendResult>;
}
