import type { StatsReport } from './stats-report.js';
import type { StatsTable } from './stats-tables.js';

// A text cell Excel or LibreOffice would read as a formula (=, +, -, @, or a tab or carriage return
// first: OWASP's list) gets a leading single quote, so it shows as the text a citizen typed.
const FORMULA_START = /^[=+\-@\t\r]/;

const cell = (value: unknown) => {
  let text = value === null || value === undefined ? '' : String(value);
  if (typeof value === 'string' && FORMULA_START.test(text)) text = `'${text}`;
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
};
const row = (values: unknown[]) => values.map(cell).join(',');

/** The report as CSV for Excel: UTF-8 with a BOM (so Vietnamese shows right), one table after another. */
export function reportCsv(report: StatsReport): string {
  const lines: string[] = [];
  lines.push(
    row([
      'Hướng dẫn',
      'Mã',
      'Bắt đầu',
      'Hoàn thành',
      'Tỉ lệ hoàn thành',
      'Đã dừng',
      'Đang làm',
      'Trung vị phút để xong',
    ]),
  );
  for (const f of report.flows) {
    lines.push(
      row([
        f.title,
        f.id,
        f.started,
        f.completed,
        f.completionRate,
        f.cancelled,
        f.inProgress,
        f.medianMinutesToComplete,
      ]),
    );
  }
  lines.push('', row(['Phễu: hướng dẫn', 'Bước', 'Số người đến', 'Rơi rụng so với bước trước']));
  for (const f of report.flows) for (const s of f.funnel) lines.push(row([f.id, s.step, s.reached, s.dropOff]));
  lines.push('', row(['Khu vực', 'Mã', 'Bắt đầu', 'Hoàn thành', 'Tỉ lệ hoàn thành', 'Dân số trưởng thành']));
  for (const a of report.areas) lines.push(row([a.name, a.id, a.started, a.completed, a.completionRate, a.adults]));
  lines.push('', row(['Tuần', 'Bắt đầu', 'Hoàn thành']));
  for (const w of report.weeks) lines.push(row([w.week, w.started, w.completed]));
  lines.push('', row(['Câu hỏi chưa trả lời được', 'Số lần']));
  for (const u of report.unanswered) lines.push(row([u.text, u.count]));
  lines.push('', row(['Nhắc nhở', 'Đã gửi', 'Lỗi', 'Bỏ qua', 'Tắt nhắc', 'Bật nhắc']));
  lines.push(
    row([
      '',
      report.reminders.sent,
      report.reminders.failed,
      report.reminders.skipped,
      report.reminders.optedOut,
      report.reminders.optedIn,
    ]),
  );
  return '\ufeff' + lines.join('\r\n') + '\r\n';
}

/** One table as CSV, for scripts (`stats.csv?table=flows`): numbers and rates as plain decimals, dates ISO. */
export function tableCsv(table: StatsTable): string {
  return '\ufeff' + [row(table.columns.map((c) => c.header)), ...table.rows.map(row)].join('\r\n') + '\r\n';
}
