import { describe, expect, it } from 'vitest';
import { allValidationPairs, evaluateValidation, toPairBatch } from '../src/index.js';
import { LinearRanker, rampSamples } from './support/linear-ranker.js';

describe('evaluateValidation', () => {
  it('takes the loss from the scores: the model’s own loss over every pair, to float32 rounding', () => {
    const samples = rampSamples(2, 8, 3); // 12 samples, 2 of each of 6 angles
    const pairs = allValidationPairs(samples);
    expect(pairs).toHaveLength(66 - 6); // every pair but the 6 of equal angles
    for (const margin of [0.01, 0.05, 1]) {
      const model = new LinearRanker(64, 7, margin);
      const direct = model.evaluateLoss(toPairBatch(samples, pairs));
      const { loss } = evaluateValidation(model, samples, margin);
      expect(Math.abs(loss - direct)).toBeLessThan(1e-7 * Math.max(1, direct));
    }
  });
});
