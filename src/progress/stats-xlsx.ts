import ExcelJS from 'exceljs';
import type { StatsReport } from './stats-report.js';
import { statsTables, type ColumnKind } from './stats-tables.js';

/** Excel number formats: a rate is a fraction shown as a percentage, so 0.579 stays 57.9 % in any locale. */
const FORMATS: Record<ColumnKind, string | undefined> = {
  text: undefined,
  count: '#,##0',
  minutes: '#,##0',
  rate: '0.0%',
  date: 'dd/mm/yyyy',
};

/** An ISO date ("2026-11-24") as the Date Excel stores for that calendar day. */
const excelDate = (iso: string) => new Date(`${iso}T00:00:00Z`);

/** The report as a workbook: one sheet per table, numbers as numbers, rates as percentages, dates as dates. */
export async function reportXlsx(report: StatsReport): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Trợ lý Công dân số';
  for (const table of statsTables(report)) {
    const sheet = workbook.addWorksheet(table.sheet, { views: [{ state: 'frozen', ySplit: 1 }] });
    sheet.columns = table.columns.map((c) => ({
      header: c.header,
      width: c.kind === 'text' ? 36 : Math.max(12, Math.min(30, c.header.length + 2)),
      ...(FORMATS[c.kind] ? { style: { numFmt: FORMATS[c.kind]! } } : {}),
    }));
    sheet.getRow(1).font = { bold: true };
    for (const values of table.rows) {
      sheet.addRow(
        values.map((v, i) => (table.columns[i]!.kind === 'date' && typeof v === 'string' ? excelDate(v) : v)),
      );
    }
  }
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
