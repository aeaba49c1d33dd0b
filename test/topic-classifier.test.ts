import { describe, expect, it } from 'vitest';
import { TopicClassifier } from '../src/matching/topic-classifier.js';

const words = (text: string) => text.split(' ');
const known = (text: string) => words(text).map((word) => ({ word, factor: 1 }));

describe('the topic classifier', () => {
  const classifier = new TopicClassifier(
    [
      { kind: 'knowledge', id: 'methods', texts: ['lephi thenganhang', 'lephi vidientu', 'cach thanhtoan lephi'] },
      { kind: 'knowledge', id: 'failed', texts: ['lephi loi', 'thanhtoan loi tru tien'] },
      { kind: 'knowledge', id: 'atm', texts: ['rut tien atm'], about: ['thenganhang rut tien'] },
    ],
    words,
  );

  it('finds the topic whose words are spread over several of its variants, though no single variant has them all', () => {
    const { best, relative } = classifier.scores(known('thanhtoan lephi thenganhang'), 3, 3);
    expect(best[0]).toBe(0);
    expect(relative(0)).toBe(1);
    expect(relative(1)).toBeLessThan(1);
  });

  it('learns a little from what a topic says about itself, less than from its questions', () => {
    const { best } = classifier.scores(known('thenganhang'), 1, 3);
    expect(best.slice(0, 2)).toEqual([0, 2]);
  });

  it('has no opinion on a message none of whose words it knows', () => {
    const { best, relative } = classifier.scores(known('thoitiet'), 1, 3);
    expect(best).toEqual([]);
    expect(relative(0)).toBe(0);
  });
});
