import type { AreaList } from '../content/areas.js';
import { MENU_BUTTON } from './messages.js';
import { answerKey } from '../lib/text/normalize.js';
import type { Turn } from './turn.js';
import type { Outcome, Reply } from '../domain/messages.js';

export const AWAITING_AREA = 'area';
const SKIP = new Set(['bo qua', 'khong', 'thoi', 'skip', 'khong muon', 'de sau', 'khong can']);

/** Asked once, after a first completed flow: optional, and only to count progress per commune. */
export function askForArea(turn: Turn): Reply {
  turn.user.awaiting = AWAITING_AREA;
  turn.user.areaAsked = true;
  return {
    text:
      'Để xã, phường biết bà con đã làm được đến đâu, ông/bà cho tôi biết ông/bà ở xã hoặc phường nào? Gõ tên, ví dụ "Việt Hưng".\n' +
      'Không muốn thì gõ "bỏ qua".',
    buttons: [{ title: 'Bỏ qua', payload: 'cmd:area-skip' }],
  };
}

/** "đổi khu vực": ask again. */
export function changeArea(turn: Turn): Outcome {
  return { replies: [askForArea(turn)], match: { kind: 'command', id: 'change-area' } };
}

export function skipArea(turn: Turn): Outcome {
  turn.user.awaiting = undefined;
  return {
    replies: [{ text: 'Đã bỏ qua. Khi muốn, ông/bà gõ "đổi khu vực" để cho biết xã, phường.', buttons: [MENU_BUTTON] }],
    match: { kind: 'command', id: 'area-skip' },
  };
}

/** The answer to the area question, or undefined when the message is about something else. */
export function answerArea(turn: Turn, areas: AreaList): Outcome | undefined {
  turn.user.awaiting = undefined;
  if (SKIP.has(answerKey(turn.text))) return skipArea(turn);
  const area = areas.find(turn.text);
  if (!area) return undefined;
  turn.user.area = area.id;
  turn.emit('area_set', { area: area.id });
  return {
    replies: [{ text: `Cảm ơn ông/bà. Đã ghi: ${area.name}. Muốn đổi, gõ "đổi khu vực".`, buttons: [MENU_BUTTON] }],
    match: { kind: 'command', id: 'area-set' },
  };
}
