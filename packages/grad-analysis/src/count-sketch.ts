import { createRandom } from './random.js';

/**
 * A CountSketch S (Charikar, Chen & Farach-Colton 2002): coordinate j of a D-vector is added,
 * with a random sign s(j), to bucket h(j) of a k-vector. The signs are independent fair coins,
 * so for ANY bucket map the sketched inner product is unbiased, E⟨Sx, Sy⟩ = ⟨x, y⟩, and
 *   Var⟨Sx, Sy⟩ = Σ_{i<j, h(i)=h(j)} (x_i y_j + x_j y_i)².
 * The bucket map here is block-shifted rather than fully random, so that a sweep touches
 * consecutive buckets (SIMD, no scattered writes: see gradient-sweep.ts): the coordinates are
 * cut into blocks of k, block c is rotated by a uniform random shift r_c, position p of the block
 * going to bucket (p + r_c) mod k. Two coordinates of one block never share a bucket; two of
 * different blocks share one with probability exactly 1/k. Over shifts and signs, with
 * F(x, y) = |x|²|y|² + ⟨x,y⟩² − 2 Σ_j x_j² y_j²  (= 2 Σ_{i<j} (x_i y_j + x_j y_i)²),
 *   Var⟨Sx, Sy⟩ = (F(x, y) − Σ_blocks F(x_c, y_c)) / k  ≤  (|x|²|y|² + ⟨x,y⟩²) / k,
 * which is the fully random CountSketch's variance, F(x, y)/k, less the pairs inside a block.
 */
export interface CountSketch {
  inputLength: number; // D
  dimension: number; // k
  /** shifts[c] = r_c ∈ [0, k), one per block of k coordinates (the last may be shorter). */
  shifts: Int32Array;
  /** Bit j & 31 of word j >>> 5 set ⇔ s(j) = −1. */
  signs: Uint32Array;
}

export function createCountSketch(
  inputLength: number,
  dimension: number,
  seed: number,
): CountSketch {
  const random = createRandom(seed ^ 0x5eed5eed);
  const shifts = new Int32Array(Math.ceil(inputLength / dimension));
  for (let c = 0; c < shifts.length; c++) shifts[c] = random.int(dimension);
  const signs = new Uint32Array(Math.ceil(inputLength / 32));
  for (let w = 0; w < signs.length; w++) signs[w] = random.int(4294967296);
  return { inputLength, dimension, shifts, signs };
}

/** out += S x, in coordinate order (the reference the WebAssembly sweep is tested against). */
export function addSketch(sketch: CountSketch, x: ArrayLike<number>, out: Float64Array): void {
  const { dimension: k, shifts, signs } = sketch;
  for (let start = 0, c = 0; start < x.length; start += k, c++) {
    const end = Math.min(start + k, x.length);
    let q = shifts[c];
    for (let j = start; j < end; j++, q++) {
      if (q === k) q = 0;
      const v = x[j];
      out[q] += (signs[j >>> 5] >>> (j & 31)) & 1 ? -v : v;
    }
  }
}
