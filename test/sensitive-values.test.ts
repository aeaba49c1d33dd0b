import fc from 'fast-check';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadContent } from '../src/content/load.js';
import { redact } from '../src/lib/redact.js';
import { findSensitive } from '../src/core/sensitive.js';
import { allText, citizen, startTestServer, tempDataDir } from './helpers/server.js';

const kinds = (text: string) => [...findSensitive(text)].sort();

describe('what counts as sensitive: examples', () => {
  it.each([
    // passwords after their word, with or without diacritics, with or without "là" or ":"
    ['pass abc123', ['password'], 'pass [đã ẩn]'],
    ['mật khẩu của tôi hoa123', ['password'], 'mật khẩu của tôi [đã ẩn]'],
    ['mk: abc123', ['password'], 'mk: [đã ẩn]'],
    ['mat khau vneid cua toi la 123456', ['password'], 'mat khau vneid cua toi la [đã ẩn]'],
    ['passcode 246810 mà không vào được', ['password'], 'passcode [đã ẩn] mà không vào được'],
    ['mật khẩu: Lan@2024xyz', ['password'], 'mật khẩu: [đã ẩn]'],
    ['password = hoalanxinhdep', ['password'], 'password = [đã ẩn]'],
    // numbers, however they are typed
    ['số ０９１２３４５６７８ của tôi', ['phone'], 'số [số đã ẩn] của tôi'],
    ['cccd 001/203/004/567', ['id-number'], 'cccd [số đã ẩn]'],
    // a hotline's digits inside a longer number are part of it
    ['số em 001 000 1800 00 nhé', ['id-number'], 'số em [số đã ẩn] nhé'],
    ['0912_345_678 gọi lại giúp', ['phone'], '[số đã ẩn] gọi lại giúp'],
    ['sđt +84 912 345 678', ['phone'], 'sđt [số đã ẩn]'],
    ['máy bàn 0203 3123 456', ['phone'], 'máy bàn [số đã ẩn]'],
    ['căn cước 0012 0300 4567 bị khóa', ['id-number'], 'căn cước [số đã ẩn] bị khóa'],
    ['thẻ 4111-1111-1111-1111 bị trừ tiền', ['card'], 'thẻ [số đã ẩn] bị trừ tiền'],
    ['số cmnd 123456789 cũ', ['id-number'], 'số cmnd [số đã ẩn] cũ'],
    // codes near their word, before or after it
    ['mã otp 482913', ['otp'], 'mã otp [số đã ẩn]'],
    ['mã 482 913 vừa gửi', ['otp'], 'mã [số đã ẩn] vừa gửi'],
    ['482913 là mã xác thực đúng không', ['otp'], '[số đã ẩn] là mã xác thực đúng không'],
    ['ma xac nhan gui ve la 4829', ['otp'], 'ma xac nhan gui ve la [số đã ẩn]'],
    // nothing sensitive: years, dates, times, money, documents, hotlines, small numbers, questions
    ['năm 2025 tôi 65 tuổi', [], 'năm 2025 tôi 65 tuổi'],
    ['từ ngày 1/7/2025 có gì mới', [], 'từ ngày 1/7/2025 có gì mới'],
    ['tôi sinh 12/05/1960, hẹn 8:30 sáng 2025-07-01', [], 'tôi sinh 12/05/1960, hẹn 8:30 sáng 2025-07-01'],
    ['phí 1.500.000 đồng hay 500000đ hay 50k', [], 'phí 1.500.000 đồng hay 500000đ hay 50k'],
    ['nghị định 69/2024/NĐ-CP và quyết định 2345/QĐ-NHNN', [], 'nghị định 69/2024/NĐ-CP và quyết định 2345/QĐ-NHNN'],
    ['gọi 1900 0368 hay 1900.9068 để hỏi mã otp', [], 'gọi 1900 0368 hay 1900.9068 để hỏi mã otp'],
    // a card typed in threes is not a sum of money, however its groups look
    ['thẻ em 400.000.000.000.006 nhé', ['card'], 'thẻ em [số đã ẩn] nhé'],
    ['nhắn 5656 hoặc gọi 156, trẻ em gọi 111', [], 'nhắn 5656 hoặc gọi 156, trẻ em gọi 111'],
    ['mật khẩu là gì', [], 'mật khẩu là gì'],
    ['quên mật khẩu vneid phải làm sao', [], 'quên mật khẩu vneid phải làm sao'],
    ['nhập mk 2 lần sai, mật khẩu 6 số à', [], 'nhập mk 2 lần sai, mật khẩu 6 số à'],
    ['mã hồ sơ 1234 đã xong chưa', [], 'mã hồ sơ 1234 đã xong chưa'],
  ])('%j → %j', (text, expected, redacted) => {
    expect(kinds(text)).toEqual([...expected].sort());
    expect(redact(text)).toBe(redacted);
  });
});

// --- generators
const digit = fc.integer({ min: 0, max: 9 }).map(String);
const digits = (n: number) => fc.array(digit, { minLength: n, maxLength: n }).map((d) => d.join(''));
const separator = fc.constantFrom(' ', '.', '-', '/', '_', '');
const fullWidth = (s: string) => s.replace(/\d/g, (d) => String.fromCharCode(0xff10 + Number(d)));
/** Digits cut into groups of 2-4 joined by one separator, maybe in full-width digits. */
const typed = (raw: fc.Arbitrary<string>) =>
  fc
    .tuple(raw, separator, fc.array(fc.integer({ min: 2, max: 4 }), { minLength: 8, maxLength: 8 }), fc.boolean())
    .map(([d, sep, sizes, wide]) => {
      const groups: string[] = [];
      for (let i = 0, k = 0; i < d.length; i += sizes[k++ % sizes.length]!)
        groups.push(d.slice(i, i + sizes[k % sizes.length]!));
      const text = groups.join(sep);
      return { digits: d, text: wide ? fullWidth(text) : text };
    });
const before = fc.constantFrom('', 'số của tôi ', 'em gửi ', 'Cho hỏi ', 'đây nè: ');
const after = fc.constantFrom('', ' nhé', ' bị khóa rồi', ', giúp em với', '.');

const idNumber = fc
  .tuple(fc.integer({ min: 1, max: 96 }), digits(9))
  .map(([p, rest]) => `0${String(p).padStart(2, '0')}${rest}`);
const mobile = fc.tuple(fc.constantFrom('03', '05', '07', '08', '09'), digits(8)).map(([a, b]) => a + b);
function withLuhn(body: string): string {
  for (let c = 0; c <= 9; c++) {
    const s = body + c;
    let sum = 0;
    for (let i = 0; i < s.length; i++) {
      let d = Number(s[s.length - 1 - i]);
      if (i % 2 === 1 && (d *= 2) > 9) d -= 9;
      sum += d;
    }
    if (sum % 10 === 0) return s;
  }
  throw new Error('unreachable');
}
const card = fc
  .tuple(fc.constantFrom('4', '5', '3'), fc.integer({ min: 12, max: 15 }))
  .chain(([p, n]) => digits(n - 1).map((d) => withLuhn(p + d)));

describe('what counts as sensitive: properties', () => {
  const hidden = (value: { digits: string }, text: string) => !redact(text).replace(/\D/g, '').includes(value.digits);

  it('finds and hides any 12-digit ID number, however it is grouped or typed', () => {
    fc.assert(
      fc.property(typed(idNumber), before, after, (id, b, a) => {
        const text = b + id.text + a;
        expect(findSensitive(text).has('id-number')).toBe(true);
        expect(hidden(id, text)).toBe(true);
      }),
    );
  });

  it('finds and hides any Vietnamese mobile number, also written +84', () => {
    fc.assert(
      fc.property(typed(mobile), fc.boolean(), before, after, (phone, international, b, a) => {
        const text = b + (international ? `+84 ${phone.text.replace(/^[0０]/, '')}` : phone.text) + a;
        expect(findSensitive(text).has('phone')).toBe(true);
        expect(redact(text)).not.toMatch(/\d{4}/);
      }),
    );
  });

  it('finds and hides any card number that passes the Luhn check', () => {
    fc.assert(
      fc.property(typed(card), before, after, (c, b, a) => {
        const text = b + c.text + a;
        expect(findSensitive(text).has('card')).toBe(true);
        expect(hidden(c, text)).toBe(true);
      }),
    );
  });

  it('finds and hides a 4-8 digit code next to an OTP word', () => {
    const word = fc.constantFrom('mã otp', 'OTP', 'mã xác thực', 'ma xac nhan', 'mã kích hoạt', 'mã');
    const link = fc.constantFrom(' ', ' là ', ': ', ' của em là ', ' vừa nhận là ');
    fc.assert(
      fc.property(word, link, fc.integer({ min: 4, max: 8 }).chain(digits), (w, l, code) => {
        const text = `${w}${l}${code}`;
        expect(findSensitive(text).has('otp')).toBe(true);
        expect(redact(text)).not.toContain(code);
      }),
    );
  });

  it('finds and hides a password after its word, with or without diacritics', () => {
    const word = fc.constantFrom('mật khẩu', 'mat khau', 'mk', 'pass', 'password', 'passcode', 'Mật Khẩu');
    const link = fc.constantFrom(' ', ' là ', ': ', ' = ', ' của tôi ', ' của tôi là ', ' vneid là ');
    const secret = fc
      .tuple(
        fc.stringMatching(/^[A-Za-z]{2,8}$/),
        fc.constantFrom('', '@', '#', '.'),
        fc.stringMatching(/^[0-9]{2,6}$/),
      )
      .map(([l, m, d]) => l + m + d);
    fc.assert(
      fc.property(word, link, secret, (w, l, s) => {
        const text = `${w}${l}${s}`;
        expect(findSensitive(text).has('password')).toBe(true);
        expect(redact(text)).not.toContain(s);
      }),
    );
  });

  it('leaves years, dates, times, money and hotlines alone', () => {
    const year = fc.integer({ min: 1900, max: 2099 }).map((y) => `năm ${y}`);
    const date = fc
      .tuple(
        fc.integer({ min: 1, max: 31 }),
        fc.integer({ min: 1, max: 12 }),
        fc.integer({ min: 1900, max: 2099 }),
        fc.constantFrom('/', '-', '.'),
      )
      .map(([d, m, y, s]) => `ngày ${d}${s}${m}${s}${y}`);
    const time = fc
      .tuple(fc.integer({ min: 0, max: 23 }), fc.integer({ min: 0, max: 59 }))
      .map(([h, m]) => `lúc ${h}:${String(m).padStart(2, '0')}`);
    const money = fc
      .integer({ min: 1, max: 999_999_999 })
      .chain((n) =>
        fc.constantFrom(`${n.toLocaleString('de-DE')} đồng`, `${n}đ`, `${n} VND`, `${n.toLocaleString('de-DE')}`),
      );
    const hotline = fc.constantFrom(
      '1900 0368',
      '19000368',
      '1900.9068',
      '1900 9068',
      '156',
      '5656',
      '111',
      '113',
      '114',
      '115',
    );
    const plain = fc.oneof(year, date, time, money, hotline);
    fc.assert(
      fc.property(fc.array(plain, { minLength: 1, maxLength: 3 }), (parts) => {
        const text = parts.join(', ');
        expect(kinds(text)).toEqual([]);
        expect(redact(text)).toBe(text);
      }),
      { numRuns: 500 },
    );
  });

  it('warns exactly when it hides, and hiding twice changes nothing more', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string(),
          fc.string({ unit: 'grapheme' }),
          typed(idNumber).map((v) => v.text),
          typed(mobile).map((v) => `gọi ${v.text}`),
        ),
        (text) => {
          const once = redact(text);
          expect(findSensitive(text).size > 0).toBe(once !== text);
          expect(redact(once)).toBe(once);
        },
      ),
      { numRuns: 2000 },
    );
  });

  it("never hides anything in the bot's own content (hotlines, dates, decrees, fees)", () => {
    const content = loadContent(process.cwd());
    const texts: string[] = [];
    for (const f of content.flows.values())
      for (const s of f.steps) texts.push(...s.messages, ...s.options.flatMap((o) => [o.label, ...o.aliases]));
    for (const k of content.knowledge.values()) texts.push(k.title, ...k.answer, ...k.questions);
    for (const o of content.outside.values()) texts.push(o.reply);
    expect(texts.some((t) => t.includes('1900 0368'))).toBe(true);
    expect(texts.filter((t) => redact(t) !== t)).toEqual([]);
  });
});

describe('sensitive values through the web chat', () => {
  let server: Awaited<ReturnType<typeof startTestServer>>;
  const TOKEN = 'sensitive-admin-token-0123456';
  const OFFICE = '02033825555';
  beforeAll(async () => {
    // The area list as an admin fills it in: a ward office with its phone number.
    const areasFile = join(tempDataDir(), 'areas.yaml');
    const areas = readFileSync('knowledge/areas/quang-ninh.yaml', 'utf8').replace(
      '      - name: Công an phường Bãi Cháy\n',
      `      - name: Công an phường Bãi Cháy\n        phone: "${OFFICE}"\n`,
    );
    expect(areas).toContain(OFFICE);
    writeFileSync(areasFile, areas);
    server = await startTestServer(undefined, { ADMIN_TOKEN: TOKEN, AREAS_FILE: areasFile });
  });
  afterAll(async () => {
    await server.cleanup();
  });

  it('warns about the values the old rules missed and keeps none of them in the unanswered list', async () => {
    const secrets = ['abc123', 'hoa123', 'xyz789', '0912345678', '001203004567', '0987654321'];
    const messages = [
      'pass abc123',
      'mật khẩu của tôi hoa123',
      'mk: xyz789',
      'gọi ０９１２３４５６７８ giúp',
      'số 001/203/004/567 làm sổ đỏ',
      'sdt 0987_654_321 nhé',
    ];
    for (const text of messages) {
      const reply = await citizen(server.url).say(text);
      expect(
        reply.replies.some((r) => r.text.startsWith('Cảnh báo')),
        text,
      ).toBe(true);
    }
    // Years, dates and hotlines in a question stay readable for the admin.
    await citizen(server.url).say('năm 2025 ngày 1/7/2025 gọi 1900 0368 mà không ai nghe máy xem bóng đá');
    const stats = await (
      await fetch(`${server.url}/admin/api/stats`, { headers: { authorization: `Bearer ${TOKEN}` } })
    ).json();
    const unanswered = JSON.stringify(stats.unanswered);
    for (const s of secrets) expect(unanswered).not.toContain(s);
    expect(unanswered).toContain('năm 2025 ngày 1/7/2025 gọi 1900 0368');
  });

  it('does not warn about a year, a date, the hotline or an office number from the area list', async () => {
    const reply = await citizen(server.url).say('từ 1/7/2025 gọi 1900 0368 được không');
    expect(allText(reply)).not.toContain('Cảnh báo');
    const office = await citizen(server.url).say('gọi 0203 3825 555 mà không ai nghe máy');
    expect(allText(office)).not.toContain('Cảnh báo');
    const someone = await citizen(server.url).say('gọi 0203 3825 556 mà không ai nghe máy');
    expect(allText(someone)).toContain('Cảnh báo');
  });
});
