// Progress events: the append-only record the indicators are computed from.
import type { Channel } from './messages.js';

export type ProgressEventType =
  | 'flow_started'
  | 'step_entered'
  | 'milestone'
  | 'flow_completed'
  | 'flow_cancelled'
  | 'kb_answered'
  | 'kb_unmatched'
  | 'reminder_sent'
  | 'reminder_failed'
  | 'reminder_skipped'
  | 'opted_out'
  | 'opted_in'
  | 'data_deleted'
  /** The person told us (or changed) their commune/ward. */
  | 'area_set';

/** An append-only progress record. `uid` is a pseudonym, never the channel's user id. */
export interface ProgressEvent {
  type: ProgressEventType;
  at: string;
  uid: string;
  channel: Channel;
  area?: string;
  flow?: string;
  step?: string;
  milestone?: string;
  topic?: string;
  /** Redacted text of a question the bot could not answer. */
  text?: string;
  reason?: string;
}
