import { own } from '../lib/own.js';
import { answerKey } from '../lib/text/normalize.js';

export type CommandName =
  | 'menu'
  | 'help'
  | 'back'
  | 'restart'
  | 'cancel'
  | 'resume'
  | 'greeting'
  | 'thanks'
  | 'ack'
  | 'frustrated'
  | 'my-data'
  | 'delete-data'
  | 'delete-confirm'
  | 'delete-cancel'
  | 'change-area'
  | 'non-text'
  | 'reminders-off'
  | 'reminders-on'
  | 'area-skip'
  | 'handoff'
  | 'handoff-end';

/** Whole-message commands, in answerKey form. A command must be the entire message. */
const COMMANDS: Record<CommandName, string[]> = {
  menu: [
    'menu',
    'start',
    'bat dau',
    'danh muc',
    'trang chu',
    'chuc nang',
    'xem menu',
    'mo menu',
    'menu chinh',
    'muc luc',
  ],
  help: [
    'giup',
    'help',
    'tro giup',
    'huong dan su dung',
    'cach dung',
    'cach su dung',
    'can giup',
    'giup voi',
    'giup do',
  ],
  back: ['quay lai', 'tro lai', 'lui lai', 'back', 'buoc truoc', 'quay lai buoc truoc', 've buoc truoc', 'lui'],
  restart: ['lam lai', 'lam lai tu dau', 'bat dau lai', 'restart', 'tu dau', 'lam tu dau'],
  cancel: [
    'huy',
    'huy bo',
    'thoat',
    'dung',
    'dung lai',
    'cancel',
    'stop',
    'ket thuc',
    'khong lam nua',
    'thoi khong lam nua',
    'bo qua huong dan',
  ],
  resume: ['tiep tuc', 'lam tiep', 'continue', 'resume', 'tiep tuc huong dan', 'lam tiep di', 'tiep tuc di'],
  greeting: [
    'xin chao',
    'chao',
    'hello',
    'hi',
    'alo',
    'a lo',
    'chao ban',
    'chao bot',
    'chao ad',
    'hey',
    'xin chao ban',
    'chao em',
    'chao chau',
    'chao buoi sang',
    'chao buoi chieu',
    'chao buoi toi',
    'xin chao tro ly',
    'chao tro ly',
  ],
  // Small talk (see small-talk.ts): inside a flow or a question, the same words may be an answer.
  thanks: [
    'cam on',
    'cam on nhieu',
    'cam on ban',
    'cam on nhe',
    'thank you',
    'thanks',
    'thank',
    'tks',
    'cam on nhieu lam',
    'ok cam on',
    'cam on nha',
    'xin cam on',
    'cam on em',
    'cam on chau',
    'cam on tro ly',
    'rat cam on',
    'ok thanks',
    'hieu roi cam on',
  ],
  ack: [
    'ok',
    'okay',
    'oki',
    'da',
    'vang',
    'da vang',
    'u',
    'uh',
    'um',
    'uhm',
    'roi',
    'hieu roi',
    'da hieu',
    'toi hieu roi',
    'ro roi',
    'biet roi',
    'da biet',
    'duoc',
    'duoc roi',
    'tot',
    'tot qua',
    'hay qua',
    'ok nhe',
    'ok hieu roi',
    'nhe',
    'the a',
    'vay a',
  ],
  frustrated: [
    'khong hieu gi ca',
    'khong hieu gi',
    'chang hieu gi',
    'chang hieu gi ca',
    'toi khong hieu',
    'khong hieu',
    'kho hieu qua',
    'kho hieu',
    'kho qua',
    'bot ngu qua',
    'bot ngu',
    'ngu qua',
    'ngu the',
    'chan qua',
    'chan the',
    'chan that',
    'vo dung',
    'vo dung qua',
    'rac roi qua',
    'phuc tap qua',
    'khong giup duoc gi',
    'chang giup duoc gi',
    'tra loi linh tinh',
    'buc minh qua',
    'met qua',
    'noi gi vay',
    'sai roi',
    'tra loi sai',
  ],
  'my-data': [
    'du lieu cua toi',
    'xem du lieu cua toi',
    'thong tin cua toi',
    'ban luu gi ve toi',
    'du lieu ca nhan cua toi',
  ],
  'delete-data': [
    'xoa du lieu cua toi',
    'xoa du lieu',
    'xoa thong tin cua toi',
    'xoa het du lieu',
    'xoa du lieu ca nhan',
    'xoa toi',
  ],
  // only meaningful right after "xóa dữ liệu của tôi"; see ConversationCore
  'delete-confirm': ['dong y xoa', 'xac nhan xoa', 'xoa'],
  'delete-cancel': ['khong xoa', 'giu lai'],
  'change-area': ['doi khu vuc', 'doi dia ban', 'cap nhat khu vuc', 'doi xa phuong', 'khu vuc cua toi', 'chon khu vuc'],
  'area-skip': ['bo qua khu vuc'],
  // sent by channels as a payload when a photo, sticker, file... arrives
  'non-text': [],
  'reminders-off': [
    'dung nhac',
    'huy nhan tin',
    'tat nhac',
    'khong nhan tin nua',
    'dung nhan tin',
    'tu choi nhan tin',
    'khong nhac nua',
    'huy nhac',
    'ngung nhac',
    'dung gui tin',
  ],
  // a person instead of the bot (core/handoff.ts also reads longer ways of asking)
  handoff: [
    'gap nguoi that',
    'cho toi noi chuyen voi can bo',
    'noi chuyen voi can bo',
    'gap nhan vien',
    'muon gap nguoi ho tro',
    'gap can bo',
    'gap nguoi ho tro',
    'nguoi that',
    'ho tro truc tiep',
    'gap truc tiep',
    'tong dai vien',
    'gap tong dai vien',
    'noi chuyen voi nguoi that',
    'lien he can bo',
    'can nguoi ho tro',
  ],
  'handoff-end': [
    'ket thuc ho tro',
    'ket thuc cuoc tro chuyen',
    'dung ho tro',
    'huy ho tro',
    'xong roi cam on can bo',
    'tro lai voi bot',
    'noi chuyen voi bot',
  ],
  'reminders-on': ['nhan nhac', 'bat nhac', 'nhan tin nhac', 'bat lai nhac', 'nhan lai tin', 'cho nhan nhac'],
};

const BY_KEY = new Map<string, CommandName>();
for (const [name, keys] of Object.entries(COMMANDS) as [CommandName, string[]][]) {
  for (const key of keys) BY_KEY.set(answerKey(key), name);
}

/** Short thanks in any words: "cảm ơn cháu nhiều lắm nhé". */
const THANKS = /^(cam on|thank|thanks|tks)( \S+){0,4}$/;

export function findCommand(text: string): CommandName | undefined {
  const key = answerKey(text);
  return BY_KEY.get(key) ?? (THANKS.test(key) ? 'thanks' : undefined);
}

export function isCommandName(name: string): name is CommandName {
  return own(COMMANDS, name) !== undefined;
}

/** Every command name (for tests that go through them all). */
export const commandNames = () => Object.keys(COMMANDS) as CommandName[];
