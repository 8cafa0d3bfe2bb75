import { createRandom } from '../src/random.js';

/**
 * Batch gradients with a planted mean G and per-example covariance Σ = σ²·I: a batch of b examples
 * has g = G + ξ with ξ ~ N(0, σ²/b · I), so tr(Σ) = D·σ² and B_simple = D·σ²/|G|² exactly.
 */
export function plantedGradients(options: {
  mean: Float64Array;
  sigma: number;
  batchSize: number;
  batches: number;
  seed: number;
}): Float32Array[] {
  const { mean, sigma, batchSize, batches, seed } = options;
  const random = createRandom(seed);
  const scale = sigma / Math.sqrt(batchSize);
  return Array.from({ length: batches }, () =>
    Float32Array.from(mean, (g) => g + scale * random.normal()),
  );
}

export function plantedNoiseScale(mean: Float64Array, sigma: number): number {
  let norm = 0;
  for (const g of mean) norm += g * g;
  return (mean.length * sigma * sigma) / norm;
}

/** N points in `dimension`-D around `clusters` well-separated centres (distance `gap` on axis c). */
export function clusteredPoints(
  n: number,
  dimension: number,
  clusters: number,
  gap: number,
  seed: number,
): Float64Array[] {
  const random = createRandom(seed);
  return Array.from({ length: n }, (_, i) =>
    Float64Array.from(
      { length: dimension },
      (_, c) => (c === i % clusters ? gap : 0) + random.normal(),
    ),
  );
}
