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
  return turn.reply('change-area', askForArea(turn));
}

export function skipArea(turn: Turn): Outcome {
  turn.user.awaiting = undefined;
  return turn.say('area-skip', 'Đã bỏ qua. Khi muốn, ông/bà gõ "đổi khu vực" để cho biết xã, phường.', [MENU_BUTTON]);
}

/** The answer to the area question, or undefined when the message is about something else. */
export function answerArea(turn: Turn, areas: AreaList): Outcome | undefined {
  turn.user.awaiting = undefined;
  if (SKIP.has(answerKey(turn.text))) return skipArea(turn);
  const area = areas.find(turn.text);
  if (!area) return undefined;
  turn.user.area = area.id;
  turn.emit('area_set', { area: area.id });
  return turn.say('area-set', `Cảm ơn ông/bà. Đã ghi: ${area.name}. Muốn đổi, gõ "đổi khu vực".`, [MENU_BUTTON]);
}
