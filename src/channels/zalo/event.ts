import { z } from 'zod';

/** A Zalo OA webhook event. Ids stay strings: Zalo's exceed 2^53. */
export const zaloEvent = z.looseObject({
  app_id: z.string(),
  event_name: z.string(),
  timestamp: z.string(),
  sender: z.looseObject({ id: z.string() }).optional(),
  follower: z.looseObject({ id: z.string() }).optional(),
  user_id: z.string().optional(),
  message: z.looseObject({ msg_id: z.string().optional(), text: z.string().optional() }).optional(),
});
export type ZaloEvent = z.output<typeof zaloEvent>;

/** Whose event it is: one person's events are handled in order. */
export const personOf = (e: ZaloEvent) => e.sender?.id ?? e.follower?.id ?? e.user_id ?? '';

/** What handling needs of an event, and nothing else: the text goes through `hide` (redaction). */
export function minimise(e: ZaloEvent, hide: (text: string) => string): ZaloEvent {
  return {
    app_id: e.app_id,
    event_name: e.event_name,
    timestamp: e.timestamp,
    ...(e.sender ? { sender: { id: e.sender.id } } : {}),
    ...(e.follower ? { follower: { id: e.follower.id } } : {}),
    ...(e.user_id ? { user_id: e.user_id } : {}),
    ...(e.message
      ? {
          message: {
            ...(e.message.msg_id ? { msg_id: e.message.msg_id } : {}),
            ...(e.message.text !== undefined ? { text: hide(e.message.text) } : {}),
          },
        }
      : {}),
  };
}
