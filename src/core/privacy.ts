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
  return {
    replies: [{ text, buttons: [{ title: 'Xóa dữ liệu của tôi', payload: 'cmd:delete-data' }, MENU_BUTTON] }],
    match: { kind: 'command', id: 'my-data' },
  };
}

/** "xóa dữ liệu của tôi": asks first, since it cannot be undone. */
export function askToDelete(turn: Turn): Outcome {
  turn.user.awaiting = CONFIRM_DELETE;
  return {
    replies: [
      {
        text:
          'Ông/Bà có chắc muốn xóa mọi dữ liệu tôi lưu về ông/bà không? Các bước đang làm dở cũng bị xóa, không lấy lại được.\n' +
          'Bấm "Xóa" hoặc gõ "đồng ý xóa" để xác nhận.',
        buttons: [
          { title: 'Xóa', payload: 'cmd:delete-confirm' },
          { title: 'Không xóa', payload: 'cmd:delete-cancel' },
        ],
      },
    ],
    match: { kind: 'command', id: 'delete-data' },
  };
}

/** Confirmed: the core erases the person once this turn ends. */
export function deleteConfirmed(turn: Turn): Outcome {
  turn.erase = true;
  return {
    replies: [{ text: 'Đã xóa toàn bộ dữ liệu tôi lưu về ông/bà. Nếu nhắn tiếp, ông/bà sẽ được coi như người mới.' }],
    match: { kind: 'command', id: 'delete-confirm' },
  };
}

export function deleteCancelled(turn: Turn): Outcome {
  turn.user.awaiting = undefined;
  return {
    replies: [{ text: 'Đã giữ nguyên, tôi không xóa gì.', buttons: [MENU_BUTTON] }],
    match: { kind: 'command', id: 'delete-cancel' },
  };
}
