/**
 * Least-squares trend of a quantity over epochs, with a 95% interval on the slope.
 *
 * slope = Σ(x−x̄)(y−ȳ) / Σ(x−x̄)²  (ordinary least squares). Its standard error is the larger of
 *  - the residual estimate  √(Σr²/(n−2) / Sxx)  (scatter of the points around the line), and
 *  - the propagated one     √(Σ(x−x̄)²σᵢ²) / Sxx  when each point has its own σᵢ (from its CI),
 * so a trend is only called clear when neither the scatter nor the per-epoch uncertainty hides it.
 * Interval: slope ± t₀.₉₇₅(n−2)·SE (Student t). Accumulates in float64.
 */
export interface Trend {
  points: number;
  slope: number;
  low: number;
  high: number;
  /** −1 / +1 when the whole interval is below / above zero, 0 when it contains zero. */
  sign: -1 | 0 | 1;
}

/**
 * Fewer points than this give no trend verdict: with 3 points a slope has 1 degree of freedom and
 * one odd epoch decides it (t₀.₉₇₅(1) = 12.7); 4 is the least the report calls a trend.
 */
export const MIN_TREND_POINTS = 4;

// Two-sided 95% Student t quantiles t₀.₉₇₅(df), df = 1…30 (standard tables).
const T975 = [
  12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228, 2.201, 2.179, 2.16, 2.145,
  2.131, 2.12, 2.11, 2.101, 2.093, 2.086, 2.08, 2.074, 2.069, 2.064, 2.06, 2.056, 2.052, 2.048,
  2.045, 2.042,
];

/** t₀.₉₇₅(df); beyond the table 1.96 + 2.5/df is within 0.002 of the exact value. */
export function studentT975(df: number): number {
  return df <= T975.length ? T975[df - 1] : 1.96 + 2.5 / df;
}

/**
 * Trend of ys over xs; `sigmas` (optional) are per-point standard errors.
 * Returns null with fewer than MIN_TREND_POINTS points or when all xs are equal.
 */
export function linearTrend(xs: number[], ys: number[], sigmas?: number[]): Trend | null {
  const n = xs.length;
  if (n < MIN_TREND_POINTS) return null;
  let xMean = 0;
  let yMean = 0;
  for (let i = 0; i < n; i++) {
    xMean += xs[i] / n;
    yMean += ys[i] / n;
  }
  let sxx = 0;
  let sxy = 0;
  for (let i = 0; i < n; i++) {
    sxx += (xs[i] - xMean) ** 2;
    sxy += (xs[i] - xMean) * (ys[i] - yMean);
  }
  if (sxx === 0) return null;
  const slope = sxy / sxx;
  let residualSquares = 0;
  let propagated = 0;
  for (let i = 0; i < n; i++) {
    residualSquares += (ys[i] - yMean - slope * (xs[i] - xMean)) ** 2;
    if (sigmas) propagated += (xs[i] - xMean) ** 2 * sigmas[i] ** 2;
  }
  const standardError = Math.max(
    Math.sqrt(residualSquares / (n - 2) / sxx),
    Math.sqrt(propagated) / sxx,
  );
  const half = studentT975(n - 2) * standardError;
  const low = slope - half;
  const high = slope + half;
  return { points: n, slope, low, high, sign: high < 0 ? -1 : low > 0 ? 1 : 0 };
}
