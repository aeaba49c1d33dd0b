// The bot's words around a handoff to a person. Contacts come from the area list, never from here.
import type { Area, Contact } from '../content/areas.js';
import { HUMAN_HELP, MENU_BUTTON } from './messages.js';
import type { Button, Reply } from '../domain/messages.js';

export const END_BUTTON: Button = { title: 'Kết thúc hỗ trợ', payload: 'cmd:handoff-end' };
const AREA_BUTTON: Button = { title: 'Cho biết xã, phường', payload: 'cmd:change-area' };

/** Who answers: the community team of the person's area, or the province's support when the area is unknown. */
export const whoAnswers = (area: Area | undefined) =>
  area ? `Tổ công nghệ số cộng đồng ${area.name}` : 'Cán bộ hỗ trợ của tỉnh';

/** "in working hours", with the hours only when the area file gives them. */
function when(contacts: Contact[]): string {
  const hours = [...new Set(contacts.map((c) => c.hours).filter((h): h is string => !!h))];
  return hours.length ? `trong giờ làm việc (${hours.join('; ')})` : 'trong giờ làm việc';
}

/** A phone number grouped the way it is read aloud: "1900 0368", "0912 345 678". */
export function spacedPhone(digits: string): string {
  if (/^1[89]00\d{4}$/.test(digits)) return `${digits.slice(0, 4)} ${digits.slice(4)}`;
  if (/^0\d{9}$/.test(digits)) return `${digits.slice(0, 4)} ${digits.slice(4, 7)} ${digits.slice(7)}`;
  return digits;
}

/** The contacts as lines a phone can dial; the general where-to-get-help block when the list has none. */
export function contactsReply(contacts: Contact[], lead = 'Ông/Bà cũng có thể liên hệ trực tiếp:'): Reply {
  if (contacts.length === 0) return { text: HUMAN_HELP };
  const lines = contacts.map((c) => {
    const parts = [
      c.phone ? `điện thoại ${spacedPhone(c.phone)}` : '',
      c.zalo ? `Zalo ${c.zalo}` : '',
      c.hours ?? '',
    ].filter(Boolean);
    return `• ${c.name}${parts.length ? `: ${parts.join(' · ')}` : ''}`;
  });
  return { text: `${lead}\n${lines.join('\n')}` };
}

export function caseOpened(area: Area | undefined, contacts: Contact[]): Reply[] {
  const who = whoAnswers(area);
  return [
    {
      // Short enough that this bubble and the contacts fit one phone screen (core/screen.ts).
      text:
        `Tôi đã chuyển yêu cầu của ông/bà tới ${who.charAt(0).toLowerCase()}${who.slice(1)}. Cán bộ sẽ trả lời tại đây, ${when(contacts)}.\n` +
        'Trong lúc chờ, tôi tạm không trả lời. Gõ "kết thúc hỗ trợ" để quay lại với tôi. Quá 24 giờ chưa có ai trả lời, tôi sẽ báo ông/bà.',
    },
    { ...contactsReply(contacts), buttons: area ? [END_BUTTON] : [AREA_BUTTON, END_BUTTON] },
  ];
}

export function caseStillOpen(area: Area | undefined, contacts: Contact[]): Reply[] {
  return [
    {
      text: `Yêu cầu của ông/bà đã được chuyển tới ${whoAnswers(area).toLowerCase()}, cán bộ sẽ trả lời tại đây ${when(contacts)}.`,
    },
    { ...contactsReply(contacts), buttons: [END_BUTTON] },
  ];
}

export const received: Reply = {
  text: 'Tổ hỗ trợ đã nhận tin của ông/bà. Cán bộ sẽ trả lời tại đây. Muốn tôi trả lời lại, gõ "kết thúc hỗ trợ".',
  buttons: [END_BUTTON],
};

export const endedByCitizen: Reply = {
  text: 'Đã kết thúc yêu cầu hỗ trợ. Từ giờ tôi trả lời ông/bà như bình thường.',
  buttons: [MENU_BUTTON],
};

export const nothingToEnd: Reply = { text: 'Ông/Bà không có yêu cầu hỗ trợ nào đang chờ.', buttons: [MENU_BUTTON] };

/** Sent through the outbox when the team closes the case. */
export const closedByTeam =
  'Cán bộ đã kết thúc cuộc trò chuyện hỗ trợ. Từ giờ tôi (Trợ lý Công dân số) trả lời ông/bà như bình thường. Gõ "menu" để xem các mục.';

/** Sent through the outbox after 24 h without a team reply. */
export const closedByTimeout = (contacts: Contact[]) =>
  'Xin lỗi ông/bà, đã 24 giờ mà chưa có cán bộ nào trả lời yêu cầu của ông/bà. Tôi đã đóng yêu cầu này và trả lời ông/bà lại như bình thường.\n\n' +
  contactsReply(contacts, 'Ông/Bà có thể liên hệ trực tiếp:').text;

/** A team's message, as the citizen sees it on any channel. */
export const fromTeam = (text: string) => `Cán bộ hỗ trợ trả lời:\n${text}`;

// What the case shows the team besides the citizen's own words.
export const note = {
  asked: 'Người dân yêu cầu gặp cán bộ.',
  inFlow: (title: string, position?: number, total?: number) =>
    `Đang làm dở: ${title}${position ? `, bước ${position}/${total}` : ''}.`,
  endedByCitizen: 'Người dân đã kết thúc yêu cầu.',
  closedByTeam: 'Cán bộ đã đóng yêu cầu.',
  timedOut: 'Tự đóng sau 24 giờ không có cán bộ trả lời; đã gửi lời xin lỗi và các số liên hệ.',
};
