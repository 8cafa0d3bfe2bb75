/**
 * The two sweeps over a range of coordinates, chunk by chunk through a staging buffer, as the
 * calling thread and the helper thread (sweep-helper.ts) both run them. They reference nothing
 * outside their parameters: the helper's code is their source text.
 */

/** The kernels of wasm/gradient-sweep.wat. */
export interface SweepKernels {
  sumSquaresF32(at: number, n: number): number;
  sumSquaresF64(at: number, n: number): number;
  dotF32(a: number, b: number, n: number): number;
  accumulate(
    start: number,
    end: number,
    k: number,
    gBase: number,
    sum: number,
    signs: number,
    sketch: number,
    shifts: number,
    batchSize: number,
  ): number;
  sketch(
    start: number,
    end: number,
    k: number,
    gBase: number,
    signs: number,
    sketch: number,
    shifts: number,
  ): void;
}

/** Where one thread's part of a sweep lives in the module's memory, and the range it covers. */
export interface SweepRange {
  from: number; // first coordinate, a multiple of `chunk`
  to: number;
  chunk: number; // values per staging copy, a multiple of k
  k: number;
  stageAt: number; // this thread's staging buffer (chunk float32)
  sketchAt: number; // this thread's sketch (k float64)
  sumAt: number;
  signsAt: number;
  shiftsAt: number;
}

/** norms[g] += Σ g_j² over group g's part of [from, to) (groups: contiguous, in order). */
export function addRangeNorms(
  kernels: SweepKernels,
  staged: Float32Array,
  gradient: Float32Array,
  range: SweepRange,
  offsets: ArrayLike<number>,
  lengths: ArrayLike<number>,
  norms: Float64Array,
): void {
  let g = 0;
  while (g < offsets.length && offsets[g] + lengths[g] <= range.from) g++;
  for (let from = range.from; from < range.to; from += range.chunk) {
    const to = Math.min(from + range.chunk, range.to);
    staged.set(gradient.subarray(from, to));
    for (; g < offsets.length && offsets[g] < to; g++) {
      const a = Math.max(offsets[g], from);
      const b = Math.min(offsets[g] + lengths[g], to);
      norms[g] += kernels.sumSquaresF32(range.stageAt + (a - from) * 4, b - a);
      if (offsets[g] + lengths[g] > to) break; // continues in the next chunk
    }
  }
}

/** S += b·g and this thread's sketch += S_k g over [from, to); returns ⟨S before, g⟩ there. */
export function accumulateRange(
  kernels: SweepKernels,
  staged: Float32Array,
  gradient: Float32Array,
  range: SweepRange,
  batchSize: number,
): number {
  let lower = 0;
  for (let from = range.from; from < range.to; from += range.chunk) {
    const to = Math.min(from + range.chunk, range.to);
    staged.set(gradient.subarray(from, to));
    const gBase = (range.stageAt - from * 4) | 0; // value j at gBase + 4j (modulo 2^32)
    lower += kernels.accumulate(
      from,
      to,
      range.k,
      gBase,
      range.sumAt,
      range.signsAt,
      range.sketchAt,
      range.shiftsAt,
      batchSize,
    );
  }
  return lower;
}
