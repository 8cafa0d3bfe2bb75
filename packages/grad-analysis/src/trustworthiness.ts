import { GradAnalysisError } from './errors.js';
import { squaredDistance } from './tsne-affinities.js';

/**
 * Trustworthiness of an embedding (Venna & Kaski 2001; the definition scikit-learn's
 * `sklearn.manifold.trustworthiness` implements):
 *   T(k) = 1 − 2/(n·k·(2n − 3k − 1)) · Σ_i Σ_{j ∈ U_k(i)} (r(i, j) − k),
 * where U_k(i) are the k nearest neighbours of i in the embedding that are not among its k nearest
 * in the input, and r(i, j) is j's rank among i's input neighbours (1 = nearest). 1 = every
 * embedded neighbourhood is a true one. Needs k < n/2; ties are broken by index.
 */
export function trustworthiness(
  input: ArrayLike<number>[],
  embedded: ArrayLike<number>[],
  k = 10,
): number {
  const n = input.length;
  if (embedded.length !== n) {
    throw new GradAnalysisError(
      'invalid-input',
      `embedded has ${embedded.length} points, expected ${n} (one per input point)`,
    );
  }
  if (!Number.isInteger(k) || k < 1 || k >= n / 2) {
    throw new GradAnalysisError(
      'invalid-option',
      `k must be an integer with 1 ≤ k < n/2 = ${n / 2}, got ${k}`,
    );
  }
  const rank = new Int32Array(n);
  let penalty = 0;
  for (let i = 0; i < n; i++) {
    const byInput = neighbourOrder(input, i);
    byInput.forEach((j, r) => {
      rank[j] = r + 1;
    });
    for (const j of neighbourOrder(embedded, i).slice(0, k)) {
      if (rank[j] > k) penalty += rank[j] - k;
    }
  }
  return 1 - (2 / (n * k * (2 * n - 3 * k - 1))) * penalty;
}

function neighbourOrder(points: ArrayLike<number>[], i: number): number[] {
  const distance = points.map((p) => squaredDistance(points[i], p));
  return points
    .map((_, j) => j)
    .filter((j) => j !== i)
    .sort((a, b) => distance[a] - distance[b] || a - b);
}
