// Recognises what a citizen must never send anyone (the bot included), so the bot can warn them.
// What is recognised here is also hidden by redact() before anything is stored or logged.
import { redact } from './redact.js';

export type SensitiveKind = 'id-number' | 'phone' | 'card' | 'otp' | 'password';

const DIGITS = /\+?\d[\d .-]*\d/g;
const OTP_WORDS = /(?<![\p{L}])(otp|mã xác thực|ma xac thuc|mã xác nhận|ma xac nhan|mã kích hoạt|ma kich hoat|mã code)(?![\p{L}])/iu;
const SECRET_WORDS = /(?<![\p{L}])(mật khẩu|mat khau|mk|pass(word|code)?|mã pin|ma pin|pin|cvv)(?![\p{L}])\s*(?:(?:của|cua)\s+\S+\s+)?(là|la|:|=)\s*\S+/iu;

/** The kinds of sensitive value in a message: a 12-digit ID number, a phone or card number, an OTP, a password. */
export function findSensitive(text: string): Set<SensitiveKind> {
  const kinds = new Set<SensitiveKind>();
  for (const run of text.match(DIGITS) ?? []) {
    const digits = run.replace(/\D/g, '');
    if (digits.length === 12) kinds.add('id-number');
    else if (digits.length >= 13 && digits.length <= 19) kinds.add('card');
    else if (/^(0|84)[35789]\d{8}$/.test(digits)) kinds.add('phone');
    else if (digits.length >= 4 && digits.length <= 8 && OTP_WORDS.test(text)) kinds.add('otp');
  }
  if (SECRET_WORDS.test(text)) kinds.add(/otp/i.test(text) ? 'otp' : 'password');
  return kinds;
}

const NAMES: Record<SensitiveKind, string> = {
  'id-number': 'số căn cước (số định danh)',
  phone: 'số điện thoại',
  card: 'số thẻ ngân hàng',
  otp: 'mã OTP',
  password: 'mật khẩu',
};

/** The warning shown when a message holds sensitive values; undefined when it holds none. */
export function sensitiveWarning(kinds: Set<SensitiveKind>): string | undefined {
  if (kinds.size === 0) return undefined;
  const named = [...kinds].map((k) => NAMES[k]).join(', ');
  return (
    `Cảnh báo: tin nhắn có ${named}. Tôi đã không lưu lại.\n` +
    'Đừng gửi thông tin này cho ai, kể cả tôi: cán bộ thật không bao giờ hỏi.\n' +
    'Lỡ đưa mã OTP, mật khẩu cho người khác: đổi mật khẩu ngay, gọi ngân hàng khóa tài khoản, báo công an xã, phường.'
  );
}

/** The message as the rest of the pipeline may see it: sensitive values replaced by placeholders. */
export const withoutSensitive = redact;
