import { type BcaAdjustment, bcaAdjustment, normalCdf } from './bca.js';
import { studentizedLogNoiseScale } from './bootstrap-t.js';
import { GradAnalysisError } from './errors.js';
import {
  classifyNoiseScale,
  countZeroGradients,
  type NoiseScaleRatio,
} from './noise-scale-status.js';
import { createRandom } from './random.js';
import { studentTQuantile } from './student-t.js';
import type { ComputationPath, ConfidenceInterval, NoiseScaleEstimate } from './types.js';

/** The two-batch-size estimators' parts (McCandlish et al. 2018, App. A.1). */
export interface TwoBatchSizeEstimate {
  gradientNormSquared: number; // |G|² estimate
  traceCovariance: number; // tr(Σ) estimate, Σ = per-example gradient covariance
}

/**
 * Unbiased estimators of |G|² and tr(Σ) from two batch sizes (McCandlish et al. 2018,
 * "An Empirical Model of Large-Batch Training", App. A.1):
 *   |G|²  ≈ (B_big|G_big|² − B_small|G_small|²) / (B_big − B_small)
 *   tr(Σ) ≈ (|G_small|² − |G_big|²) / (1/B_small − 1/B_big)
 * using E|G_B|² = |G|² + tr(Σ)/B for a batch of B independent examples.
 */
export function twoBatchSizeEstimate(
  smallNormSquared: number,
  batchSmall: number,
  bigNormSquared: number,
  batchBig: number,
): TwoBatchSizeEstimate {
  return {
    gradientNormSquared:
      (batchBig * bigNormSquared - batchSmall * smallNormSquared) / (batchBig - batchSmall),
    traceCovariance: (smallNormSquared - bigNormSquared) / (1 / batchSmall - 1 / batchBig),
  };
}

export interface NoiseScaleInput {
  batchSizes: number[]; // b_i, examples per batch
  normsSquared: ArrayLike<number>; // |g_i|², exact
  weightedSumNormSquared: number; // |Σ_i b_i g_i|², exact
  parameterCount: number; // D (of the whole gradient, or of the group)
  /** ⟨g_i, g_j⟩ (N×N, row-major) for the bootstrap; without it there is no interval. */
  gram?: Float64Array | null;
  /** Words appended to the interval's method (e.g. that off-diagonals come from sketches). */
  gramNote?: string;
  /** How gram's off-diagonal inner products were obtained (default 'exact'). */
  path?: ComputationPath;
}

export interface NoiseScaleOptions {
  seed?: number; // bootstrap seed (default 0)
  resamples?: number; // bootstrap resamples (default 1000; 0 = no interval)
  level?: number; // confidence level (default 0.95)
}

export const NOISE_SCALE_ESTIMATOR =
  'B_simple = tr(Σ)/|G|² with the unbiased two-batch-size estimators (McCandlish et al. 2018, App. A.1): ' +
  'B_small = harmonic mean of the batch sizes, B_big = all examples of the probe, |G_small|² = mean |g_i|², ' +
  'G_big = Σ b_i g_i / B_big. Units: examples (ranking pairs). bSimplePerParameter = B_simple / D.';

/**
 * Gradient noise scale B_simple = tr(Σ)/|G|² (McCandlish et al. 2018, §2.2 and App. A.1) from N
 * batch gradients taken at the same weights. B_small is the harmonic mean of the batch sizes, which
 * keeps E[mean |g_i|²] = |G|² + tr(Σ)/B_small exact when sizes differ (equal sizes: B_small = b).
 * The parts are returned; a negative part is flagged, never clamped. The interval is a seeded
 * BCa bootstrap over batches (bca.ts; percentile when the jackknife is not finite), recomputing
 * both estimators on each resample.
 */
export function estimateNoiseScale(
  input: NoiseScaleInput,
  options: NoiseScaleOptions = {},
): NoiseScaleEstimate {
  const { batchSizes, normsSquared, weightedSumNormSquared, parameterCount, gram } = input;
  const n = batchSizes.length;
  requireMatchingLengths(input);
  if (n < 2) {
    throw new GradAnalysisError(
      'too-few-batches',
      `the gradient noise scale needs at least 2 batch gradients, got ${n}`,
    );
  }
  const seed = options.seed ?? 0;
  const resamples = options.resamples ?? 1000;
  const level = options.level ?? 0.95;
  if (!(level > 0 && level < 1)) {
    throw new GradAnalysisError('invalid-option', `level must be in (0, 1), got ${level}`);
  }
  let inverseSum = 0;
  let normMean = 0;
  let batchBig = 0;
  for (let i = 0; i < n; i++) {
    inverseSum += 1 / batchSizes[i];
    normMean += normsSquared[i] / n;
    batchBig += batchSizes[i];
  }
  const batchSmall = n / inverseSum;
  const bigNormSquared = weightedSumNormSquared / (batchBig * batchBig);
  const parts = twoBatchSizeEstimate(normMean, batchSmall, bigNormSquared, batchBig);
  // tr(Σ) ∝ mean|g_i|² − |G_big|², a difference of two sums of ~N·D rounded terms: when it is within
  // 16·N·2⁻⁵² of mean|g_i|² (e.g. identical gradients, where it is 0 in exact arithmetic and ±1e-16
  // relative after rounding) it is not distinguishable from 0 in float64 and is reported as 0.
  if (Math.abs(normMean - bigNormSquared) <= 16 * n * Number.EPSILON * normMean) {
    parts.traceCovariance = 0;
    parts.gradientNormSquared = normMean;
  }
  const zeroGradientBatches = countZeroGradients(normsSquared);
  const ratio = classifyNoiseScale(
    parts.traceCovariance,
    parts.gradientNormSquared,
    zeroGradientBatches,
    n,
  );
  const bounds =
    gram && resamples > 0
      ? noiseScaleInterval(batchSizes, gram, ratio, { seed, resamples, level }, input.gramNote)
      : {
          interval: null,
          intervalNote: gram
            ? 'no interval: resamples = 0'
            : 'no interval: no inner products (gram) were given',
        };
  return {
    estimator: NOISE_SCALE_ESTIMATOR,
    batchSmall,
    batchBig,
    batches: n,
    parameterCount,
    gradientNormSquared: parts.gradientNormSquared,
    traceCovariance: parts.traceCovariance,
    bSimple: ratio.value,
    bSimplePerParameter: ratio.value === null ? null : ratio.value / parameterCount,
    negative: parts.gradientNormSquared < 0 || parts.traceCovariance < 0,
    status: ratio.status,
    undefinedReason: ratio.undefinedReason,
    zeroGradientBatches,
    path: input.path ?? 'exact',
    interval: bounds.interval,
    intervalNote: bounds.intervalNote,
  };
}

/** Every per-batch input has one entry per batch; all mismatches are named at once. */
function requireMatchingLengths(input: NoiseScaleInput): void {
  const n = input.batchSizes?.length;
  const problems: string[] = [];
  if (!Array.isArray(input.batchSizes)) problems.push('batchSizes must be an array of numbers');
  else {
    const bad = input.batchSizes.findIndex((b) => !(Number.isFinite(b) && b > 0));
    if (bad >= 0) {
      problems.push(`batchSizes[${bad}] is ${input.batchSizes[bad]}; expected a positive number`);
    }
  }
  if (input.normsSquared?.length !== n) {
    problems.push(`normsSquared has ${input.normsSquared?.length} entries, batchSizes has ${n}`);
  }
  if (input.gram && input.gram.length !== n * n) {
    problems.push(`gram has ${input.gram.length} entries, expected N² = ${n}² = ${n * n}`);
  }
  if (problems.length > 0) {
    throw new GradAnalysisError('wrong-length', `estimateNoiseScale: ${problems.join('; ')}`);
  }
}

interface IntervalResult {
  interval: ConfidenceInterval | null;
  intervalNote: string | null;
}

/**
 * The interval of B_simple from a seeded bootstrap over batches. First the |G|² part's percentile
 * interval: if its lower end is > 0, a two-sided studentized interval of log B_simple (BCa, then
 * percentile, when the jackknife is not finite); else only a one-sided bound B_simple ≥ low (the
 * low end of tr(Σ) over the high end of |G|², Bonferroni), since B_simple is unbounded above when
 * |G|² may be 0. The true B_simple is ≥ 0, so the low end is clamped at 0, and the ends are widened
 * to contain the point estimate when resampling noise puts it outside. No interval (null, with the
 * reason) when the estimate is undefined or negative.
 */
function noiseScaleInterval(
  batchSizes: number[],
  gram: Float64Array,
  ratio: NoiseScaleRatio,
  options: { seed: number; resamples: number; level: number },
  gramNote: string | undefined,
): IntervalResult {
  const { seed, resamples, level } = options;
  const n = batchSizes.length;
  const twoSidedLevel = expandedLevel(level, n, 2);
  if (ratio.value === null) {
    return {
      interval: null,
      intervalNote: `no interval: B_simple is undefined (${ratio.undefinedReason})`,
    };
  }
  if (ratio.value < 0) {
    return {
      interval: null,
      intervalNote: `no interval: the B_simple estimate ${ratio.value.toPrecision(4)} is negative (a part's estimate is < 0), while the true value is ≥ 0`,
    };
  }
  const estimate = ratio.value;
  const draws = bootstrapNoiseScale(batchSizes, gram, resamples, seed);
  const norms = draws.map((d) => d.gradientNormSquared).sort((a, b) => a - b);
  const normLow = quantile(norms, (1 - twoSidedLevel) / 2);
  const normHigh = quantile(norms, 1 - (1 - twoSidedLevel) / 2);
  const method = (kind: string, detail?: string) =>
    `${kind} bootstrap over batches${detail || gramNote ? ` (${[detail, gramNote].filter(Boolean).join('; ')})` : ''}`;
  // Clamped at 0 (B_simple ≥ 0) and widened to contain the estimate, whichever method gave it.
  const twoSided = (low: number, high: number, methodText: string) => ({
    interval: {
      level,
      kind: 'two-sided' as const,
      low: Math.max(0, Math.min(low, estimate)),
      high: Math.max(high, estimate),
      method: methodText,
      resamples,
      seed,
    },
    intervalNote: null,
  });
  if (!(normLow > 0)) {
    // Bonferroni: tr(Σ) ≥ its lower end and |G|² ≤ its upper end each hold with probability
    // ≥ 1 − α/2, so B_simple ≥ their ratio with ≥ 1 − α. The quantile of the resampled ratios was
    // too high: this branch is taken when |G|² came out small, i.e. when B_simple is overestimated
    // (24 of 37 such bounds missed at N = 12, p(zero) = 0.8; README "interval").
    const traces = draws.map((d) => d.traceCovariance).sort((a, b) => a - b);
    const traceLow = quantile(traces, (1 - twoSidedLevel) / 2);
    const bound = normHigh > 0 ? traceLow / normHigh : 0;
    const low = Math.max(0, Math.min(estimate, bound));
    return {
      interval: {
        level,
        kind: 'lower-bound',
        low,
        high: null,
        method: method(
          'one-sided Bonferroni',
          `low end of tr(Σ) / high end of |G|², percentile, expanded level ${(100 * twoSidedLevel).toFixed(1)} %`,
        ),
        resamples,
        seed,
      },
      intervalNote: `|G|² is not distinguishable from 0 (its ${level * 100}% percentile interval is ${normLow.toPrecision(3)}…${normHigh.toPrecision(3)}), so B_simple is unbounded above: only B_simple ≥ ${low.toPrecision(4)} is stated`,
    };
  }
  const values = draws
    .map((d) => d.traceCovariance / d.gradientNormSquared)
    .filter(Number.isFinite)
    .sort((a, b) => a - b);
  if (values.length < 2) {
    return { interval: null, intervalNote: 'no interval: fewer than 2 finite bootstrap resamples' };
  }
  // Studentized first (log B_simple, bootstrap-t): measured on zero-inflated batch gradients it
  // covers where BCa did not (README "interval"); BCa, then percentile, when se is not finite.
  const studentized = studentizedLogNoiseScale(batchSizes, gram, resamples, seed);
  if (studentized !== null && studentized.sortedT.length >= 2) {
    const { theta, standardError, sortedT } = studentized;
    const tHigh = quantile(sortedT, 1 - (1 - twoSidedLevel) / 2);
    const tLow = quantile(sortedT, (1 - twoSidedLevel) / 2);
    const low = Math.exp(theta - tHigh * standardError);
    const high = Math.exp(theta - tLow * standardError);
    if (Number.isFinite(high)) {
      return twoSided(
        low,
        high,
        method(
          'studentized',
          `bootstrap-t of log B_simple with jackknife se, expanded level ${(100 * twoSidedLevel).toFixed(1)} %`,
        ),
      );
    }
  }
  const bca = noiseScaleBca(batchSizes, gram, values, twoSidedLevel);
  const low = quantile(values, bca ? bca.lowProbability : (1 - twoSidedLevel) / 2);
  const high = quantile(values, bca ? bca.highProbability : 1 - (1 - twoSidedLevel) / 2);
  return twoSided(
    low,
    high,
    method(bca ? 'BCa' : 'percentile', `expanded level ${(100 * twoSidedLevel).toFixed(1)} %`),
  );
}

/**
 * The expanded bootstrap level (Hesterberg 2015, "What teachers should know about the bootstrap",
 * §4.5): bootstrap percentiles are too narrow by about √((N−1)/N) and miss the t-correction of small
 * samples, so the quantiles are read at the level whose normal quantile is √(N/(N−1))·t_{N−1}
 * (t_{N−1} the Student quantile of the wanted level). Measured: at N = 12 with zero-inflated batch
 * gradients the plain level covered 80–87 % on the exact path too. `sides` = 2 or 1.
 */
export function expandedLevel(level: number, n: number, sides: 1 | 2): number {
  const t = studentTQuantile(sides === 2 ? 1 - (1 - level) / 2 : level, n - 1);
  const p = normalCdf(Math.sqrt(n / (n - 1)) * t);
  return sides === 2 ? 2 * p - 1 : p;
}

/** The two parts on `resamples` bootstrap resamples of the batches (with replacement, counts c_i). */
function bootstrapNoiseScale(
  batchSizes: number[],
  gram: Float64Array,
  resamples: number,
  seed: number,
): TwoBatchSizeEstimate[] {
  const n = batchSizes.length;
  const random = createRandom(seed ^ 0xb007);
  const counts = new Int32Array(n);
  const drawn = new Float64Array(n);
  const draws: TwoBatchSizeEstimate[] = [];
  for (let r = 0; r < resamples; r++) {
    counts.fill(0);
    for (let k = 0; k < n; k++) counts[random.int(n)]++;
    draws.push(weightedNoiseScale(batchSizes, gram, counts, drawn));
  }
  return draws;
}

/**
 * The BCa adjustment of the interval (bca.ts): the estimate is the statistic on the batches as
 * they are (every count 1), the jackknife leaves out one batch at a time. Null (percentile
 * interval) when a jackknife value is not finite, e.g. with 2 batches.
 */
function noiseScaleBca(
  batchSizes: number[],
  gram: Float64Array,
  sortedValues: number[],
  level: number,
): BcaAdjustment | null {
  const n = batchSizes.length;
  const full = weightedNoiseScale(batchSizes, gram, new Int32Array(n).fill(1), new Float64Array(n));
  const estimate = full.traceCovariance / full.gradientNormSquared;
  // weightedNoiseScale with c_i = 0 in O(n) each, from the all-batches sums minus batch i's terms
  // (its row of cross products counts twice: ⟨g_i, g_j⟩ and ⟨g_j, g_i⟩).
  let inverseSum = 0;
  let norms = 0;
  let examples = 0;
  for (let i = 0; i < n; i++) {
    inverseSum += 1 / batchSizes[i];
    norms += gram[i * n + i];
    examples += batchSizes[i];
  }
  const rows = batchSizes.map((_, i) => {
    let row = 0;
    for (let j = 0; j < n; j++) if (j !== i) row += batchSizes[j] * gram[i * n + j];
    return row;
  });
  const cross = rows.reduce((sum, row, i) => sum + batchSizes[i] * row, 0);
  const crossWeight = batchSizes.reduce((sum, b) => sum + b * (examples - b), 0);
  const jackknife = batchSizes.map((b, i) => {
    const gradientNormSquared = (cross - 2 * b * rows[i]) / (crossWeight - 2 * b * (examples - b));
    const traceCovariance =
      ((norms - gram[i * n + i]) / (n - 1) - gradientNormSquared) *
      ((n - 1) / (inverseSum - 1 / b));
    return traceCovariance / gradientNormSquared;
  });
  if (!Number.isFinite(estimate) || !jackknife.every(Number.isFinite)) return null;
  return bcaAdjustment(sortedValues, estimate, jackknife, level);
}

/**
 * B_simple of batches taken c_i times each. A resample can hold the same batch twice, and
 * ⟨g_i, g_i⟩ = |g_i|² is not an estimate of |G|² (it carries tr(Σ)/b_i), so |G|² is estimated from
 * cross products of *distinct* batches only, weighted by c_i c_j b_i b_j — the tie-free bootstrap
 * of a U-statistic. For equal batch sizes and every c_i = 1 this is exactly the App. A.1 estimate:
 * |G|² = mean_{i≠j} ⟨g_i, g_j⟩ and tr(Σ) = B_small(mean|g_i|² − |G|²).
 */
function weightedNoiseScale(
  batchSizes: number[],
  gram: Float64Array,
  counts: Int32Array,
  drawn: Float64Array,
): TwoBatchSizeEstimate {
  const n = batchSizes.length;
  // u_j = c_j b_j, 0 for batches not drawn: the inner sweep needs no branch, and its zero terms
  // change no sum, so the result is bit for bit that of skipping them.
  for (let j = 0; j < n; j++) drawn[j] = counts[j] * batchSizes[j];
  let taken = 0;
  let inverseSum = 0;
  let normMean = 0;
  let cross = 0;
  let crossWeight = 0;
  for (let i = 0; i < n; i++) {
    if (counts[i] === 0) continue;
    taken += counts[i];
    inverseSum += counts[i] / batchSizes[i];
    normMean += counts[i] * gram[i * n + i];
    const wi = drawn[i];
    const base = i * n;
    for (let j = 0; j < i; j++) {
      const w = wi * drawn[j];
      cross += w * gram[base + j];
      crossWeight += w;
    }
    for (let j = i + 1; j < n; j++) {
      const w = wi * drawn[j];
      cross += w * gram[base + j];
      crossWeight += w;
    }
  }
  const gradientNormSquared = cross / crossWeight;
  const traceCovariance = (normMean / taken - gradientNormSquared) * (taken / inverseSum);
  return { gradientNormSquared, traceCovariance };
}

/** Linear-interpolation quantile of sorted values (type 7, as numpy's default). */
export function quantile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const h = (sorted.length - 1) * p;
  const lo = Math.floor(h);
  const hi = Math.min(lo + 1, sorted.length - 1);
  // Exact hits and equal neighbours first: ±∞ entries (studentized draws) must not give ∞ − ∞.
  if (h === lo || sorted[hi] === sorted[lo]) return sorted[lo];
  return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
}

/**
 * Relative half-width (high − low) / 2 / estimate of a two-sided interval, the precision a probe
 * can stop on (e.g. ≤ 0.5). Null when there is no two-sided interval (none, or a one-sided bound)
 * or the estimate is not a positive number.
 */
export function relativeHalfWidth(estimate: NoiseScaleEstimate): number | null {
  const { interval, bSimple } = estimate;
  if (interval === null || interval.kind !== 'two-sided' || interval.high === null) return null;
  if (bSimple === null || !(bSimple > 0)) return null;
  return (interval.high - interval.low) / 2 / bSimple;
}
