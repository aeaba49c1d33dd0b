// A handoff case: a citizen asked for a person; the team of their area answers in the dashboard.
import type { Channel } from './messages.js';

export type CaseAuthor = 'citizen' | 'team' | 'bot';

export interface CaseMessage {
  from: CaseAuthor;
  /** Redacted: no ID, phone or card number, OTP or password is kept here. */
  text: string;
  at: string;
  /** A team message: the outbox row that delivers it (server-side only). */
  row?: string;
}

export interface HandoffCase {
  id: string;
  channel: Channel;
  /** `${channel}:${channelUserId}`: kept server-side, never shown to a team. */
  userKey: string;
  /** The commune/ward id; absent when the person has not said (the province answers). */
  area?: string;
  status: 'open' | 'closed';
  openedAt: string;
  lastTeamReplyAt?: string;
  closedAt?: string;
  /** Who closed it: the team, the citizen, or the clock (24 h without a team reply). */
  closedBy?: 'team' | 'citizen' | 'timeout';
  messages: CaseMessage[];
}

/** Messages kept per case, newest kept. */
export const CASE_MESSAGE_LIMIT = 50;

/** A case closes itself after this long without a reply from the team. */
export const CASE_TIMEOUT_MS = 24 * 3_600_000;

/** Closed cases are kept this long, then removed. */
export const CLOSED_CASE_KEEP_MS = 30 * 24 * 3_600_000;
