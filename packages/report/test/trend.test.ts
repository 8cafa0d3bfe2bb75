import { describe, expect, it } from 'vitest';
import { linearTrend, studentT975 } from '../src/trend.js';
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

  it('matches a hand computation: x = 1,2,3, y = 1,3,2', () => {
    // x̄ = ȳ = 2, Sxx = 2, Sxy = 1 → slope 0.5; residuals −0.5, 1, −0.5 → Σr² = 1.5;
    // SE = √(1.5/1/2) = √0.75; half width = t₀.₉₇₅(1)·SE = 12.706·0.8660 = 11.0037.
    const trend = linearTrend([1, 2, 3], [1, 3, 2])!;
    expect(trend.slope).toBeCloseTo(0.5, 12);
    expect(trend.high - trend.slope).toBeCloseTo(12.706 * Math.sqrt(0.75), 10);
    expect(trend.sign).toBe(0);
  });

  it('widens the interval to the per-point uncertainty when it exceeds the scatter', () => {
    // Exact line, σ = 2 each: SE = √(Σ(x−x̄)²σ²)/Sxx = √(2·4)/2 = √2.
    const trend = linearTrend([1, 2, 3], [1, 2, 3], [2, 2, 2])!;
    expect(trend.slope).toBeCloseTo(1, 12);
    expect(trend.high - trend.slope).toBeCloseTo(12.706 * Math.SQRT2, 10);
    expect(trend.sign).toBe(0);
  });

  it('returns null with fewer than three points or a single x', () => {
    expect(linearTrend([1, 2], [1, 2])).toBeNull();
    expect(linearTrend([4, 4, 4], [1, 2, 3])).toBeNull();
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
