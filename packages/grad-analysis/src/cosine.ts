import { GradAnalysisError } from './errors.js';
import type { ComputationPath, SimilaritySummary } from './types.js';

/** Probability that one sketched cosine exceeds the stated bound (Chebyshev). */
export const SKETCH_BOUND_FAILURE_PROBABILITY = 0.05;

/**
 * Error bound of a sketched cosine. The collector estimates cos(g_i, g_j) as ⟨Sg_i, Sg_j⟩/(|g_i||g_j|)
 * with the exact norms, which is unbiased with variance ≤ (1 + cos²)/k ≤ 2/k for a CountSketch of
 * dimension k (Charikar et al. 2002; see count-sketch.ts). Chebyshev's inequality then gives
 * P(|error| > √(2/(kδ))) ≤ δ for each entry. This holds for any gradients; when no few coordinates
 * dominate the error is close to normal and typically ≈ √((1 + cos²)/k).
 */
export function sketchCosineErrorBound(
  sketchDimension: number,
  failureProbability = SKETCH_BOUND_FAILURE_PROBABILITY,
): number {
  return Math.sqrt(2 / (sketchDimension * failureProbability));
}

/**
 * Cosine-similarity matrix of batch gradients from their Gram matrix ⟨g_i, g_j⟩ (exact diagonal),
 * with summaries. A zero gradient has no direction, so every cosine involving it (its diagonal
 * too) is undefined: `null` in the matrix, never a number that was not measured. The summaries are
 * taken over the defined off-diagonal pairs only; with fewer than 2 non-zero gradients none is left
 * and they are null with `status: 'undefined'` and the reason. Sketched cosines are clipped to
 * [−1, 1], which can only reduce their error.
 */
export function cosineSimilarity(
  gram: Float64Array,
  batches: number,
  path: ComputationPath,
  sketchDimension: number,
): SimilaritySummary {
  const n = batches;
  if (n < 2) {
    throw new GradAnalysisError(
      'too-few-batches',
      `cosine similarities need at least 2 batch gradients, got ${n}`,
    );
  }
  const norms = Array.from({ length: n }, (_, i) => Math.sqrt(gram[i * n + i]));
  const undefinedBatches = norms.flatMap((norm, i) => (norm > 0 ? [] : [i]));
  const matrix: (number | null)[][] = [];
  const perBatchMean: (number | null)[] = [];
  let sum = 0;
  let min = Number.POSITIVE_INFINITY;
  let negative = 0;
  let ordered = 0; // defined ordered pairs (i ≠ j): twice the unordered ones
  for (let i = 0; i < n; i++) {
    const row: (number | null)[] = [];
    let rowSum = 0;
    let rowCount = 0;
    for (let j = 0; j < n; j++) {
      const denominator = norms[i] * norms[j];
      if (!(denominator > 0)) {
        row.push(null);
        continue;
      }
      if (i === j) {
        row.push(1);
        continue;
      }
      const c = Math.max(-1, Math.min(1, gram[i * n + j] / denominator));
      row.push(c);
      rowSum += c;
      rowCount++;
      if (c < 0) negative++;
      if (c < min) min = c;
    }
    matrix.push(row);
    perBatchMean.push(rowCount > 0 ? rowSum / rowCount : null);
    sum += rowSum;
    ordered += rowCount;
  }
  const sketched = path === 'sketch';
  const defined = ordered > 0;
  return {
    path,
    errorBound: sketched ? sketchCosineErrorBound(sketchDimension) : null,
    errorBoundNote: sketched
      ? `each cosine is within ±${sketchCosineErrorBound(sketchDimension).toFixed(3)} of the exact value with probability ≥ ${1 - SKETCH_BOUND_FAILURE_PROBABILITY} (CountSketch k = ${sketchDimension}, Chebyshev on variance ≤ 2/k; typical error ≈ ${Math.sqrt(1 / sketchDimension).toFixed(3)}–${Math.sqrt(2 / sketchDimension).toFixed(3)})`
      : null,
    matrix,
    definedPairs: ordered / 2,
    meanOffDiagonal: defined ? sum / ordered : null,
    minOffDiagonal: defined ? min : null,
    fractionNegative: defined ? negative / ordered : null,
    perBatchMean,
    undefinedBatches,
    status: defined ? 'ok' : 'undefined',
    undefinedReason: defined
      ? null
      : `${undefinedBatches.length} of ${n} batch gradients are exactly zero (a zero vector has no direction): fewer than 2 directions, so no cosine is defined`,
  };
}

/**
 * The noise scale implied by the cosines: for two independent batches of B examples,
 * E⟨g_i, g_j⟩ = |G|² and E|g_i|² = |G|² + tr(Σ)/B, so cos ≈ 1/(1 + B_simple/B) and
 * B_simple ≈ B(1/mean_cos − 1). Null when mean_cos ≤ 0 (no positive signal to invert).
 */
export function cosineImpliedNoiseScale(meanCosine: number, batchSize: number): number | null {
  return meanCosine > 0 ? batchSize * (1 / meanCosine - 1) : null;
}
