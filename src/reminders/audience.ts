import type { Channel } from '../domain/messages.js';
import type { UserRecord } from '../domain/person.js';
import type { Audience } from '../domain/outreach.js';

/** Whether a person belongs to a broadcast's audience (reminder choice is checked at delivery). */
export function inAudience(user: UserRecord, audience: Audience): boolean {
  if (audience.area && user.area !== audience.area) return false;
  if (audience.flow) {
    const record = user.flows[audience.flow];
    switch (audience.status) {
      case 'not-started':
        return !record;
      case 'in-progress':
        return record?.status === 'in-progress';
      case 'completed':
        return record?.status === 'completed';
      default:
        return true;
    }
  }
  if (audience.status) {
    const statuses = Object.values(user.flows).map((r) => r.status);
    if (audience.status === 'not-started') return statuses.length === 0;
    return statuses.includes(audience.status);
  }
  return true;
}

/** What a message is, as far as the person's own rules go. */
export interface MessageKind {
  channel: Channel;
  /** A reply to the person (not a reminder): opt-out does not apply. */
  reply?: boolean;
  /** A nudge about this flow: dropped once the person has left it. */
  flow?: string;
}

/** Which channels are on, and how long after a person's last message each lets us write (none: always). */
export interface ChannelRules {
  on(channel: Channel): boolean;
  windowMs(channel: Channel): number | undefined;
}

/**
 * Why a message to this person would be skipped at `now`, or undefined when it may go. Delivery
 * decides with this, and so does the composer's preview, so the two cannot disagree.
 */
export function skipReason(
  user: UserRecord | undefined,
  message: MessageKind,
  now: Date,
  channels: ChannelRules,
): string | undefined {
  if (!user) return 'user-deleted';
  if (!user.active) return 'inactive';
  if (user.unreachable) return `unreachable: ${user.unreachable}`;
  if (!user.reminders && !message.reply) return 'opted-out';
  if (message.flow && user.session?.flowId !== message.flow) return 'flow-finished';
  if (!channels.on(message.channel)) return 'channel-off';
  const windowMs = channels.windowMs(message.channel);
  // 'zalo-window': the name the figures and the composer have always used for this reason.
  if (windowMs !== undefined && now.getTime() - Date.parse(user.lastSeenAt) > windowMs) return 'zalo-window';
  return undefined;
}

export interface AudiencePreview {
  /** People in the audience, sent or skipped. */
  total: number;
  recipients: number;
  skipped: { optedOut: number; outsideWindow: number; inactive: number; unreachable: number; channelOff: number };
}

/** Who a broadcast to this audience would reach at `now`, and how many would be skipped, by reason. */
export async function previewAudience(
  users: AsyncIterable<UserRecord>,
  audience: Audience,
  now: Date,
  channels: ChannelRules,
): Promise<AudiencePreview> {
  const preview: AudiencePreview = {
    total: 0,
    recipients: 0,
    skipped: { optedOut: 0, outsideWindow: 0, inactive: 0, unreachable: 0, channelOff: 0 },
  };
  for await (const user of users) {
    if (!inAudience(user, audience)) continue;
    preview.total++;
    const reason = skipReason(user, { channel: user.channel }, now, channels);
    if (!reason) preview.recipients++;
    else if (reason === 'opted-out') preview.skipped.optedOut++;
    else if (reason === 'zalo-window') preview.skipped.outsideWindow++;
    else if (reason === 'inactive') preview.skipped.inactive++;
    else if (reason === 'channel-off') preview.skipped.channelOff++;
    else preview.skipped.unreachable++;
  }
  return preview;
}
