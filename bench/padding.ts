// Synthetic knowledge entries that look like a province's list of administrative procedures,
// to measure matching as the knowledge base grows (a province lists ~1,800 procedures).
import type { MatchTarget } from '../src/matching/target.js';

const ACTIONS = [
  'cấp',
  'cấp lại',
  'cấp đổi',
  'gia hạn',
  'điều chỉnh',
  'đăng ký',
  'xác nhận',
  'thu hồi',
  'công nhận',
  'phê duyệt',
  'thẩm định',
  'chứng thực',
  'bổ sung',
  'hủy',
  'chuyển đổi',
];
const OBJECTS = [
  'giấy phép xây dựng',
  'giấy phép kinh doanh',
  'chứng chỉ hành nghề',
  'giấy chứng nhận đủ điều kiện',
  'hộ kinh doanh',
  'hợp tác xã',
  'giấy phép lao động',
  'bản sao trích lục',
  'giấy phép khai thác',
  'văn bằng',
  'thẻ hướng dẫn viên',
  'giấy phép vận tải',
  'giấy chứng nhận an toàn thực phẩm',
  'giấy phép môi trường',
  'chứng nhận nguồn gốc',
  'giấy phép biểu diễn',
  'giấy phép quảng cáo',
  'giấy phép tổ chức lễ hội',
  'giấy chứng nhận thú y',
  'giấy phép sử dụng vật liệu nổ',
];
const FIELDS = [
  'nông nghiệp',
  'xây dựng',
  'y tế',
  'giáo dục',
  'văn hóa',
  'du lịch',
  'giao thông',
  'tài nguyên',
  'công thương',
  'lao động',
  'tư pháp',
  'nội vụ',
  'khoa học',
  'thông tin',
  'thủy sản',
  'lâm nghiệp',
  'thể thao',
  'dân tộc',
  'tôn giáo',
  'ngoại vụ',
];
const ASKS = [
  'thủ tục',
  'hồ sơ gồm những gì',
  'mất bao lâu',
  'nộp ở đâu',
  'lệ phí bao nhiêu',
  'làm online được không',
  'cần giấy tờ gì',
  'điều kiện là gì',
];

/** A small deterministic generator, so every run pads with the same entries. */
function rng(seed: number) {
  return () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
}

export function paddingTargets(count: number): MatchTarget[] {
  const next = rng(42);
  const pick = <T>(list: T[]) => list[Math.floor(next() * list.length)]!;
  const targets: MatchTarget[] = [];
  for (let i = 0; i < count; i++) {
    const name = `${pick(ACTIONS)} ${pick(OBJECTS)} lĩnh vực ${pick(FIELDS)} số ${i}`;
    targets.push({
      kind: 'knowledge',
      id: `tthc-${i}`,
      texts: [name, ...Array.from({ length: 5 }, () => `${name} ${pick(ASKS)}`)],
    });
  }
  return targets;
}
