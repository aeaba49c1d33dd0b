import { describe, expect, it } from 'vitest';
import { loadContent } from '../src/content/load.js';
import { CUTOFFS, decide, understand } from '../src/core/understand.js';
import type { Candidate, Ranking } from '../src/matching/matcher.js';
import { Matcher } from '../src/matching/matcher.js';
import { matchTargets } from '../src/matching/targets.js';

const content = loadContent(process.cwd());
const matcher = new Matcher(matchTargets(content));
const related = (id: string) => content.knowledge.get(id)?.flow;

function candidate(id: string, score: number, shared: string[]): Candidate {
  return {
    kind: 'knowledge',
    id,
    score,
    variantScore: score,
    topic: score,
    word: score,
    ngram: score,
    specific: 6,
    shared,
    key: shared[0],
    keyRarity: 4,
    cover: { message: 1, variant: 1 },
  };
}

/** Two sibling entries, the first ahead by less than the sibling band but more than the clarify band. */
function siblings(contrast: { first: number; second: number }): Ranking {
  const gap = (CUTOFFS.clarifyBand + CUTOFFS.siblingBand) / 2;
  return {
    candidates: [
      candidate('vneid-new-phone', 0.7, ['vneid', 'dienthoai']),
      candidate('vneid-change-phone-number', 0.7 - gap, ['vneid', 'dienthoai']),
    ],
    agree: true,
    known: ['vneid', 'dienthoai'],
    contrast,
    ours: new Set(['vneid', 'dienthoai']),
    rarity: new Map([
      ['vneid', 1.2],
      ['dienthoai', 1.4],
    ]),
  };
}

describe('the decision between answering, asking and falling back', () => {
  it('asks with both buttons when two close siblings are not told apart by any word of the message', () => {
    const u = decide(siblings({ first: 0, second: 0 }), 'vneid điện thoại', related, CUTOFFS);
    expect(u).toMatchObject({ kind: 'clarify', why: 'a close sibling not told apart' });
    expect(u.kind === 'clarify' && u.options.map((o) => o.id)).toEqual([
      'vneid-new-phone',
      'vneid-change-phone-number',
    ]);
  });

  it('asks when the message has more words of the runner-up than of the best', () => {
    expect(decide(siblings({ first: 1, second: 3 }), 'x', related, CUTOFFS).kind).toBe('clarify');
  });

  it('answers the best sibling when the message has the words that tell it apart', () => {
    const u = decide(siblings({ first: 4, second: 0 }), 'x', related, CUTOFFS);
    expect(u).toMatchObject({ kind: 'answer', target: { id: 'vneid-new-phone' } });
  });

  it('asks instead of answering when the best explains little of a long message and only one signal names it', () => {
    // Told apart from the next by its words, but the message has many rare words its variant lacks.
    const ranking = siblings({ first: 4, second: 0 });
    ranking.agree = false;
    ranking.candidates[0]!.cover = { message: 0.3, variant: 1 };
    const u = decide(ranking, 'x', related, CUTOFFS);
    expect(u).toMatchObject({
      kind: 'clarify',
      why: 'confident; told apart from the next, but thin evidence both ways',
    });
    expect(u.kind === 'clarify' && u.options.map((o) => o.id)).toEqual([
      'vneid-new-phone',
      'vneid-change-phone-number',
    ]);
  });

  it('asks when the message explains little of the best variant', () => {
    const ranking = siblings({ first: 4, second: 0 });
    ranking.agree = false;
    ranking.candidates[0]!.cover = { message: 1, variant: 0.4 };
    expect(decide(ranking, 'x', related, CUTOFFS).kind).toBe('clarify');
  });

  it('still answers on thin evidence when both signals name the best, or it leads the next by a clear margin', () => {
    const agreed = siblings({ first: 4, second: 0 });
    agreed.candidates[0]!.cover = { message: 0.3, variant: 1 };
    expect(decide(agreed, 'x', related, CUTOFFS)).toMatchObject({ kind: 'answer', target: { id: 'vneid-new-phone' } });
    const ahead = siblings({ first: 4, second: 0 });
    ahead.agree = false;
    ahead.candidates[0]!.cover = { message: 0.3, variant: 1 };
    ahead.candidates[1]!.score = 0.7 - CUTOFFS.coverMargin - 0.01;
    expect(decide(ahead, 'x', related, CUTOFFS)).toMatchObject({ kind: 'answer', target: { id: 'vneid-new-phone' } });
  });

  it('tells a new phone from a new number by the words people use', () => {
    for (const [text, id] of [
      ['đăng nhập vneid trên máy mới', 'vneid-new-phone'],
      ['đổi điện thoại vneid', 'vneid-new-phone'],
      ['đổi số điện thoại vneid', 'vneid-change-phone-number'],
      ['đổi sim vneid', 'vneid-change-phone-number'],
    ]) {
      const u = understand(matcher, text!, related);
      expect(u.kind === 'answer' && u.target.id, text).toBe(id);
    }
  });

  it('tells making the ID card from having one or bringing it along for VNeID level 2', () => {
    for (const [text, id] of [
      ['làm căn cước gắn chip', 'id-card-issue'],
      ['lam cccd o dau', 'id-card-issue'],
      ['làm mức 2 cần mang gì', 'vneid-level2-documents'],
    ]) {
      const u = understand(matcher, text!, related);
      expect(u.kind === 'answer' && u.target.id, text).toBe(id);
    }
    // What to bring to make the card: no entry says, and the health card is not what is meant.
    const u = understand(matcher, 'làm căn cước cần mang gì', related);
    expect(u.kind === 'answer' ? u.target.id : u.kind).not.toBe('health-bhyt-instead-card');
  });

  it('does not ask a clarifying question about a message that shares only everyday words with us', () => {
    for (const text of ['con mèo nhà tôi tên là gì', 'bà ơi cái bàn này giá bao nhiêu']) {
      expect(understand(matcher, text, related).kind, text).toBe('fallback');
    }
  });

  it('still asks when the options share a subject word with the message', () => {
    const u = understand(matcher, 'quét qr bị lừa', related);
    expect(u.kind === 'clarify' && u.options.map((o) => o.id)).toContain('qr-fake-code');
  });

  it('answers a question about a flow, not the flow from its start, when a step of it failed', () => {
    const u1 = understand(matcher, 'không kích hoạt được tài khoản định danh', related);
    expect(u1).toMatchObject({ kind: 'answer', target: { kind: 'knowledge', id: 'vneid-activation-sms' } });
    // Typed in chat: that entry answers, or a question offers it first; never the flow from its start.
    const u2 = understand(matcher, 'ko kich hoat dc vneid', related);
    const offered = u2.kind === 'answer' ? u2.target.id : u2.kind === 'clarify' ? u2.options[0]!.id : undefined;
    expect(offered).toBe('vneid-activation-sms');
    const u = understand(matcher, 'hướng dẫn kích hoạt vneid mức 2', related);
    expect(u).toMatchObject({ kind: 'answer', target: { kind: 'flow', id: 'vneid-level2' } });
  });

  it('starts the flow when asked how, even with several of its questions equally close', () => {
    const u = understand(matcher, 'Thanh toán bằng mã QR code như thế nào?', related);
    expect(u).toMatchObject({ kind: 'answer', target: { kind: 'flow', id: 'qr-payment' } });
    // Without a how-to word, the one question close to the flow answers (its reply offers the flow).
    const bare = understand(matcher, 'thanh toán qr', related);
    expect(bare).toMatchObject({ kind: 'answer', target: { id: 'qr-how-to-scan' } });
    expect(related('qr-how-to-scan')).toBe('qr-payment');
  });

  it('explains what a procedure is when asked what it is, instead of starting its walk-through', () => {
    const u = understand(matcher, 'thanh toan le phi truc tuyen la gi vay', related);
    expect(u).toMatchObject({ kind: 'answer', target: { kind: 'knowledge', id: 'dvc-payment-methods' } });
    // Asked how, the same words start the walk-through.
    const how = understand(matcher, 'thanh toán lệ phí trực tuyến như thế nào', related);
    expect(how).toMatchObject({ kind: 'answer', target: { kind: 'flow', id: 'online-fee-payment' } });
  });
  it('offers the targets that share a rare word with the message before those met on a generic word only', () => {
    const generic = (id: string, score: number): Candidate => ({ ...candidate(id, score, ['vneid']), specific: 1.2 });
    const ranking: Ranking = {
      candidates: [
        generic('vneid-mandatory', 0.28),
        generic('vneid-level2', 0.27),
        generic('vneid-expiry', 0.26),
        candidate('vneid-correct-info', 0.25, ['vneid', 'suathongtin']),
      ],
      agree: false,
      known: ['vneid', 'suathongtin'],
      contrast: { first: 0, second: 0 },
      ours: new Set(['vneid', 'suathongtin']),
      rarity: new Map([
        ['vneid', 1.2],
        ['suathongtin', 4.8],
      ]),
    };
    const u = decide(ranking, 'sửa thông tin trên vneid', related, CUTOFFS);
    expect(u.kind).toBe('fallback');
    expect(u.kind === 'fallback' && u.suggestions.map((o) => o.id)).toEqual([
      'vneid-correct-info',
      'vneid-mandatory',
      'vneid-level2',
    ]);
    // Without the grouping, shared evidence times score still puts it first (by score alone it was 4th, left out).
    const ungrouped = decide(ranking, 'sửa thông tin trên vneid', related, { ...CUTOFFS, buttonEvidence: 0 });
    expect(ungrouped.kind === 'fallback' && ungrouped.suggestions[0]!.id).toBe('vneid-correct-info');
  });

  it('keeps the best-ranked topic among the buttons even when it shares only common words with the message', () => {
    const generic = (id: string, score: number): Candidate => ({ ...candidate(id, score, ['vneid']), specific: 1.2 });
    const ranking: Ranking = {
      candidates: [
        generic('vneid-where-to-register', 0.45),
        candidate('vneid-level2-documents', 0.35, ['vneid', 'giayto']),
        candidate('vneid-sim-own-name', 0.34, ['vneid', 'sim']),
        candidate('vneid-children', 0.33, ['vneid', 'treem']),
      ],
      agree: false,
      known: ['vneid', 'chiphi'],
      contrast: { first: 0, second: 0 },
      ours: new Set(['vneid']),
      rarity: new Map([['vneid', 1.2]]),
    };
    const u = decide(ranking, 'đăng ký vneid có mất chi phí gì không', related, CUTOFFS);
    expect(u.kind).toBe('fallback');
    const shown = u.kind === 'fallback' ? u.suggestions.map((o) => o.id) : [];
    expect(shown).toHaveLength(3);
    expect(shown).toContain('vneid-where-to-register');
    expect(shown.slice(0, 2)).toEqual(['vneid-level2-documents', 'vneid-sim-own-name']);
  });
});
