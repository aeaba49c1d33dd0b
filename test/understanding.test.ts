import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadContent } from '../src/content/load.js';
import { ConversationCore } from '../src/core/conversation.js';
import { MemoryStore } from '../src/store/memory-store.js';
import { parseSet, scoreSet } from '../scripts/score-set.js';

const core = new ConversationCore({
  content: loadContent(process.cwd()),
  store: new MemoryStore(),
  pseudonym: async (k) => k,
});

/** Scores a set of citizen messages the way the outside scorer does: each as a fresh user. */
async function score(file: string) {
  const s = await scoreSet(core, parseSet(readFileSync(file, 'utf8')), file.replace(/\W/g, ''));
  return {
    inScopeRight: s.inScope ? s.right / s.inScope : 1,
    fallback: s.outScope ? s.fellBack / s.outScope : 1,
    wrong: s.inScope ? s.wrong / s.inScope : 0,
    oneTap: s.inScope ? s.oneTap / s.inScope : 1,
    misses: s.misses,
  };
}

describe('understanding citizen messages', () => {
  // The figures each set reaches now, held:
  // [right at least, fell back at least, confidently wrong at most, within one tap at least].
  // Right answers went down a little where the evidence rule now asks instead (see CUTOFFS): a
  // clarifying question is not wrong, and within one tap held on every set.
  it.each([
    ['the development set', 'test/fixtures/dev-questions.jsonl', 0.97, 0.95, 0.02, 0.97],
    ['held-out set 1', 'test/fixtures/holdout-questions.jsonl', 0.95, 0.95, 0.02, 0.97],
    ['held-out set 2', 'test/fixtures/holdout-2-questions.jsonl', 0.96, 0.95, 0.02, 0.97],
    ['held-out set 3', 'test/fixtures/holdout-3-questions.jsonl', 0.97, 0.95, 0.02, 0.97],
    ['held-out set 4', 'test/fixtures/holdout-4-questions.jsonl', 0.97, 0.95, 0.02, 0.97],
    ['held-out set 5', 'test/fixtures/holdout-5-questions.jsonl', 0.99, 0.95, 0.02, 0.97],
    ['held-out set 6', 'test/fixtures/holdout-6-questions.jsonl', 0.96, 0.95, 0.02, 0.97],
    ['held-out set 7 (long messages)', 'test/fixtures/holdout-7-questions.jsonl', 0.92, 0.95, 0.02, 0.97],
    // One of its three out-of-scope lines is now covered (how long a new ID card takes): 2 of 3 at most.
    // Within one tap 96.0% → 97.3% once buttons met on generic words only go last; with the topic
    // classifier 84.0% → 85.3% right, and 98.7% within one tap once suggestions go by shared evidence;
    // 84.0% with the written-register variants ("1 sdt dang ky dc may tk vneid" asked between two);
    // 86.7% once "mấy tài khoản" (how many accounts) is no longer read as "máy" (phone).
    ['the shared real questions', 'test/fixtures/real-questions.jsonl', 0.86, 0.65, 0.02, 0.97],
    // 44 lines from 21 more pages joined it unseen (scored before any change: 87.0% right, 2.1% wrong).
    // Round 7 added 30 lines from 15 more pages, mostly neighbouring subjects we do not cover (first
    // scored unseen: 25% right, 90.9% fell back, none wrong): 91.6% right on the whole part now.
    ['our real questions, tuning part', 'test/fixtures/real-tune-questions.jsonl', 0.91, 0.95, 0.01, 0.95],
    // Within one tap 97.9% → 95.8% with round 7's new VNeID question variants.
    ['our real questions, held-out part', 'test/fixtures/real-holdout-questions.jsonl', 0.85, 0.95, 0.025, 0.95],
    // A second held-out part (other pages), scored once before any change (75.8%, 8.1% wrong): what it reaches now.
    ['our real questions, second held-out part', 'test/fixtures/real-holdout-2-questions.jsonl', 0.8, 0.95, 0.02, 0.96],
    // A third part (57 questions from 53 other pages), scored unseen at the start of round 6 (67.8%
    // right, 95.8% fell back, 3.3% wrong) and then on the round's system (71.1%, 79.2%, 7.8%): its
    // misses were then read, and two general fixes came from them, so it is no longer held out.
    // Four of its five wrong answers are arguable labels (the card wallet for where the e-BHYT card
    // is; the fee-payment walk-through for "what is paying fees online").
    ['our real questions, third part', 'test/fixtures/real-holdout-3-questions.jsonl', 0.77, 0.95, 0.045, 0.93],
    // A fourth part (18 questions from 17 other pages), scored once unseen on round 6's final system:
    // 80.8% right, 70.0% fell back, 0% wrong (73.1%, 90.0%, 0% at the start of the round). Its three
    // stray answers are neighbouring questions an entry half answers (what an account costs: the
    // entry says to ask the officer; a fine for not declaring a stay: the entry says how to declare).
    // Round 7's out-of-scope subject for fine amounts (written from the tuning part's questions)
    // catches the second: 90% fell back.
    ['our real questions, fourth part', 'test/fixtures/real-holdout-4-questions.jsonl', 0.84, 0.9, 0.0, 1],
    // A fifth part (15 questions from 14 other pages; the last few the public pages held), held out:
    // scored unseen at the start of round 7 and on its final system, never read.
    ['our real questions, fifth part', 'test/fixtures/real-holdout-5-questions.jsonl', 0.55, 0.9, 0.12, 0.88],
  ])('gets %s right and is seldom confidently wrong', async (_name, file, right, fallback, wrong, oneTap) => {
    const result = await score(file);
    expect(result.inScopeRight, result.misses.join('\n')).toBeGreaterThanOrEqual(right);
    expect(result.fallback, result.misses.join('\n')).toBeGreaterThanOrEqual(fallback);
    expect(result.wrong, result.misses.join('\n')).toBeLessThanOrEqual(wrong);
    // Whatever it does not answer, it offers within one tap (an answer, a clarifying button or a suggestion).
    expect(result.oneTap, result.misses.join('\n')).toBeGreaterThanOrEqual(oneTap);
  });

  it('falls back on off-topic and near-miss messages it has never seen', async () => {
    const result = await score('test/fixtures/holdout-negatives.jsonl');
    expect(result.fallback, result.misses.join('\n')).toBeGreaterThanOrEqual(0.95);
  });

  it('falls back on most questions about neighbouring subjects asked in our own words', async () => {
    // 80 hard negatives (fines, allowances, SIM rules, BHYT benefits, other apps' accounts...)
    // written from the answers so that none answers them; 81.3% fell back when first scored.
    const result = await score('test/fixtures/neighbour-negatives.jsonl');
    expect(result.fallback, result.misses.join('\n')).toBeGreaterThanOrEqual(0.81);
  });

  it.each([
    ['quen mk vneid', 'vneid-forgot-passcode'],
    ['ko nhan dc ma kich hoat', 'vneid-activation-sms'],
    ['quên passcode', 'vneid-forgot-passcode'],
    ['sinh trắc học', 'qr-biometric-limit'],
    ['phạt nguội', 'dvc-traffic-fine'],
    ['kich haot vneid muc 2', 'vneid-level2'],
    ['hướng dẫn trả phí online', 'online-fee-payment'],
    ['muốn trả tiền chợ bằng điện thoại', 'qr-payment'],
    ['tôi muốn làm vneid mức 2', 'vneid-level2'],
    ['nộp phí online', 'online-fee-payment'],
    ['tài khoản định danh bao giờ hết hạn', 'vneid-expiry'],
    ['vneid ko gửi mã otp', 'vneid-activation-sms'],
    ['mã QR là gì', 'qr-how-to-scan'],
    ['bạn là ai', 'about-bot'],
    ['ban la ai', 'about-bot'],
    ['quét qr bị giới hạn 10 triệu', 'qr-biometric-limit'],
    ['đăng ký tạm trú cho người thuê phòng', 'vneid-residence-notice'],
  ])('understands "%s" as %s', async (text, id) => {
    const { match } = await core.handle({ channel: 'web', userId: `kw-${text}`, text, at: new Date() });
    expect(match.id).toBe(id);
  });

  it('answers nothing on generic words alone, and asks or suggests instead', async () => {
    for (const text of ['tài khoản', 'đăng ký', 'bao lâu', 'hướng dẫn em với']) {
      const { match } = await core.handle({ channel: 'web', userId: `generic-${text}`, text, at: new Date() });
      expect(match.kind, text).toBe('fallback');
    }
  });

  it('does not let an out-of-scope subject that shares only generic words block an in-scope question', async () => {
    const { match } = await core.handle({
      channel: 'web',
      userId: 'oos-generic',
      text: 'đăng ký tạm trú cho người thuê trọ trên vneid',
      at: new Date(),
    });
    expect(match).toMatchObject({ kind: 'knowledge', id: 'vneid-residence-notice' });
  });

  it('says it does not know what a violation is fined, and still answers how to pay a fine or declare a stay', async () => {
    const ask = (text: string) => core.handle({ channel: 'web', userId: `fine-${text}`, text, at: new Date() });
    const amount = await ask('không đăng ký tạm trú bị phạt bao nhiêu tiền vậy');
    expect(amount.match.kind).toBe('fallback');
    const said = amount.replies.map((r) => r.text).join('\n');
    expect(said).toContain('Tôi không tra được mức phạt');
    expect(said).toContain('đăng ký tạm trú');
    expect((await ask('bị phạt vượt đèn đỏ nộp ở đâu')).match).toMatchObject({ id: 'dvc-traffic-fine' });
    expect((await ask('đăng ký tạm trú')).match).toMatchObject({ id: 'vneid-residence-notice' });
  });

  it('understands a long message that wraps the question in a story', async () => {
    const text =
      'con cháu đi làm xa hết, ở nhà chỉ có hai ông bà già, hôm qua đổi sang điện thoại mới thì vào vneid nó cứ bắt xác thực trên máy cũ mà máy cũ hỏng rồi';
    const { match } = await core.handle({ channel: 'web', userId: 'long-1', text, at: new Date() });
    expect(match).toMatchObject({ kind: 'knowledge', id: 'vneid-new-phone' });
  });

  it.each([
    ['thủ tục đăng ký kết hôn ở đâu', /hộ tịch/],
    ['cấp sổ đỏ lần đầu mất bao lâu', /đất đai/],
    ['làm hộ chiếu cho con', /hộ chiếu/],
    ['lãi suất vay mua nhà', /không tư vấn vay/],
    ['mua thẻ bảo hiểm y tế cho cả gia đình', /mua, gia hạn bảo hiểm y tế/],
    ['quét mã vạch trên hộp sữa xem hàng thật không', /không trả lời được/],
    ['quên mật khẩu tiktok', /ứng dụng đó/],
    ['xổ số miền bắc hôm nay', /không trả lời được/],
  ])('falls back on "%s", which it does not cover, and says so', async (text, says) => {
    const { match, replies } = await core.handle({ channel: 'web', userId: `oos-${text}`, text, at: new Date() });
    expect(match.kind).toBe('fallback');
    expect(replies.map((r) => r.text).join('\n')).toMatch(says);
  });

  it.each(['ở đâu', '=2+2 ở đâu', 'là gì vậy'])('does not answer "%s", which asks about no subject', async (text) => {
    const { match } = await core.handle({ channel: 'web', userId: `nosubject-${text}`, text, at: new Date() });
    expect(match.kind).toBe('fallback');
  });
});
