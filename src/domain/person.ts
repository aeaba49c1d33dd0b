// A citizen as the bot knows them: their record and where they are in a guided flow.
import type { Channel } from './messages.js';

/** Where a citizen is inside a guided flow: small, versioned, saved after every transition. */
export interface FlowPosition {
  flowId: string;
  version: number;
  stepId: string;
  /** Unclear answers in a row at this step. */
  attempts: number;
  /** Steps behind this one, newest last, for "quay lại". */
  trail: string[];
  startedAt: string;
  updatedAt: string;
}

export type FlowStatus = 'in-progress' | 'completed' | 'cancelled';

export interface FlowRecord {
  status: FlowStatus;
  startedAt: string;
  updatedAt: string;
}

export interface UserRecord {
  /** `${channel}:${channelUserId}` */
  key: string;
  channel: Channel;
  channelUserId: string;
  createdAt: string;
  /** Last message, follow or button tap: Zalo only allows free messages for a while after it. */
  lastSeenAt: string;
  area?: string;
  reminders: boolean;
  /** False once the person unfollowed or blocked the bot. */
  active: boolean;
  /** The channel refused to deliver (e.g. Zalo's messaging window closed); cleared when they write again. */
  unreachable?: string;
  session?: FlowPosition;
  flows: Record<string, FlowRecord>;
  /** Unclear messages in a row outside any flow. */
  unclear: number;
  /** A question the bot asked and is waiting for ("confirm-delete", "area"). */
  awaiting?: string;
  /** The bot asked once for the commune/ward; it does not ask again on its own. */
  areaAsked?: boolean;
  /** Payloads of the buttons last shown (at most a handful), so a typed "2" presses the second. */
  lastButtons?: string[];
  /**
   * The random pseudonym this person's progress events carry. Kept only here, so erasing the
   * record unlinks the events from the person without touching the event log.
   */
  uid?: string;
}
