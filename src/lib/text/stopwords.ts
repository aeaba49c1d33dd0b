// Words that carry no topic: politeness, pronouns, particles, auxiliaries. They are recognised
// with their diacritics, before folding, because folded they read as other words: "bằng" (by) vs
// "bảng", "nhờ" (please) vs "nhớ" (remember), "của" (of) vs "cửa" (door), "mới" vs "mỗi".

/** Stop words as written with diacritics (lower case, NFC). */
// prettier-ignore
export const STOP_MARKED = new Set([
  'à', 'ạ', 'ơi', 'với', 'nhé', 'nhỉ', 'thế', 'thì', 'là', 'mà', 'của', 'này', 'kia', 'đấy', 'đó', 'nè', 'hả',
  'em', 'anh', 'chị', 'tôi', 'tui', 'mình', 'tao', 'bạn', 'bác', 'chú', 'cô', 'cậu', 'ông', 'bà', 'người', 'mọi',
  'cho', 'giúp', 'giùm', 'dùm', 'hộ', 'đi', 'nào', 'gì', 'ừ', 'ừm', 'cảm', 'ơn', 'xin', 'chào', 'vâng', 'dạ',
  'và', 'hay', 'hoặc', 'để', 'từ', 'ở', 'tại', 'trong', 'trên', 'những', 'nhưng', 'các', 'một', 'nhiều', 'rất', 'quá',
  'được', 'không', 'rồi', 'luôn', 'nữa', 'lại', 'ra', 'vào', 'lên', 'xuống', 'cần', 'phải', 'nên', 'muốn', 'biết',
  'hỏi', 'đang', 'đã', 'sẽ', 'vừa', 'mới', 'cũng', 'vẫn', 'còn', 'chưa', 'hết', 'thôi', 'nghe', 'nhờ', 'mẹ', 'bố',
  'ba', 'cháu', 'bằng', 'làm', 'giờ', 'sao', 'bao', 'nhiêu', 'vậy', 'nha', 'nhen', 'hen', 'ta', 'có', 'thể',
  'cái', 'mấy', 'sợ',
]);

/** Stop words in folded form, for words typed without diacritics and for expanded abbreviations. */
// prettier-ignore
export const STOP_FOLDED = new Set([
  'a', 'ad', 'oi', 'voi', 'nhe', 'nhi', 'the', 'thi', 'la', 'ma', 'cua', 'nay', 'kia', 'ne', 'ha',
  'em', 'anh', 'chi', 'toi', 'tui', 'minh', 'tao', 'ban', 'bac', 'chu', 'co', 'cau', 'ong', 'ba', 'nguoi', 'moi',
  'cho', 'giup', 'gium', 'dum', 'ho', 'di', 'nao', 'gi', 'u', 'um', 'cam', 'on', 'xin', 'chao', 'vang', 'da',
  'va', 'hay', 'hoac', 'de', 'tu', 'o', 'tai', 'trong', 'tren', 'nhung', 'cac', 'mot', 'nhieu', 'rat', 'qua',
  'duoc', 'khong', 'roi', 'luon', 'nua', 'lai', 'ra', 'vao', 'len', 'xuong', 'can', 'phai', 'nen', 'muon', 'biet',
  'hoi', 'dang', 'se', 'vua', 'cung', 'van', 'con', 'chua', 'het', 'thoi', 'nghe', 'nho', 'me', 'bo',
  'chau', 'bang', 'lam', 'gio', 'sao', 'bao', 'vay', 'nha', 'nhen', 'hen', 'ta', 'ok', 'oke', 'hello', 'hi',
  'ah', 'huhu', 'hic', 'ui', 'vay_', 'thenao', 'nguoidung', 'ai',
]);

/**
 * Folded stop words that are also real words with other diacritics ("ban": bạn/bán, "cho": cho/chợ,
 * "nho": nhờ/nhớ/nhỏ, "the": thế/thẻ). Typed without diacritics they are kept as weak words: they
 * count when an entry has them too, and never count against a match when it does not.
 */
// prettier-ignore
export const AMBIGUOUS_FOLDED = new Set([
  'the', 'thi', 'ma', 'cua', 'chi', 'toi', 'ban', 'cho', 'ho', 'tai', 'roi', 'lai', 'can', 'nen', 'dang', 'moi',
  'con', 'nho', 'bo', 'bang', 'bao', 'hoi', 'anh', 'chu', 'tu', 'de', 'da', 'co', 'vay', 'ha', 'nha', 'ai',
]);

/** Words that are often part of a topic ("bạn là ai") but more often filler ("không ai vào được"): always weak. */
export const WEAK_MARKED = new Set(['ai']);

/**
 * Sentence-final particles ("nhé", "vậy", "hả") that fold to the same letters as nouns and verbs
 * ("nhà", "vay", "hạ"): dropped only at the end of a message, kept in the middle.
 */
// prettier-ignore
export const FINAL_PARTICLES = new Set(['a', 'nha', 'nhe', 'ha', 'ho', 'nhi', 'vay', 'day', 'ne', 'ta', 'hen', 'nhen', 'oi', 'ak']);
