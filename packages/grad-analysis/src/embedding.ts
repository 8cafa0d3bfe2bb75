import { principalComponents } from './pca.js';
import { type TsneOptions, tsne } from './tsne.js';
import type { EmbeddingResult } from './types.js';

export interface EmbeddingOptions extends TsneOptions {
  seed?: number; // PCA seed (default 0); t-SNE itself is deterministic
  components?: number; // PCA dimension before t-SNE (default 50)
}

/**
 * 2-D map of batch-gradient directions: each sketch S g_i (a random projection of g_i, see
 * count-sketch.ts) is divided by the exact |g_i| so that only direction counts (a zero gradient
 * stays at the origin), reduced by PCA to ≤ 50 dimensions (min(50, N − 1, k)), then embedded by t-SNE
 * initialised from the first two principal components. This is the usual pipeline for long vectors
 * (van der Maaten & Hinton 2008, §5; scikit-learn's recommendation). Pure and worker-safe.
 */
export function embedDirections(
  sketches: ArrayLike<number>[],
  normsSquared: ArrayLike<number>,
  options: EmbeddingOptions = {},
): EmbeddingResult {
  const seed = options.seed ?? 0;
  const directions = sketches.map((sketch, i) => {
    const norm = Math.sqrt(normsSquared[i]);
    return Float64Array.from(sketch, (v) => (norm > 0 ? v / norm : 0));
  });
  const { scores } = principalComponents(directions, options.components ?? 50, seed);
  // t-SNE's default initialisation takes the first two coordinates: here the top two PCs.
  const result = tsne(scores, options);
  return {
    method: `L2-normalise → CountSketch random projection (k = ${sketches[0].length}) → PCA(${scores[0].length}) → ${result.method} t-SNE`,
    points: result.points,
    perplexity: result.perplexity,
    iterations: result.iterations,
    seed,
    klDivergence: result.klDivergence,
  };
}
