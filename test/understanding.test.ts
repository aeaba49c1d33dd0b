import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadContent } from '../src/content/load.js';
import { ConversationCore } from '../src/core/conversation.js';
import { MemoryStore } from '../src/store/memory-store.js';

interface Labelled {
  text: string;
  kind: 'flow' | 'knowledge' | 'fallback';
  expect: string[];
}

const core = new ConversationCore({ content: loadContent(process.cwd()), store: new MemoryStore(), pseudonym: (k) => k });

/** Scores a set of citizen messages the way the outside scorer does: each as a fresh user. */
async function score(file: string) {
  const items: Labelled[] = readFileSync(file, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l));
  let inScope = 0, right = 0, wrong = 0, outScope = 0, fellBack = 0;
  const misses: string[] = [];
  for (const [i, item] of items.entries()) {
    const { match } = await core.handle({ channel: 'web', userId: `${file.replace(/\W/g, '')}-${i}`, text: item.text, at: new Date() });
    if (item.kind === 'fallback') {
      outScope++;
      if (match.kind === 'fallback') fellBack++;
      else misses.push(`should fall back: ${item.text} -> ${match.kind}:${match.id}`);
      continue;
    }
    inScope++;
    const kindOk = match.kind === 'flow' || match.kind === 'knowledge';
    if (kindOk && item.expect.includes(match.id ?? '')) right++;
    else {
      if (match.kind !== 'fallback') wrong++;
      misses.push(`missed: ${item.text} -> ${match.kind}:${match.id ?? ''} (expected ${item.expect.join('|')})`);
    }
  }
  return { inScopeRight: right / inScope, fallback: fellBack / outScope, wrong: wrong / inScope, misses };
}

describe('understanding citizen messages', () => {
  it.each([
    ['the development set', 'test/fixtures/dev-questions.jsonl'],
    ['our first held-out set', 'test/fixtures/holdout-questions.jsonl'],
    ['our second held-out set', 'test/fixtures/holdout-2-questions.jsonl'],
    ['our third held-out set', 'test/fixtures/holdout-3-questions.jsonl'],
    ['our fourth held-out set', 'test/fixtures/holdout-4-questions.jsonl'],
  ])('gets %s right and never confidently wrong', async (_name, file) => {
    const result = await score(file);
    expect(result.inScopeRight, result.misses.join('\n')).toBeGreaterThanOrEqual(0.92);
    expect(result.fallback, result.misses.join('\n')).toBeGreaterThanOrEqual(0.85);
    expect(result.wrong, result.misses.join('\n')).toBeLessThanOrEqual(0.04);
  });

  it('falls back on off-topic and near-miss messages it has never seen', async () => {
    const result = await score('test/fixtures/holdout-negatives.jsonl');
    expect(result.fallback, result.misses.join('\n')).toBeGreaterThanOrEqual(0.85);
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
  ])('understands "%s" as %s', async (text, id) => {
    const { match } = await core.handle({ channel: 'web', userId: `kw-${text}`, text, at: new Date() });
    expect(match.id).toBe(id);
  });

  it.each([
    ['thủ tục đăng ký kết hôn ở đâu', /hộ tịch/],
    ['cấp sổ đỏ lần đầu mất bao lâu', /đất đai/],
    ['làm hộ chiếu cho con', /hộ chiếu/],
    ['lãi suất vay mua nhà', /không tư vấn vay/],
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
