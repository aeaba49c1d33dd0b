import { describe, expect, it } from 'vitest';
import { loadContent } from '../src/content/load.js';
import { buttonTitle } from '../src/core/replies.js';

describe('button titles', () => {
  it('keeps a short title as it is', () => {
    expect(buttonTitle('Quên mật khẩu VNeID')).toBe('Quên mật khẩu VNeID');
  });

  it('cuts a long title at a whole word, with an ellipsis, never in the middle of a word', () => {
    const long = 'Cuộc gọi giả danh công an, cán bộ bảo cài ứng dụng hay cập nhật VNeID';
    const shown = buttonTitle(long);
    expect(shown).toBe('Cuộc gọi giả danh công an, cán bộ bảo cài ứng dụng hay cập…');
    expect(shown.length).toBeLessThanOrEqual(60);
  });

  it('shows every knowledge title either whole or cut after a whole word', () => {
    for (const entry of loadContent(process.cwd()).knowledge.values()) {
      const shown = buttonTitle(entry.title);
      if (shown === entry.title) continue;
      const kept = shown.slice(0, -1);
      expect(shown.endsWith('…') && shown.length <= 60, entry.id).toBe(true);
      expect(entry.title.startsWith(kept) && /[\s,.;:-]/.test(entry.title[kept.length]!), entry.id).toBe(true);
    }
  });
});
