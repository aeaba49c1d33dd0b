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

  it('reads "lợi" (benefit) apart from "lỗi" (error), and "bán" (sell) apart from "bạn" (you)', () => {
    expect(contentWords('tài khoản định danh có lợi gì')).toEqual(contentWords('tài khoản định danh có lợi ích gì'));
    expect(contentWords('báo lỗi')).toContain('loi');
    expect(contentWords('có lợi gì')).not.toContain('loi');
    expect(contentWords('hưởng quyền lợi bhyt')).not.toContain('tacdung');
    expect(contentWords('tôi bán xôi')).toContain('banhang');
    expect(contentWords('người bán hàng')).toEqual(contentWords('người bán'));
    expect(contentWords('bạn ơi')).toEqual([]);
  });

  it('reads money taken from an account apart from what something costs', () => {
    expect(contentWords('quét mã qr bị mất sạch tiền')).toContain('bimattien');
    expect(contentWords('quét mã qr có mất tiền không')).toContain('chiphi');
    expect(contentWords('quét mã qr có mất tiền không')).not.toContain('bimattien');
  });

  it('reads real phrasings of making the card, having one, and still needing an account', () => {
    expect(contentWords('đổi cmnd sang căn cước')).toContain('lamcancuoc');
    expect(contentWords('đã được cấp căn cước công dân')).not.toContain('lamcancuoc');
    expect(contentWords('có căn cước rồi mà vẫn cần làm định danh')).toContain('batbuoc');
    expect(contentWords('bằng lái không hiển thị')).not.toContain('thi');
    expect(contentWords('gặp khó khăn khi làm sinh trắc học')).toContain('loi');
    expect(contentWords('con trai tôi nghiện điện thoại')).toEqual(['treem', 'nghien', 'dienthoai']);
  });

  it('reads "thấy" (see) apart from "thay" (replace) and "chậm" (slow) apart from "chạm" (touch)', () => {
    expect(contentWords('vẫn chưa thấy gì')).toEqual(['loi', 'khongnhan']);
    expect(contentWords('quét thấy tên lạ')).not.toContain('thay');
    expect(contentWords('điện thoại bị chậm')).not.toEqual(expect.arrayContaining(['cham']));
    expect(contentWords('chạm thẻ vào điện thoại')).toContain('cham');
  });

  it('reads a word the chat abbreviations would double only once, and the health section as the health record', () => {
    expect(contentWords('làm sao biết trang web lừa đảo')).toEqual(contentWords('làm sao biết web lừa đảo'));
    expect(contentWords('gửi đường link')).toEqual(contentWords('gửi link'));
    expect(contentWords('vneid có mục sức khỏe không')).toContain('sosuckhoe');
    expect(contentWords('chỉ bà với')).toEqual(['huongdan']);
  });

  it('reads the time already waited, what something costs, and asking how to tell, as one word each', () => {
    expect(contentWords('đăng ký tuần trước')).toEqual(contentWords('đăng ký lâu rồi'));
    expect(contentWords('mất bao nhiêu tiền')).toEqual(['chiphi']);
    expect(contentWords('làm sao biết trang web lừa đảo')).toContain('nhanbiet');
    expect(contentWords('làm thế nào để biết hồ sơ đã được duyệt')).toContain('nhanbiet');
    expect(contentWords('nguyên nhân không đăng nhập được')).toContain('taisao');
    expect(contentWords('không đến được bước tiếp theo')).toContain('loi');
    expect(contentWords('không biết ấn vào đâu')).toEqual(contentWords('không biết bấm vào đâu'));
  });

  it('reads "mấy tài khoản" (how many accounts) apart from "máy" (a phone), typed either way', () => {
    expect(contentWords('một số đăng ký được mấy tài khoản')).toContain('baonhieu');
    expect(contentWords('1 sdt dk dc may tk')).toContain('baonhieu');
    expect(contentWords('đổi máy mới')).not.toContain('baonhieu');
  });

  it("reads a product's barcode apart from a payment QR code", () => {
    expect(contentWords('quét mã vạch trên hộp sữa')).not.toContain('qr');
    expect(contentWords('quét mã để trả tiền')).toContain('qr');
  });

  it('reads words with diacritics as written, never as a chat abbreviation they fold into', () => {
    expect(contentWords('điện thoại hỏng')).toEqual(['maymoi']);
    expect(contentWords('xài vneid')).toEqual(contentWords('dùng vneid'));
  });
});
