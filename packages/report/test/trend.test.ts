import { describe, expect, it } from 'vitest';
import { linearTrend, MIN_TREND_POINTS, studentT975 } from '../src/trend.js';
import { normalQuantile } from '../src/verdicts.js';

describe('linearTrend', () => {
  it('recovers the slope of an exact line with a zero-width interval', () => {
    const xs = [5, 10, 15, 20];
    const trend = linearTrend(
      xs,
      xs.map((x) => 3 - 2 * x),
    )!;
    expect(trend.slope).toBeCloseTo(-2, 12);
    expect(trend.high - trend.low).toBeCloseTo(0, 12);
    expect(trend.sign).toBe(-1);
  });

  it('matches scipy.stats.linregress: x = 1,2,3,4, y = 1,3,2,4', () => {
    // x̄ = 2.5, ȳ = 2.5, Sxx = 5, Sxy = 4 → slope 0.8; residuals −0.3, 0.9, −0.9, 0.3 → Σr² = 1.8;
    // SE = √(1.8/2/5) = 0.424264 (linregress stderr); half width = t₀.₉₇₅(2)·SE = 4.303·0.424264.
    const trend = linearTrend([1, 2, 3, 4], [1, 3, 2, 4])!;
    expect(trend.slope).toBeCloseTo(0.8, 12);
    expect(trend.high - trend.slope).toBeCloseTo(4.303 * 0.42426406871192845, 10);
    expect(trend.sign).toBe(0);
  });

  it('widens the interval to the per-point uncertainty when it exceeds the scatter', () => {
    // Exact line, σ = 2 each: SE = √(Σ(x−x̄)²σ²)/Sxx = √(5·4)/5 = 2/√5.
    const trend = linearTrend([1, 2, 3, 4], [1, 2, 3, 4], [2, 2, 2, 2])!;
    expect(trend.slope).toBeCloseTo(1, 12);
    expect(trend.high - trend.slope).toBeCloseTo(4.303 * (2 / Math.sqrt(5)), 10);
    expect(trend.sign).toBe(0);
  });

  it('returns null with fewer than MIN_TREND_POINTS (4) points or a single x', () => {
    expect(MIN_TREND_POINTS).toBe(4);
    expect(linearTrend([1, 2, 3], [1, 2, 3])).toBeNull();
    expect(linearTrend([4, 4, 4, 4], [1, 2, 3, 4])).toBeNull();
  });
});

describe('quantiles', () => {
  it('gives the tabulated Student t and normal values', () => {
    expect(studentT975(1)).toBe(12.706);
    expect(studentT975(10)).toBe(2.228);
    expect(Math.abs(studentT975(60) - 2.0003)).toBeLessThan(0.002);
    expect(normalQuantile(0.975)).toBeCloseTo(1.959964, 5);
    expect(normalQuantile(0.5)).toBeCloseTo(0, 6);
  });
});
