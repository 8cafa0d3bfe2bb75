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
 * with summaries over the off-diagonal entries. A zero gradient has no direction, so its cosines
 * are undefined: they are written as 0 in the matrix and summaries (a placeholder, not a
 * measurement) and the batch is listed in `undefinedBatches` so readers can tell. Sketched cosines are clipped to [−1, 1], which can only reduce their error.
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
  const matrix: number[][] = [];
  const perBatchMean: number[] = [];
  let sum = 0;
  let min = Number.POSITIVE_INFINITY;
  let negative = 0;
  for (let i = 0; i < n; i++) {
    const row: number[] = [];
    let rowSum = 0;
    for (let j = 0; j < n; j++) {
      const denominator = norms[i] * norms[j];
      const c =
        i === j
          ? 1
          : denominator > 0
            ? Math.max(-1, Math.min(1, gram[i * n + j] / denominator))
            : 0;
      row.push(c);
      if (i !== j) {
        rowSum += c;
        if (c < 0) negative++;
        if (c < min) min = c;
      }
    }
    matrix.push(row);
    perBatchMean.push(rowSum / (n - 1));
    sum += rowSum;
  }
  const pairs = n * (n - 1);
  const sketched = path === 'sketch';
  return {
    path,
    errorBound: sketched ? sketchCosineErrorBound(sketchDimension) : null,
    errorBoundNote: sketched
      ? `each cosine is within ±${sketchCosineErrorBound(sketchDimension).toFixed(3)} of the exact value with probability ≥ ${1 - SKETCH_BOUND_FAILURE_PROBABILITY} (CountSketch k = ${sketchDimension}, Chebyshev on variance ≤ 2/k; typical error ≈ ${Math.sqrt(1 / sketchDimension).toFixed(3)}–${Math.sqrt(2 / sketchDimension).toFixed(3)})`
      : null,
    matrix,
    meanOffDiagonal: sum / pairs,
    minOffDiagonal: min,
    fractionNegative: negative / pairs,
    perBatchMean,
    undefinedBatches: norms.flatMap((norm, i) => (norm > 0 ? [] : [i])),
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
