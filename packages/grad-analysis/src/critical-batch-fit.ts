import { GradAnalysisError } from './errors.js';
import { studentTQuantile } from './student-t.js';

/** One training run: its batch size and the optimisation steps it needed to reach a target. */
export interface StepsToTarget {
  batchSize: number; // B, examples per step
  steps: number; // S, optimisation steps to reach the target
}

export interface CriticalBatchFitOptions {
  /** Confidence level of the B_crit interval, in (0, 1); default 0.95. */
  level?: number;
}

/** Fieller interval for B_crit = E_min/S_min (always contains the point estimate). */
export interface CriticalBatchInterval {
  level: number;
  low: number;
  high: number;
  method: string;
}

/**
 * The fit of McCandlish et al. 2018 eq. 2.11. 'undefined': the data cannot identify B_crit
 * (bCrit and interval are null; `undefinedReason` says why). sMin/eMin are the least-squares
 * coefficients whenever at least two distinct batch sizes were given, else null.
 */
export interface CriticalBatchFit {
  model: string;
  method: string;
  status: 'ok' | 'undefined';
  undefinedReason: string | null;
  points: number;
  distinctBatchSizes: number;
  degreesOfFreedom: number; // points − 2
  sMin: number | null; // S_min, steps
  eMin: number | null; // E_min, examples
  sMinStandardError: number | null;
  eMinStandardError: number | null;
  residualStandardDeviation: number | null; // steps
  bCrit: number | null; // E_min/S_min, examples per step
  interval: CriticalBatchInterval | null;
}

export const CRITICAL_BATCH_MODEL =
  'S = S_min + E_min/B, i.e. (S/S_min − 1)(E/E_min − 1) = 1 with E = B·S (McCandlish et al. 2018, §2.3, eq. 2.11); B_crit = E_min/S_min';

const METHOD =
  'ordinary least squares of S on 1/B (constant-variance normal errors in S); Fieller interval for the ratio E_min/S_min with Student t (n − 2 df)';

/**
 * Fits the steps/examples trade-off of McCandlish et al. 2018 (§2.3, eq. 2.11),
 * (S/S_min − 1)(E/E_min − 1) = 1, to runs that reached the same training target.
 *
 * Parametrisation: with E = B·S, write s = S/S_min and b = B/B_crit where B_crit = E_min/S_min.
 * Eq. 2.11 becomes (s − 1)(b·s − 1) = 1, i.e. s(b·s − 1 − b) = 0, so s = 1 + 1/b:
 *   S(B) = S_min + E_min/B     and     E(B) = E_min + S_min·B.
 * (The same hyperbola in the (E, S) plane is S = S_min + S_min·E_min/(E − E_min).) S is linear
 * in the unknowns (S_min, E_min) with regressor 1/B, so the least-squares fit is closed form. B is
 * set exactly by the experimenter; E = B·S carries S's noise, so B (not E) is the regressor.
 *
 * Interval: B_crit is the ratio of two regression coefficients; Fieller's theorem gives the exact
 * confidence set {ρ : (Ê − ρŜ)² ≤ t²·(V_EE − 2ρV_ES + ρ²V_SS)} under normal errors. It is a
 * bounded interval only when S_min is distinguishable from 0 at that level; otherwise it is
 * unbounded and the fit is reported as undefined rather than as a number.
 */
export function fitCriticalBatch(
  runs: readonly StepsToTarget[],
  options: CriticalBatchFitOptions = {},
): CriticalBatchFit {
  const level = options.level ?? 0.95;
  if (!(level > 0 && level < 1)) {
    throw new GradAnalysisError('invalid-option', `level is ${level}; expected a number in (0, 1)`);
  }
  const bad = runs.flatMap((r, i) => [
    ...(Number.isFinite(r.batchSize) && r.batchSize > 0
      ? []
      : [`runs[${i}].batchSize is ${r.batchSize}`]),
    ...(Number.isFinite(r.steps) && r.steps > 0 ? [] : [`runs[${i}].steps is ${r.steps}`]),
  ]);
  if (bad.length > 0) {
    throw new GradAnalysisError(
      'invalid-input',
      `${bad.join('; ')}; expected positive finite numbers`,
    );
  }
  const n = runs.length;
  const distinct = new Set(runs.map((r) => r.batchSize)).size;
  const base = {
    model: CRITICAL_BATCH_MODEL,
    method: METHOD,
    points: n,
    distinctBatchSizes: distinct,
    degreesOfFreedom: Math.max(n - 2, 0),
  };
  const undefinedFit = (
    undefinedReason: string,
    fit: Partial<CriticalBatchFit> = {},
  ): CriticalBatchFit => ({
    ...base,
    status: 'undefined',
    undefinedReason,
    sMin: null,
    eMin: null,
    sMinStandardError: null,
    eMinStandardError: null,
    residualStandardDeviation: null,
    ...fit,
    bCrit: null,
    interval: null,
  });
  if (distinct < 2) {
    return undefinedFit(
      `${distinct} distinct batch size${distinct === 1 ? '' : 's'} reached the target; the fit of S_min and E_min needs at least 2`,
    );
  }

  // Least squares of y = S on x = 1/B, in float64 with centred sums.
  const xs = runs.map((r) => 1 / r.batchSize);
  const ys = runs.map((r) => r.steps);
  const xMean = xs.reduce((a, b) => a + b, 0) / n;
  const yMean = ys.reduce((a, b) => a + b, 0) / n;
  let sxx = 0;
  let sxy = 0;
  for (let i = 0; i < n; i++) {
    sxx += (xs[i] - xMean) ** 2;
    sxy += (xs[i] - xMean) * (ys[i] - yMean);
  }
  const eMin = sxy / sxx;
  const sMin = yMean - eMin * xMean;
  if (n < 3) {
    return undefinedFit(
      `${n} runs for 2 parameters leave no degrees of freedom: the line passes through the points exactly and has no interval (needs at least 3 runs, e.g. a second seed)`,
      { sMin, eMin },
    );
  }
  let rss = 0;
  for (let i = 0; i < n; i++) rss += (ys[i] - sMin - eMin * xs[i]) ** 2;
  const variance = rss / (n - 2);
  // Covariance of (S_min, E_min) = σ²(XᵀX)⁻¹ in the centred form.
  const vEE = variance / sxx;
  const vSS = variance * (1 / n + (xMean * xMean) / sxx);
  const vES = (-variance * xMean) / sxx;
  const fit = {
    sMin,
    eMin,
    sMinStandardError: Math.sqrt(vSS),
    eMinStandardError: Math.sqrt(vEE),
    residualStandardDeviation: Math.sqrt(variance),
  };
  if (sMin <= 0) {
    return undefinedFit(
      `the S_min estimate is ${sMin.toPrecision(3)} ≤ 0: over the batch sizes tested the steps keep falling like 1/B (B_crit beyond the largest batch size tested) or the model does not fit`,
      fit,
    );
  }
  if (eMin <= 0) {
    return undefinedFit(
      `the E_min estimate is ${eMin.toPrecision(3)} ≤ 0: the steps do not fall with the batch size (B_crit below the smallest batch size tested) or the model does not fit`,
      fit,
    );
  }
  const t = studentTQuantile((1 + level) / 2, n - 2);
  const t2 = t * t;
  // Fieller: a·ρ² + b·ρ + c ≤ 0.
  const a = sMin * sMin - t2 * vSS;
  const b = -2 * (sMin * eMin - t2 * vES);
  const c = eMin * eMin - t2 * vEE;
  const percent = `${Number((100 * level).toPrecision(3))}%`;
  if (a <= 0) {
    return undefinedFit(
      `the ${percent} interval of B_crit is unbounded: S_min = ${sMin.toPrecision(3)} ± ${fit.sMinStandardError.toPrecision(3)} (s.e.) is not distinguishable from 0 (|S_min|/s.e. ≤ t = ${t.toPrecision(3)})`,
      fit,
    );
  }
  // The point estimate satisfies the inequality, so the discriminant is ≥ 0 (up to rounding).
  const root = Math.sqrt(Math.max(b * b - 4 * a * c, 0));
  const low = Math.min((-b - root) / (2 * a), eMin / sMin);
  const high = Math.max((-b + root) / (2 * a), eMin / sMin);
  if (low <= 0) {
    return undefinedFit(
      `the ${percent} interval of B_crit reaches down to ${low.toPrecision(3)} ≤ 0: E_min = ${eMin.toPrecision(3)} ± ${fit.eMinStandardError.toPrecision(3)} (s.e.) is not distinguishable from 0, so the data do not show fewer steps at larger batches`,
      fit,
    );
  }
  return {
    ...base,
    status: 'ok',
    undefinedReason: null,
    ...fit,
    bCrit: eMin / sMin,
    interval: { level, low, high, method: `Fieller, Student t with ${n - 2} df` },
  };
}
