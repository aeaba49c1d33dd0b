import type { FlowBook } from '../flows/flow-book.js';
import { MENU_BUTTON } from './messages.js';
import { own } from '../lib/own.js';
import type { Turn } from './turn.js';
import type { Outcome } from '../domain/messages.js';

export const CONFIRM_DELETE = 'confirm-delete';

const STATUS: Record<string, string> = { 'in-progress': 'đang làm', completed: 'đã xong', cancelled: 'đã dừng' };

/** "dữ liệu của tôi": everything the bot keeps about this person, in plain words. */
export function myData(turn: Turn, flows: FlowBook, handoffNote?: string): Outcome {
  const user = turn.user;
  const lines = Object.entries(user.flows).map(
    ([id, r]) => `• ${flows.get(id)?.title ?? id}: ${own(STATUS, r.status) ?? r.status}`,
  );
  const text =
    'Tôi đang lưu về ông/bà:\n' +
    `• Khu vực: ${user.area ?? 'chưa cho biết'}\n` +
    `• Nhận tin nhắc: ${user.reminders ? 'có' : 'không'}\n` +
    `• Các hướng dẫn:\n${lines.length ? lines.join('\n') : '  (chưa có)'}\n` +
    'Tôi không lưu nội dung tin nhắn, trừ câu hỏi tôi chưa trả lời được (đã che các số nhạy cảm, không kèm tên).' +
    (handoffNote ? `\n${handoffNote}` : '');
  return turn.say('my-data', text, [{ title: 'Xóa dữ liệu của tôi', payload: 'cmd:delete-data' }, MENU_BUTTON]);
}

/** "xóa dữ liệu của tôi": asks first, since it cannot be undone. */
export function askToDelete(turn: Turn): Outcome {
  turn.user.awaiting = CONFIRM_DELETE;
  return turn.say(
    'delete-data',
    'Ông/Bà có chắc muốn xóa mọi dữ liệu tôi lưu về ông/bà không? Các bước đang làm dở cũng bị xóa, không lấy lại được.\n' +
      'Bấm "Xóa" hoặc gõ "đồng ý xóa" để xác nhận.',
    [
      { title: 'Xóa', payload: 'cmd:delete-confirm' },
      { title: 'Không xóa', payload: 'cmd:delete-cancel' },
    ],
  );
}

/** Confirmed: the core erases the person once this turn ends. */
export function deleteConfirmed(turn: Turn): Outcome {
  turn.erase = true;
  return turn.say(
    'delete-confirm',
    'Đã xóa toàn bộ dữ liệu tôi lưu về ông/bà. Nếu nhắn tiếp, ông/bà sẽ được coi như người mới.',
  );
}

export function deleteCancelled(turn: Turn): Outcome {
  turn.user.awaiting = undefined;
  return turn.say('delete-cancel', 'Đã giữ nguyên, tôi không xóa gì.', [MENU_BUTTON]);
}
