import type { Update } from 'telegraf/types';

type Chat = { id: number; type: string };
type Slim = {
  message_id: number;
  date: number;
  chat: Chat;
  from?: { id: number; is_bot: boolean; first_name: string };
  text?: string;
  photo?: [];
};

/** Whose update it is: one person's updates are handled in order. */
export function personOf(update: Update): string {
  const u = update as { message?: { chat?: { id?: number } }; callback_query?: { from?: { id?: number } } };
  return String(u.message?.chat?.id ?? u.callback_query?.from?.id ?? '');
}

/**
 * What handling needs of an update, and nothing else: no names, usernames or other fields; the
 * text goes through `hide` (redaction). A message that is not text keeps only that fact.
 */
export function minimise(update: Update, hide: (text: string) => string): Update {
  const u = update as {
    update_id: number;
    message?: Record<string, unknown> & Slim;
    callback_query?: { id: string; from: { id: number }; data?: string; message?: Slim };
  };
  const chat = (c: Chat) => ({ id: c.id, type: c.type });
  const from = (f?: { id: number; is_bot?: boolean }) =>
    f ? { from: { id: f.id, is_bot: f.is_bot ?? false, first_name: '' } } : {};
  const slim: Record<string, unknown> = { update_id: u.update_id };
  if (u.message) {
    const m = u.message;
    slim.message = {
      message_id: m.message_id,
      date: m.date,
      chat: chat(m.chat),
      ...from(m.from),
      ...(typeof m.text === 'string' ? { text: hide(m.text) } : { photo: [] }),
    } satisfies Slim;
  }
  if (u.callback_query) {
    const q = u.callback_query;
    slim.callback_query = {
      id: q.id,
      from: { id: q.from.id, is_bot: false, first_name: '' },
      chat_instance: '',
      ...(q.data !== undefined ? { data: q.data } : {}),
      ...(q.message
        ? { message: { message_id: q.message.message_id, date: q.message.date, chat: chat(q.message.chat) } }
        : {}),
    };
  }
  return slim as unknown as Update;
}
