import type { StatsReport } from './stats-report.js';

/** How a column is written: whole numbers, rates (0.579 → 57,9 %), dates (ISO "2026-11-24"), text. */
export type ColumnKind = 'text' | 'count' | 'rate' | 'date' | 'minutes';
export type CellValue = string | number | null;

export interface Column {
  header: string;
  kind: ColumnKind;
}

export interface StatsTable {
  /** The name scripts ask for: `stats.csv?table=flows`. */
  name: TableName;
  /** The sheet's name in the workbook (Excel allows 31 characters). */
  sheet: string;
  columns: Column[];
  rows: CellValue[][];
}

export const TABLE_NAMES = ['flows', 'funnels', 'areas', 'weeks', 'unanswered', 'reminders'] as const;
export type TableName = (typeof TABLE_NAMES)[number];

const col = (header: string, kind: ColumnKind = 'count'): Column => ({ header, kind });

/**
 * The report as the six tables people and scripts take away, each column typed, so the workbook
 * and the per-table CSV are written from one definition and cannot drift apart.
 */
export function statsTables(report: StatsReport): StatsTable[] {
  const titleOf = new Map(report.flows.map((f) => [f.id, f.title]));
  const flowIds = report.flows.map((f) => f.id);
  return [
    {
      name: 'flows',
      sheet: 'Hướng dẫn',
      columns: [
        col('Hướng dẫn', 'text'),
        col('Mã', 'text'),
        col('Bắt đầu'),
        col('Hoàn thành'),
        col('Tỉ lệ hoàn thành', 'rate'),
        col('Đang làm dở'),
        col('Đã hủy'),
        col('Dừng nhiều nhất ở bước', 'text'),
        col('Số người dừng ở bước đó'),
        col('Trung vị phút để xong', 'minutes'),
      ],
      rows: report.flows.map((f) => [
        f.title,
        f.id,
        f.started,
        f.completed,
        f.completionRate,
        f.inProgress,
        f.cancelled,
        f.mostStoppedAt?.title ?? null,
        f.mostStoppedAt?.people ?? null,
        f.medianMinutesToComplete,
      ]),
    },
    {
      name: 'funnels',
      sheet: 'Phễu từng bước',
      columns: [
        col('Hướng dẫn', 'text'),
        col('Mã hướng dẫn', 'text'),
        col('Bước', 'text'),
        col('Mã bước', 'text'),
        col('Số người đến'),
        col('Rơi rụng so với bước trước'),
        col('So với bước đầu', 'rate'),
      ],
      rows: report.flows.flatMap((f) => {
        const first = f.funnel[0]?.reached ?? 0;
        return f.funnel.map((s) => [
          f.title,
          f.id,
          s.title,
          s.step,
          s.reached,
          s.dropOff ?? null,
          first ? s.reached / first : null,
        ]);
      }),
    },
    {
      name: 'areas',
      sheet: 'Khu vực',
      columns: [
        col('Xã, phường', 'text'),
        col('Mã', 'text'),
        col('Bắt đầu'),
        col('Hoàn thành'),
        col('Tỉ lệ hoàn thành', 'rate'),
        col('Người trưởng thành'),
        ...flowIds.map((id) => col(`Độ phủ: ${titleOf.get(id)}`, 'rate')),
      ],
      rows: report.areas.map((a) => [
        a.name,
        a.id,
        a.started,
        a.completed,
        a.completionRate,
        a.adults,
        ...flowIds.map((id) => a.flows.find((f) => f.id === id)?.coverage ?? null),
      ]),
    },
    {
      name: 'weeks',
      sheet: 'Theo tuần',
      columns: [
        col('Tuần', 'text'),
        col('Từ ngày', 'date'),
        col('Đến ngày', 'date'),
        col('Bắt đầu'),
        col('Hoàn thành'),
      ],
      rows: report.weeks.map((w) => [w.label, w.from, w.to, w.started, w.completed]),
    },
    {
      name: 'unanswered',
      sheet: 'Câu hỏi chưa trả lời',
      columns: [col('Câu hỏi', 'text'), col('Số lần')],
      rows: report.unanswered.map((u) => [u.text, u.count]),
    },
    {
      name: 'reminders',
      sheet: 'Nhắc nhở',
      columns: [col('Chỉ số', 'text'), col('Số lượng')],
      rows: [
        ['Đã gửi', report.reminders.sent],
        ['Gửi lỗi', report.reminders.failed],
        ['Bỏ qua (tắt nhắc, ngoài thời hạn Zalo...)', report.reminders.skipped],
        ['Người tắt nhắc', report.reminders.optedOut],
        ['Người bật lại nhắc', report.reminders.optedIn],
      ],
    },
  ];
}
