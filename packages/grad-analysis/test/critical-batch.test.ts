import { describe, expect, it } from 'vitest';
import { readCriticalBatch } from '../src/critical-batch.js';

const ok = (bSimple: number) =>
  ({ bSimple, status: bSimple < 0 ? 'negative' : 'ok', undefinedReason: null }) as const;

describe('readCriticalBatch (McCandlish et al. 2018, ε_opt(B) = ε_max/(1 + B_noise/B))', () => {
  it('gives the learning-rate fraction 1/(1 + B_noise/B) and suggests larger batches above B', () => {
    const reading = readCriticalBatch(ok(12), 4); // 1/(1 + 3) = 0.25
    expect(reading.learningRateFraction).toBe(0.25);
    expect(reading.bNoise).toBe(12);
    expect(reading.suggestion).toMatch(
      /^B_simple ≈ 12.0 examples is above the batch size 4: the paper's model suggests larger batches/,
    );
    expect(reading.suggestion).toMatch(/ε_opt ≈ 0.25·ε_max/);
  });

  it('says larger batches would mostly spend examples when B_noise ≤ B', () => {
    const reading = readCriticalBatch(ok(2), 8); // 1/(1 + 1/4) = 0.8
    expect(reading.learningRateFraction).toBeCloseTo(0.8, 14);
    expect(reading.suggestion).toMatch(/at or below the batch size 8/);
  });

  it('refuses to read a non-positive estimate and says why', () => {
    const reading = readCriticalBatch(ok(-3), 4);
    expect(reading.learningRateFraction).toBeNull();
    expect(reading.status).toBe('negative');
    expect(reading.suggestion).toMatch(/^B_simple = -3.00 is not positive/);
  });

  it('passes an undefined B_simple through as null with its reason, never NaN', () => {
    const reason = 'the |G|² estimate is exactly 0';
    const reading = readCriticalBatch(
      { bSimple: null, status: 'undefined', undefinedReason: reason },
      4,
    );
    expect(reading.bNoise).toBeNull();
    expect(reading.learningRateFraction).toBeNull();
    expect(reading.status).toBe('undefined');
    expect(reading.undefinedReason).toBe(reason);
    expect(reading.suggestion).toBe(
      `B_simple is undefined at this probe (${reason}); no batch-size reading.`,
    );
  });
});
