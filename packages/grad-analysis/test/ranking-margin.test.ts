import { describe, expect, it } from 'vitest';
import { rankingMargins } from '../src/ranking-margin.js';

describe('rankingMargins (ranking Area Under the Margin)', () => {
  it('hand computation: scores 0, 1, 3 at angles 0, 36, 72; the middle one filed at 108', () => {
    // sd of [0, 1, 3] (population) = √(14/9).
    const sd = Math.sqrt(14 / 9);
    const result = rankingMargins([{ scores: [0, 1, 3], angles: [0, 108, 72] }]);
    // r0: partners 1 (108: order −1, m = (0−1)(−1) = 1), 2 (72: m = (0−3)(−1) = 3) → mean 2.
    // r1 (filed at 108): vs 0: (1−0)(+1) = 1; vs 2 (72): (1−3)(+1) = −2 → mean −½.
    // r2: vs 0: 3·1 = 3; vs 1 (108): (3−1)(−1) = −2 → mean ½.
    expect(result.margin[0]).toBeCloseTo(2 / sd, 12);
    expect(result.margin[1]).toBeCloseTo(-0.5 / sd, 12);
    expect(result.margin[2]).toBeCloseTo(0.5 / sd, 12);
    expect(result.misordered).toEqual([0, 0.5, 0.5]);
  });

  it('class margin: nearest other label median minus own label median, by hand', () => {
    // labels 0: [0, 0.1]; 36: [1, 1.1, 0.05 (the mislabelled one)] → medians 0.05 and 1.
    const scores = [0, 0.1, 1, 1.1, 0.05];
    const mean = 2.25 / 5;
    const sd = Math.sqrt(scores.reduce((s, v) => s + (v - mean) ** 2, 0) / 5);
    const { classMargin } = rankingMargins([{ scores, angles: [0, 0, 36, 36, 36] }]);
    const expected = [1 - 0.05, 0.9 - 0.05, 0.95 - 0, 1.05 - 0.1, 0 - 0.95].map((v) => v / sd);
    classMargin.forEach((m, i) => {
      expect(m).toBeCloseTo(expected[i], 12);
    });
  });

  it('averages over epochs; invariant to the score scale of each epoch', () => {
    const a = { scores: [0, 1, 3], angles: [0, 108, 72] };
    const b = { scores: [0, 10, 30], angles: [0, 108, 72] };
    const two = rankingMargins([a, b]);
    const one = rankingMargins([a]);
    two.margin.forEach((m, i) => {
      expect(m).toBeCloseTo(one.margin[i], 12);
    });
    expect(two.epochs).toBe(2);
  });

  it('constant scores: margin 0, every partner half mis-ordered (ties ½)', () => {
    const result = rankingMargins([{ scores: [5, 5, 5], angles: [0, 36, 72] }]);
    expect(result.margin).toEqual([0, 0, 0]);
    expect(result.misordered).toEqual([0.5, 0.5, 0.5]);
  });

  it('bad input names the epoch', () => {
    expect(() => rankingMargins([])).toThrow(/no epochs/);
    expect(() =>
      rankingMargins([
        { scores: [1, 2], angles: [0, 1] },
        { scores: [1], angles: [0, 1] },
      ]),
    ).toThrow(/epochs\[1\] has 1 scores/);
  });
});
