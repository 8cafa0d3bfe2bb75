import { createRandom } from './random.js';

/**
 * CountSketch (Charikar, Chen & Farach-Colton 2002), the sparse Johnson–Lindenstrauss transform
 * with one non-zero per column (Kane & Nelson 2014): coordinate j of a D-vector is added, with a
 * random sign s(j), to bucket h(j) of a k-vector. For any x, y the sketched inner product is
 * unbiased, E⟨Sx, Sy⟩ = ⟨x, y⟩, with
 *   Var⟨Sx, Sy⟩ = (|x|²|y|² + ⟨x,y⟩² − 2 Σ_j x_j² y_j²) / k ≤ (|x|²|y|² + ⟨x,y⟩²) / k.
 * Bucket and sign are drawn from a seeded generator (fully random, not only 2-wise independent)
 * and packed into one Int32 per coordinate: low 31 bits = bucket, top bit = negative sign, so
 * coordinate j adds ((t >> 31) | 1)·x_j to bucket t & 0x7fffffff (the collector's add()).
 */
export function createCountSketchTable(
  inputLength: number,
  dimension: number,
  seed: number,
): Int32Array {
  const random = createRandom(seed ^ 0x5eed5eed);
  const table = new Int32Array(inputLength);
  for (let j = 0; j < inputLength; j++) {
    const bucket = random.int(dimension);
    table[j] = random.next() < 0.5 ? bucket : bucket | 0x80000000;
  }
  return table;
}
