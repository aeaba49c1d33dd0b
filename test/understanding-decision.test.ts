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
  return { kind: 'knowledge', id, score, word: score, ngram: score, specific: 6, shared, key: shared[0], keyRarity: 4 };
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

  it('answers the best sibling when one of its question variants says all the message says', () => {
    const ranking = siblings({ first: 0, second: 0 });
    ranking.candidates[0]!.word = CUTOFFS.siblingSure;
    expect(decide(ranking, 'x', related, CUTOFFS)).toMatchObject({ kind: 'answer', target: { id: 'vneid-new-phone' } });
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
    const u = understand(matcher, 'thanh toán qr', related);
    expect(u.kind).toBe('clarify');
  });

  it('answers a question about a flow, not the flow from its start, when a step of it failed', () => {
    for (const text of ['không kích hoạt được tài khoản định danh', 'ko kich hoat dc vneid']) {
      const u = understand(matcher, text, related);
      expect(u.kind === 'answer' && u.target.kind, text).toBe('knowledge');
    }
    const u = understand(matcher, 'hướng dẫn kích hoạt vneid mức 2', related);
    expect(u).toMatchObject({ kind: 'answer', target: { kind: 'flow', id: 'vneid-level2' } });
  });

  it('starts the flow when asked how, even with several of its questions equally close', () => {
    const u = understand(matcher, 'Thanh toán bằng mã QR code như thế nào?', related);
    expect(u).toMatchObject({ kind: 'answer', target: { kind: 'flow', id: 'qr-payment' } });
    // Without a how-to word, the same closeness is a question with the flow among the options.
    const bare = understand(matcher, 'thanh toán qr', related);
    expect(bare.kind === 'clarify' && bare.options.map((o) => o.id)).toContain('qr-payment');
  });

  it('answers the best of two equally close targets only when the message has a rare word of it and none of the other', () => {
    const close = (contrast: { first: number; second: number }): Ranking => {
      const ranking = siblings(contrast);
      ranking.candidates[1]!.score = ranking.candidates[0]!.score - CUTOFFS.clarifyBand / 2;
      return ranking;
    };
    expect(decide(close({ first: CUTOFFS.apart, second: 0 }), 'x', related, CUTOFFS).kind).toBe('answer');
    expect(decide(close({ first: CUTOFFS.apart, second: 0.5 }), 'x', related, CUTOFFS).kind).toBe('clarify');
    expect(decide(close({ first: CUTOFFS.apart / 2, second: 0 }), 'x', related, CUTOFFS).kind).toBe('clarify');
  });
});
