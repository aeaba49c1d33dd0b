// What passes between a citizen and the bot, whichever channel carries it.

export type Channel = 'web' | 'zalo' | 'telegram';

/** One message from a citizen, the same shape whichever channel it came through. */
export interface Inbound {
  channel: Channel;
  userId: string;
  messageId?: string;
  text?: string;
  payload?: string;
  at: Date;
  /** The webhook delivery it came in: marked handled in the same write as its effects. */
  delivery?: string;
  /** Kinds of sensitive value the channel already took out of `text` before storing it. */
  sensitive?: SensitiveKind[];
}

export interface Button {
  title: string;
  /** Short ASCII key (Telegram allows 64 bytes of callback data). */
  payload: string;
}

export interface Reply {
  text: string;
  buttons?: Button[];
}

export type MatchKind = 'flow' | 'flow-step' | 'knowledge' | 'command' | 'fallback';

/** How a message was understood (the web chat API's `match`). */
export interface Match {
  kind: MatchKind;
  id?: string;
  score?: number;
  step?: string;
  completed?: true;
}

export interface Outcome {
  replies: Reply[];
  match: Match;
}

export type SensitiveKind = 'id-number' | 'phone' | 'card' | 'otp' | 'password';

/** A message pushed to a web chat user (reminders, broadcasts). */
export interface InboxMessage {
  /** Sorts in the order messages were pushed: the cursor of GET /api/chat/messages. */
  id: string;
  /** What the message delivers (an outbox row): a second push of the same ref is ignored. */
  ref?: string;
  text: string;
  buttons?: Button[];
  at: string;
  /** Who sent it, as the web page shows it ("Tổ công nghệ số cộng đồng", "Trợ lý Công dân số"). */
  from?: string;
}
