// A number typed after a numbered list picks that option, as pressing its button would. The list
// is the last one the person was shown: its payloads are kept on their record.
import type { UserRecord } from '../domain/person.js';
import { answerKey } from '../lib/text/normalize.js';
import type { Reply } from '../domain/messages.js';

const NUMBER = /^(?:so |chon |bam |an |cau |y |muc |chon so )?(\d{1,2})$/;

/** The number a message types ("2", "số 2", "chọn 2"), or undefined. */
export function typedNumber(message: string): number | undefined {
  const match = NUMBER.exec(answerKey(message));
  return match ? Number(match[1]) : undefined;
}

/** Keeps the buttons of the last reply that has some; a reply without buttons keeps the earlier list. */
export function rememberButtons(user: UserRecord, replies: Reply[]): void {
  const last = [...replies].reverse().find((r) => r.buttons?.length);
  if (last) user.lastButtons = last.buttons!.map((b) => b.payload);
}
