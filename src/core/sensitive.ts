// Recognises what a citizen must never send anyone (the bot included), so the bot can warn them.
// What is recognised here is exactly what redact() hides before anything is stored or logged.
import { redact } from '../lib/redact.js';
import { scanSensitive } from '../lib/sensitive-scan.js';
import { type SensitiveKind } from '../domain/messages.js';

export type { SensitiveKind };

/**
 * The kinds of sensitive value in a message: a 12-digit ID number, a phone or card number (Luhn),
 * an OTP (4-8 digits near "OTP", "mã xác thực", "mã"...), a password after its word.
 */
export function findSensitive(text: string): Set<SensitiveKind> {
  return new Set(scanSensitive(text).findings.map((f) => f.kind));
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
