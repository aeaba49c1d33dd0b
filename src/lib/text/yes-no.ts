// The one list of everyday "yes" and "no" words, in answerKey form. A question the bot asks
// ("xóa dữ liệu?") takes plain consent; a flow step's option marked `says: yes` also takes the
// words for "it worked", and one marked `says: no` the words for "not yet".
import { answerKey } from './normalize.js';

/** Plain consent: "có", "đồng ý", "vâng", "dạ", "chắc chắn". */
const CONSENT_WORDS = ['co', 'dong y', 'ok', 'u', 'uh', 'vang', 'da', 'da vang', 'chac chan', 'yes'];

/** Consent, and "done", "it worked", "next". */
export const YES_WORDS = [
  ...CONSENT_WORDS,
  'roi',
  'xong',
  'xong roi',
  'da xong',
  'lam xong',
  'lam xong roi',
  'duoc',
  'duoc roi',
  'da duoc',
  'lam duoc',
  'lam duoc roi',
  'ok roi',
  'co roi',
  'da co',
  'thanh cong',
  'thanh cong roi',
  'tiep',
  'tiep theo',
  'buoc tiep',
  'buoc tiep theo',
  'da nhan',
  'da nhan duoc',
  'nhan duoc roi',
  'nhan duoc',
  'xong het roi',
  'on roi',
  'duoc roi do',
  'oke roi',
  'lam roi',
  'da lam',
  'da lam roi',
  'chuan bi xong',
  'da chuan bi',
  'san sang',
];

/** "Not yet", "it failed", "no". */
export const NO_WORDS = [
  'chua',
  'chua duoc',
  'khong',
  'khong duoc',
  'van chua',
  'van chua duoc',
  'van khong duoc',
  'bi loi',
  'loi',
  'bao loi',
  'van loi',
  'van bi loi',
  'khong co',
  'chua co',
  'chua xong',
  'that bai',
  'khong thanh cong',
  'chua nhan',
  'chua nhan duoc',
  'khong nhan duoc',
  'no',
  'khong lam duoc',
  'chua lam duoc',
  'kho qua',
  'khong hieu',
  'bi sao do',
];

const CONSENT = new Set(CONSENT_WORDS);

/** Whether a message is plain consent, enough to confirm what the bot just asked. */
export const consents = (message: string): boolean => CONSENT.has(answerKey(message));
