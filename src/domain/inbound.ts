import type { Reply, SensitiveKind } from './messages.js';

/**
 * A webhook delivery acknowledged but not yet handled: kept until handled, so a crash loses none.
 * `body` holds only what handling needs, free text already redacted; `sensitive` says what kinds
 * of value were taken out, so the citizen is still warned.
 */
export interface PendingInbound {
  id: string;
  channel: string;
  body: unknown;
  at: string;
  sensitive?: SensitiveKind[];
  /** Set once handled: a restart sends these instead of handling the delivery again. */
  replies?: Reply[];
}
