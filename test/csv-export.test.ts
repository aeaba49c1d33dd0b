import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postChat, startTestServer } from './helpers/server.js';

const TOKEN = 'csv-admin-token-0123456789';
let server: Awaited<ReturnType<typeof startTestServer>>;
beforeAll(async () => {
  server = await startTestServer(undefined, { ADMIN_TOKEN: TOKEN });
});
afterAll(async () => {
  await server.cleanup();
});

/** RFC 4180 cells of one CSV line (quoted cells may hold commas and doubled quotes). */
function cells(line: string): string[] {
  const out: string[] = [];
  const re = /("(?:[^"]|"")*"|[^,]*)(,|$)/g;
  for (let m = re.exec(line); m && m.index < line.length; m = re.exec(line)) {
    out.push(m[1]!.startsWith('"') ? m[1]!.slice(1, -1).replace(/""/g, '"') : m[1]!);
    if (!m[2]) break;
  }
  return out;
}

describe('the CSV export', () => {
  it('shows unanswered questions that start like a formula as plain text, never as a formula', async () => {
    const questions = [
      // An address that names a subject of ours ("lua-dao") would make a question about scams, not an unanswered one.
      '=HYPERLINK("http://vi-du.example","Bấm vào đây")',
      "+1+cmd|' /C calc'!A0",
      '-2+3 là bao nhiêu',
      '@SUM(1+1)*cmd',
      '\t=cách nuôi gà',
      '\r=giá vàng hôm nay',
    ];
    for (const [i, text] of questions.entries()) {
      const { status, body } = await postChat(server.url, { userId: `csv-${i}`, text });
      expect(status).toBe(200);
      expect(body.match.kind).toBe('fallback');
    }
    const res = await fetch(`${server.url}/admin/api/stats.csv`, { headers: { authorization: `Bearer ${TOKEN}` } });
    expect(res.status).toBe(200);
    const csv = await res.text();
    const lines = csv.split('\r\n');
    const table = lines.indexOf('Câu hỏi chưa trả lời được,Số lần');
    expect(table).toBeGreaterThan(0);
    const rows: string[][] = [];
    // A quoted cell may hold a line break: join lines until the quotes balance.
    for (let i = table + 1, pending = ''; i < lines.length && (pending || lines[i] !== ''); i++) {
      pending = pending ? `${pending}\r\n${lines[i]}` : lines[i]!;
      if ((pending.match(/"/g)?.length ?? 0) % 2 === 0) {
        rows.push(cells(pending));
        pending = '';
      }
    }
    const firstCells = rows.map((r) => r[0]!);
    expect(firstCells).toHaveLength(questions.length);
    for (const text of firstCells) expect(text, text).toMatch(/^'[=+\-@\t\r]/);
    expect(firstCells).toContain('\'=HYPERLINK("http://vi-du.example","Bấm vào đây")');
    // Numbers stay numbers: the counts are not quoted.
    expect(rows.every((r) => r[1] === '1')).toBe(true);
  });
});
