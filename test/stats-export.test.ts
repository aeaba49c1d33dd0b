import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { citizen, startTestServer } from './helpers/server.js';

const ADMIN = 'admin-token-export-0123456';
const TEAM = 'team-token-export-01234567';
let server: Awaited<ReturnType<typeof startTestServer>>;

beforeAll(async () => {
  server = await startTestServer(undefined, { ADMIN_TOKEN: ADMIN, TEAM_TOKENS: `${TEAM}:viet-hung` });
  // Two finish the QR flow (one in Việt Hưng, one in Hà Tu); a third stops after the first step.
  for (const [id, area] of [
    ['x-1', 'Việt Hưng'],
    ['x-2', 'Hà Tu'],
  ] as const) {
    const c = citizen(server.url, id);
    let reply = await c.say('hướng dẫn thanh toán qr');
    while (!reply.match.completed) reply = await c.say('1');
    await c.say(area);
  }
  await citizen(server.url, 'x-3').say('hướng dẫn thanh toán qr');
  await citizen(server.url, 'x-3').say('1');
  await citizen(server.url, 'x-4').say('thủ tục ly hôn cần gì');
}, 30_000);
afterAll(async () => {
  await server.cleanup();
});

const get = (path: string, token?: string) =>
  fetch(server.url + path, token ? { headers: { authorization: `Bearer ${token}` } } : {});

async function workbook(path: string, token: string) {
  const res = await get(path, token);
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toContain(
    'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  );
  expect(res.headers.get('content-disposition')).toContain('thong-ke.xlsx');
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(await res.arrayBuffer());
  return book;
}

/** A sheet's rows as {header: cell} records, keeping each cell (value and number format). */
function records(sheet: ExcelJS.Worksheet) {
  const headers = (sheet.getRow(1).values as unknown[]).slice(1) as string[];
  const rows: Record<string, ExcelJS.Cell>[] = [];
  sheet.eachRow((row, n) => {
    if (n === 1) return;
    rows.push(Object.fromEntries(headers.map((h, i) => [h, row.getCell(i + 1)])));
  });
  return rows;
}

describe('GET /admin/api/stats.xlsx', () => {
  it('gives one sheet per table', async () => {
    const book = await workbook('/admin/api/stats.xlsx', ADMIN);
    expect(book.worksheets.map((s) => s.name)).toEqual([
      'Hướng dẫn',
      'Phễu từng bước',
      'Khu vực',
      'Theo tuần',
      'Câu hỏi chưa trả lời',
      'Nhắc nhở',
    ]);
  });

  it('writes numbers as numbers and rates as percentages', async () => {
    const book = await workbook('/admin/api/stats.xlsx', ADMIN);
    const qr = records(book.getWorksheet('Hướng dẫn')!).find((r) => r['Mã']!.value === 'qr-payment')!;
    expect(qr['Hướng dẫn']!.value).toBe('Thanh toán không tiền mặt bằng cách quét mã QR');
    expect(qr['Bắt đầu']!.type).toBe(ExcelJS.ValueType.Number);
    expect(qr['Bắt đầu']!.value).toBe(3);
    expect(qr['Hoàn thành']!.value).toBe(2);
    expect(qr['Tỉ lệ hoàn thành']!.type).toBe(ExcelJS.ValueType.Number);
    expect(qr['Tỉ lệ hoàn thành']!.value).toBe(0.667);
    expect(qr['Tỉ lệ hoàn thành']!.numFmt).toBe('0.0%');
    expect(qr['Dừng nhiều nhất ở bước']!.value).toBe('Mở ứng dụng, quét mã');

    const funnel = records(book.getWorksheet('Phễu từng bước')!).filter(
      (r) => r['Mã hướng dẫn']!.value === 'qr-payment',
    );
    expect(funnel.slice(0, 2).map((r) => [r['Bước']!.value, r['Số người đến']!.value])).toEqual([
      ['Chuẩn bị', 3],
      ['Mở ứng dụng, quét mã', 3],
    ]);
    const done = funnel.find((r) => r['Mã bước']!.value === 'done')!;
    expect(done['So với bước đầu']!.value).toBeCloseTo(2 / 3, 5);
    expect(done['So với bước đầu']!.numFmt).toBe('0.0%');
  });

  it('writes week boundaries as dates', async () => {
    const book = await workbook('/admin/api/stats.xlsx', ADMIN);
    const [week] = records(book.getWorksheet('Theo tuần')!);
    const from = week!['Từ ngày']!;
    expect(from.type).toBe(ExcelJS.ValueType.Date);
    expect(from.numFmt).toBe('dd/mm/yyyy');
    expect((from.value as Date).getUTCDay()).toBe(1); // a Monday
    expect(((week!['Đến ngày']!.value as Date).getTime() - (from.value as Date).getTime()) / 86_400_000).toBe(6);
    expect(week!['Tuần']!.value).toMatch(/^\d{1,2}\/\d{1,2}–\d{1,2}\/\d{1,2}$/);
    expect(week!['Bắt đầu']!.value).toBe(3);
  });

  it('keeps a team to its areas, with the same filters and answers as the JSON', async () => {
    const book = await workbook('/admin/api/stats.xlsx', TEAM);
    expect(records(book.getWorksheet('Khu vực')!).map((r) => r['Mã']!.value)).toEqual(['viet-hung']);
    const qr = records(book.getWorksheet('Hướng dẫn')!).find((r) => r['Mã']!.value === 'qr-payment')!;
    expect(qr['Bắt đầu']!.value).toBe(1);
    expect((await get('/admin/api/stats.xlsx?area=ha-tu', TEAM)).status).toBe(403);
    expect((await get('/admin/api/stats.xlsx')).status).toBe(401);
    const bad = await get('/admin/api/stats.xlsx?from=hôm-qua', ADMIN);
    expect(bad.status).toBe(400);
    expect((await bad.json()).error).toMatch(/^from: /);
  });

  it('lists unanswered questions and reminder counts', async () => {
    const book = await workbook('/admin/api/stats.xlsx', ADMIN);
    expect(
      records(book.getWorksheet('Câu hỏi chưa trả lời')!).map((r) => [r['Câu hỏi']!.value, r['Số lần']!.value]),
    ).toEqual([['thủ tục ly hôn cần gì', 1]]);
    expect(records(book.getWorksheet('Nhắc nhở')!).map((r) => r['Chỉ số']!.value)).toContain('Đã gửi');
  });
});

describe('GET /admin/api/stats.csv?table=', () => {
  it('gives one table for scripts, with a BOM and a header row', async () => {
    const res = await get('/admin/api/stats.csv?table=flows', ADMIN);
    expect(res.headers.get('content-disposition')).toContain('thong-ke-flows.csv');
    const text = await res.text();
    const lines = text
      .replace(/^\ufeff/, '')
      .trim()
      .split('\r\n');
    expect(lines[0]).toBe(
      'Hướng dẫn,Mã,Bắt đầu,Hoàn thành,Tỉ lệ hoàn thành,Đang làm dở,Đã hủy,Dừng nhiều nhất ở bước,Số người dừng ở bước đó,Trung vị phút để xong',
    );
    // A rate stays a plain decimal for scripts; a text with a comma is quoted.
    expect(lines.find((l) => l.includes(',qr-payment,'))).toMatch(
      /^Thanh toán không tiền mặt bằng cách quét mã QR,qr-payment,3,2,0\.667,1,0,"Mở ứng dụng, quét mã",1,\d+$/,
    );
    const weeks = (await (await get('/admin/api/stats.csv?table=weeks', ADMIN)).text())
      .replace(/^\ufeff/, '')
      .trim()
      .split('\r\n');
    expect(weeks[0]).toBe('Tuần,Từ ngày,Đến ngày,Bắt đầu,Hoàn thành');
    expect(weeks[1]).toMatch(/^\d{1,2}\/\d{1,2}–\d{1,2}\/\d{1,2},\d{4}-\d{2}-\d{2},\d{4}-\d{2}-\d{2},3,2$/);
  });

  it('refuses an unknown table naming the field', async () => {
    const res = await get('/admin/api/stats.csv?table=everything', ADMIN);
    expect(res.status).toBe(400);
    expect((await res.json()).error).toMatch(/^table: phải là một trong: "flows"/);
  });
});
