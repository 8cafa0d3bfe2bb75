import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { selectBackend } from '../src/backend.js';
import type { ModelError } from '../src/errors.js';
import { marginRankingLoss, marginRankingLossFromScores } from '../src/loss.js';

describe('marginRankingLoss (PyTorch MarginRankingLoss, mean reduction)', () => {
  beforeAll(async () => {
    await selectBackend('cpu', () => {});
  });

  it('matches hand-computed values', () => {
    // Pair terms max(0, −y(s1 − s2) + m) with m = 1:
    //   s1=3, s2=1, y=+1 → max(0, −2 + 1) = 0
    //   s1=3, s2=1, y=−1 → max(0,  2 + 1) = 3
    //   s1=0.5, s2=0, y=+1 → max(0, −0.5 + 1) = 0.5
    //   s1=−1, s2=2, y=+1 → max(0, 3 + 1) = 4      mean = 7.5 / 4 = 1.875
    const loss = marginRankingLoss(
      tf.tensor1d([3, 3, 0.5, -1]),
      tf.tensor1d([1, 1, 0, 2]),
      tf.tensor1d([1, -1, 1, 1]),
      1,
    );
    expect(loss.dataSync()[0]).toBeCloseTo(1.875, 6);
  });

  it('defaults to margin 10: equal scores cost exactly the margin', () => {
    const loss = marginRankingLoss(tf.tensor1d([2, 2]), tf.tensor1d([2, 2]), tf.tensor1d([1, -1]));
    expect(loss.dataSync()[0]).toBe(10);
  });

  it('is zero once every pair is ordered by more than the margin', () => {
    const loss = marginRankingLoss(
      tf.tensor1d([20, -5]),
      tf.tensor1d([5, 20]),
      tf.tensor1d([1, -1]),
    );
    expect(loss.dataSync()[0]).toBe(0);
  });
});

describe('marginRankingLossFromScores', () => {
  it('matches the hand-computed values above, pairs indexing one score list', () => {
    // The four pairs of 'matches hand-computed values' as indices into [3, 1, 0.5, 0, −1, 2].
    const scores = [3, 1, 0.5, 0, -1, 2];
    const pairs = [
      { left: 0, right: 1, target: 1 },
      { left: 0, right: 1, target: -1 },
      { left: 2, right: 3, target: 1 },
      { left: 4, right: 5, target: 1 },
    ] as const;
    expect(marginRankingLossFromScores(scores, pairs, 1)).toBeCloseTo(1.875, 12);
  });

  it('is NaN without pairs', () => {
    expect(marginRankingLossFromScores([1, 2], [], 10)).toBeNaN();
  });

  it('refuses, naming the pair, an index outside the scores, a bad target and a non-finite score or margin', () => {
    const pair = (left: number, right: number, target: 1 | -1 = 1) => ({ left, right, target });
    const fails = (
      scores: number[],
      pairs: { left: number; right: number; target: 1 | -1 }[],
      margin = 10,
    ) => {
      try {
        marginRankingLossFromScores(scores, pairs, margin);
      } catch (error) {
        return [(error as ModelError).code, (error as Error).message];
      }
      return null;
    };
    expect(fails([1, 2], [pair(0, 1), pair(1, 2)])).toEqual([
      'INVALID_BATCH',
      'marginRankingLossFromScores: pairs[1].right is 2; expected an index into the 2 scores',
    ]);
    expect(fails([1, 2], [pair(0.5, 1)])).toEqual([
      'INVALID_BATCH',
      'marginRankingLossFromScores: pairs[0].left is 0.5; expected an index into the 2 scores',
    ]);
    expect(fails([1, 2], [pair(0, 1, 0 as 1)])).toEqual([
      'INVALID_BATCH',
      'marginRankingLossFromScores: pairs[0].target is 0; expected 1 or -1',
    ]);
    expect(fails([1, Number.NaN], [pair(0, 1)])).toEqual([
      'NAN_LOSS',
      'marginRankingLossFromScores: scores[1] (pairs[0].right) is NaN; the loss would not be finite',
    ]);
    expect(fails([1, 2], [pair(0, 1)], Number.POSITIVE_INFINITY)).toEqual([
      'NAN_LOSS',
      'marginRankingLossFromScores: margin is Infinity; expected a finite number',
    ]);
  });
});
