import { describe, expect, it } from 'vitest';
import { answerKey, contentTokens, contentWords, fold } from '../src/lib/text/normalize.js';

describe('Vietnamese normaliser', () => {
  it('removes diacritics and tone marks, whichever placement was typed', () => {
    expect(fold('Hoà')).toBe(fold('Hòa'));
    expect(fold('Được rồi ạ!')).toBe('duoc roi a');
    expect(fold('Đăng ký')).toBe('dang ky');
  });

  it('treats decomposed Unicode like composed', () => {
    expect(fold('ti\u0300m')).toBe(fold('tìm'));
  });

  it('collapses letters repeated for emphasis but keeps abbreviations such as cccd', () => {
    expect(fold('ạaaaa')).toBe('a');
    expect(fold('đượcccc')).toBe('duoc');
    expect(fold('cccd')).toBe('cccd');
  });

  it('expands chat abbreviations', () => {
    expect(answerKey('ko dc')).toBe('khong duoc');
    expect(contentWords('quen mk vneid')).toEqual(contentWords('quên mật khẩu VNeID'));
    expect(contentWords('sđt')).toEqual(contentWords('số điện thoại'));
    expect(contentWords('lv2')).toEqual(contentWords('mức 2'));
    expect(contentWords('mđ2')).toEqual(contentWords('mức độ 2'));
    expect(contentWords('ntn')).toEqual(contentWords('như thế nào'));
  });

  it('reads "không X được" and "X không được" as X having failed, in any spelling', () => {
    expect(contentWords('không quét được mã qr')).toEqual(['quet', 'loi', 'qr']);
    expect(contentWords('kích hoạt không được')).toEqual(['kichhoat', 'loi']);
    expect(contentWords('ko kich hoat dc')).toEqual(['kichhoat', 'loi']);
    expect(contentWords('chưa thanh toán được')).toEqual(contentWords('thanh toán chưa được'));
  });

  it('reads going to the doctor as one thing, and "già" (old) apart from "giá" (price) and "giả" (fake)', () => {
    expect(contentWords('đi khám bệnh')).toEqual(contentWords('đi viện'));
    expect(contentWords('trạm y tế')).toEqual(contentWords('bệnh viện'));
    expect(contentWords('bà già')).not.toEqual(contentWords('bà giá'));
    expect(contentWords('bà già')).not.toEqual(contentWords('bà giả'));
    expect(contentWords('người thuê phòng')).not.toEqual(contentWords('người thuế phòng'));
  });

  it('joins phrases that name the same thing', () => {
    expect(contentWords('app định danh')).toEqual(['vneid']);
    expect(contentWords('hssk điện tử')).toEqual(contentWords('sổ sức khỏe điện tử'));
  });

  it('drops politeness words and sentence-final particles, not nouns that look like them', () => {
    expect(contentWords('ad ơi cho em hỏi quên mật khẩu với ạ')).toEqual(['quen', 'matkhau']);
    expect(contentWords('vay mua nhà trả góp')).toContain('nha');
    expect(contentWords('mua gì vậy')).toEqual(['mua']);
  });

  it('drops stop words before folding, so real words that fold into one survive', () => {
    expect(contentWords('bằng lái xe')).toEqual(['banglai']);
    expect(contentWords('không nhớ mật khẩu')).toEqual(['quen', 'matkhau']);
    expect(contentWords('bộ phận một cửa')).toContain('motcua');
    expect(contentWords('bạn là ai')).toEqual(['trolynay']);
    expect(contentWords('mua ở chợ')).toEqual(['mua', 'cho']);
    expect(contentWords('vay mua nhà')).toEqual(['vay', 'mua', 'nha']);
  });

  it('keeps a word typed without diacritics that may be a real word, as a weak word', () => {
    const tokens = contentTokens('mua o cho');
    expect(tokens.map((t) => [t.word, t.class])).toEqual([
      ['mua', 'content'],
      ['cho', 'weak'],
    ]);
    expect(contentWords('ko nhan dc ma')).toEqual(['khongnhan', 'ma']);
  });

  it('keeps the question words that tell sibling entries apart', () => {
    expect(contentWords('đăng ký ở đâu')).toContain('odau');
    expect(contentWords('bao lâu thì có')).toContain('baolau');
    expect(contentWords('tài khoản định danh bao giờ hết hạn')).toEqual(['vneid', 'khinao', 'hethan']);
    expect(contentWords('bao nhiêu tuổi thì làm được')).toContain('dotuoi');
  });

  it('reads words with diacritics as written, never as a chat abbreviation they fold into', () => {
    expect(contentWords('điện thoại hỏng')).toEqual(['maymoi']);
    expect(contentWords('xài vneid')).toEqual(contentWords('dùng vneid'));
  });
});
