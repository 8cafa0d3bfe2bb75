import { describe, expect, it } from 'vitest';
import { averageRanks, pairwiseAccuracy, spearman } from '../src/index.js';

describe('averageRanks', () => {
  it('gives tied values the mean of the ranks they span', () => {
    expect([...averageRanks([3, 1, 3, 2])]).toEqual([3.5, 1, 3.5, 2]);
    expect([...averageRanks([5, 5, 5])]).toEqual([2, 2, 2]);
  });
});

describe('spearman', () => {
  it('is ±1 for monotone relations, whatever their shape', () => {
    expect(spearman([1, 2, 3, 4], [1, 8, 27, 64])).toBeCloseTo(1, 15);
    expect(spearman([1, 2, 3, 4], [10, 0, -5, -100])).toBeCloseTo(-1, 15);
  });

  it('handles ties by average ranks (hand computation: 3/√10)', () => {
    // ranks x = 1,2,3,4; y = 1,2.5,2.5,4; Σdxdy = 4.5, Σdx² = 5, Σdy² = 4.5 → 4.5/√22.5 = 3/√10
    expect(spearman([1, 2, 3, 4], [10, 20, 20, 30])).toBeCloseTo(3 / Math.sqrt(10), 14);
  });

  it('is NaN when undefined (constant side or fewer than 2 values)', () => {
    expect(spearman([1, 2, 3], [7, 7, 7])).toBeNaN();
    expect(spearman([1], [2])).toBeNaN();
  });
});

describe('pairwiseAccuracy', () => {
  it('counts correctly ordered pairs of different angles (hand case: 2 of 3)', () => {
    // (0°,90°) .1<.5 right, (0°,180°) .1<.3 right, (90°,180°) .5>.3 wrong
    expect(pairwiseAccuracy([0.1, 0.5, 0.3], [0, 90, 180])).toBeCloseTo(2 / 3, 15);
  });

  it('skips pairs of equal angle and counts a score tie as ½', () => {
    expect(pairwiseAccuracy([1, 1, 9], [0, 90, 90])).toBeCloseTo((0.5 + 1) / 2, 15);
    expect(pairwiseAccuracy([1, 2], [45, 45])).toBeNaN();
  });
});
