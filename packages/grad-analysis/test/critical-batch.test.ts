import { describe, expect, it } from 'vitest';
import { readCriticalBatch } from '../src/critical-batch.js';

const ok = (bSimple: number) =>
  ({ bSimple, status: bSimple < 0 ? 'negative' : 'ok', undefinedReason: null }) as const;

describe('readCriticalBatch (McCandlish et al. 2018, ε_opt(B) = ε_max/(1 + B_noise/B))', () => {
  const interval = (low: number, high: number | null) => ({
    level: 0.95,
    kind: high === null ? ('lower-bound' as const) : ('two-sided' as const),
    low,
    high,
    method: 'test',
    resamples: 1,
    seed: 0,
  });
  const read = (bSimple: number, low: number, high: number | null, batch: number, max?: number) =>
    readCriticalBatch({ ...ok(bSimple), interval: interval(low, high) }, batch, {
      maxBatchSize: max,
    });

  it('suggests larger batches only when the interval lies above B, with ε_opt = 1/(1 + B_noise/B)', () => {
    const reading = read(12, 6, 30, 4); // 1/(1 + 3) = 0.25
    expect(reading.learningRateFraction).toBe(0.25);
    expect(reading.bNoise).toBe(12);
    expect(reading.suggestion).toMatch(
      /^B_simple ≈ 12.0 examples \(95% interval 6.00…30.0\) is above the batch size 4: the paper's model suggests larger batches \(towards ~12\)/,
    );
    expect(reading.suggestion).toMatch(/≈ 0.25·ε_max/);
  });

  it('bounds the suggestion by the largest batch the data allow', () => {
    expect(read(4062, 900, 9000, 4, 48).suggestion).toMatch(
      /larger batches \(up to 48, the largest the data allow\)/,
    );
    expect(read(4062, 900, 9000, 4, 48).suggestion).not.toMatch(/4062 ?\)|~4062/);
    expect(read(4062, 900, null, 48, 48).suggestion).toMatch(
      /already the largest the data allow \(48\): no larger batch is possible/,
    );
  });

  it('suggests smaller batches only when the interval lies below B', () => {
    const reading = read(2, 1, 3, 8); // 1/(1 + 1/4) = 0.8
    expect(reading.learningRateFraction).toBeCloseTo(0.8, 14);
    expect(reading.suggestion).toMatch(
      /is below the batch size 8: the paper's model suggests smaller batches/,
    );
  });

  it('indicates no change when the interval spans B (two-sided or one-sided), or there is none', () => {
    expect(read(12, 2, 30, 4).suggestion).toBe(
      'B_simple ≈ 12.0 examples (95% interval 2.00…30.0): the interval includes the batch size 4: no change indicated (ε_opt(B) = ε_max/(1 + B_noise/B) ≈ 0.25·ε_max now).',
    );
    expect(read(12, 3, null, 4).suggestion).toMatch(
      /\(95% interval B_simple ≥ 3.00\): the interval includes the batch size 4: no change indicated/,
    );
    expect(readCriticalBatch(ok(12), 3.667).suggestion).toMatch(
      /has no interval at this probe, so no change of the batch size 3.667 is indicated/,
    );
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
