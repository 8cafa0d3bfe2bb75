import { createRandom } from './random.js';

/**
 * Bootstrap-t (studentized) quantiles of log B_simple over batches (Efron & Tibshirani 1993, §12.5;
 * Davison & Hinkley 1997, §5.2.1). Each resample (batches drawn with replacement, counts c_i)
 * gives θ* = log tr(Σ)* − log |G|²* and its jackknife standard error se* (leaving out one drawn
 * batch at a time, O(N²) with row sums), so that t* = (θ* − θ̂)/se* is read against the full
 * sample's θ̂ and se. The log makes the ratio's skew additive and keeps both ends positive; the
 * studentization carries the small-N t-correction that percentile and BCa intervals lack.
 * Returns the sorted t* (resamples whose θ* or se* is not finite dropped; those with |G|²* ≤ 0
 * count as +∞ and tr(Σ)* ≤ 0 as −∞) and the full sample's θ̂ and se, or null when se is not finite.
 */
export interface StudentizedDraws {
  theta: number; // log B_simple of the sample
  standardError: number; // its jackknife standard error
  sortedT: number[];
}

export function studentizedLogNoiseScale(
  batchSizes: number[],
  gram: Float64Array,
  resamples: number,
  seed: number,
): StudentizedDraws | null {
  const n = batchSizes.length;
  const counts = new Int32Array(n);
  const rows = new Float64Array(n);
  const weights = new Float64Array(n);
  const values = new Float64Array(n);
  const drawn = new Float64Array(n);
  counts.fill(1);
  const full = logRatioWithError(batchSizes, gram, counts, { rows, weights, values, drawn });
  if (!Number.isFinite(full.theta) || !(full.standardError > 0)) return null;
  const random = createRandom(seed ^ 0x7e57);
  const sortedT: number[] = [];
  for (let r = 0; r < resamples; r++) {
    counts.fill(0);
    for (let k = 0; k < n; k++) counts[random.int(n)]++;
    const draw = logRatioWithError(batchSizes, gram, counts, { rows, weights, values, drawn });
    if (draw.theta === Infinity || draw.theta === -Infinity) sortedT.push(draw.theta);
    else if (Number.isFinite(draw.theta) && draw.standardError > 0) {
      sortedT.push((draw.theta - full.theta) / draw.standardError);
    }
  }
  sortedT.sort((a, b) => a - b);
  return { theta: full.theta, standardError: full.standardError, sortedT };
}

/**
 * θ = log tr(Σ) − log |G|² of batches taken c_i times (the statistic of noise-scale.ts's
 * weightedNoiseScale: |G|² from cross products of distinct batches) and its jackknife standard
 * error over the N drawn batches: removing one copy of batch i takes 2·b_i·R_i from the weighted
 * cross total (R_i = Σ_{j≠i} c_j b_j ⟨g_i, g_j⟩) and 2·b_i·W_i from its weight.
 * `scratch.drawn` holds u_j = c_j b_j, 0 for batches not drawn: R_i is then a branch-free sweep
 * of row i, and adds the same terms in the same order as skipping those batches (+0 changes no
 * sum), so the result is bit for bit that of the sweep with skips; W_i = Σ u − u_i is exact
 * (integers).
 */
function logRatioWithError(
  batchSizes: number[],
  gram: Float64Array,
  counts: Int32Array,
  scratch: { rows: Float64Array; weights: Float64Array; values: Float64Array; drawn: Float64Array },
): { theta: number; standardError: number } {
  const { rows, weights, values, drawn } = scratch;
  const n = batchSizes.length;
  let drawnTotal = 0;
  for (let j = 0; j < n; j++) {
    drawn[j] = counts[j] * batchSizes[j];
    drawnTotal += drawn[j];
  }
  let taken = 0;
  let inverseSum = 0;
  let norms = 0;
  let cross = 0;
  let crossWeight = 0;
  for (let i = 0; i < n; i++) {
    const ci = counts[i];
    if (ci === 0) continue;
    const base = i * n;
    let row = 0;
    for (let j = 0; j < i; j++) row += drawn[j] * gram[base + j];
    for (let j = i + 1; j < n; j++) row += drawn[j] * gram[base + j];
    const weight = drawnTotal - drawn[i];
    rows[i] = row;
    weights[i] = weight;
    taken += ci;
    inverseSum += ci / batchSizes[i];
    norms += ci * gram[base + i];
    cross += ci * batchSizes[i] * row;
    crossWeight += ci * batchSizes[i] * weight;
  }
  const theta = logRatio(cross, crossWeight, norms, taken, inverseSum);
  if (!Number.isFinite(theta)) return { theta, standardError: Number.NaN };
  // Two passes (values, then squared deviations): the jackknife values differ by ~1e-2 around ~3.
  let sum = 0;
  for (let i = 0; i < n; i++) {
    const ci = counts[i];
    if (ci === 0) continue;
    const b = batchSizes[i];
    const value = logRatio(
      cross - 2 * b * rows[i],
      crossWeight - 2 * b * weights[i],
      norms - gram[i * n + i],
      taken - 1,
      inverseSum - 1 / b,
    );
    if (!Number.isFinite(value)) return { theta, standardError: Number.NaN };
    values[i] = value;
    sum += ci * value;
  }
  const mean = sum / taken;
  let squares = 0;
  for (let i = 0; i < n; i++) if (counts[i] > 0) squares += counts[i] * (values[i] - mean) ** 2;
  return { theta, standardError: Math.sqrt(((taken - 1) / taken) * squares) };
}

function logRatio(
  cross: number,
  crossWeight: number,
  norms: number,
  taken: number,
  inverseSum: number,
): number {
  if (!(crossWeight > 0)) return Number.NaN;
  const gradientNormSquared = cross / crossWeight;
  const traceCovariance = (norms / taken - gradientNormSquared) * (taken / inverseSum);
  if (!(gradientNormSquared > 0)) return Infinity;
  if (!(traceCovariance > 0)) return -Infinity;
  return Math.log(traceCovariance) - Math.log(gradientNormSquared);
}
