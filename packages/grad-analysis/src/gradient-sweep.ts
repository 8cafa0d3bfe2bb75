import type { CountSketch } from './count-sketch.js';
import { type HelperJob, sweepHelper } from './sweep-helper.js';
import { createSweepMemory, layOutSketchTables, SweepLayout } from './sweep-memory.js';
import { accumulateRange, addRangeNorms, type SweepRange } from './sweep-ranges.js';

/**
 * The collector's two sweeps over each D-value gradient, run by the WebAssembly SIMD module of
 * wasm/gradient-sweep.wat (plain JavaScript loops ran them at ~0.55 GB/s; see the README's bench).
 * Its shared memory holds the float64 running sum S = Σ b_i g_i, the sketch's signs and shifts,
 * and per thread a staging buffer the gradient is copied through chunk by chunk (a chunk stays in
 * cache between the copy and the kernel) and the k-bucket sketch being built. With `threads: 2`
 * and a gradient on a SharedArrayBuffer, a helper thread sweeps the upper half of the
 * coordinates while the calling thread sweeps the lower half.
 */
export interface GradientSweep {
  /** Σ g_j² over each [offsets[g], offsets[g] + lengths[g]); reads the gradient only. */
  squaredNorms(gradient: Float32Array, offsets: number[], lengths: number[]): number[];
  /** S += b·g and sketch = S_k g (a fresh k-vector); returns ⟨S before, g⟩. */
  accumulate(gradient: Float32Array, batchSize: number, sketch: Float64Array): number;
  /** Σ S_j² over [from, to). */
  sumSquaredOfSum(from: number, to: number): number;
}

export function createGradientSweep(sketch: CountSketch, threads: 1 | 2 = 1): GradientSweep {
  const { inputLength: d, dimension: k } = sketch;
  const layout = new SweepLayout();
  const tables = layOutSketchTables(layout, sketch);
  const { chunk, signsAt, shiftsAt } = tables;
  const staging = Math.min(chunk, d);
  const sketchAt = [layout.take(k * 8), layout.take(k * 8)]; // per thread
  const stageAt = [layout.take(staging * 4), layout.take(staging * 4)];
  const sumAt = layout.take(d * 8);
  const { module, memory, memoryId, buffer, kernels } = createSweepMemory(
    layout,
    `parameterCount ${d} with sketchDimension ${k} (8 bytes of running sum per parameter: about 490 M parameters at most)`,
  );
  tables.write(buffer);
  const staged = new Float32Array(buffer, stageAt[0], staging);
  const sketched = [0, 1].map((t) => new Float64Array(buffer, sketchAt[t], k));
  const rangeOf = (t: 0 | 1, from: number, to: number): SweepRange => ({
    from,
    to,
    chunk,
    k,
    stageAt: stageAt[t],
    sketchAt: sketchAt[t],
    sumAt,
    signsAt,
    shiftsAt,
  });
  // The helper takes the upper half, from a chunk boundary; not worth a thread below 2 chunks.
  const split = chunk * Math.ceil(Math.ceil(d / chunk) / 2);
  const helped = (gradient: Float32Array) =>
    threads === 2 && split < d && gradient.buffer instanceof SharedArrayBuffer;
  let results: Float64Array | null = null;
  const startHelper = (
    op: HelperJob['op'],
    gradient: Float32Array,
    batchSize: number,
    offsets: number[],
    lengths: number[],
  ): Float64Array => {
    if (results === null || results.length < Math.max(1, offsets.length)) {
      results = new Float64Array(new SharedArrayBuffer(8 * Math.max(1, offsets.length)));
    }
    const helper = sweepHelper();
    helper.start({
      op,
      memoryId,
      // cloning the module and memory for every job cost ~1 ms of the ~14 ms
      instance: helper.memoryId === memoryId ? null : { module, memory },
      gradient,
      range: rangeOf(1, split, d),
      batchSize,
      offsets,
      lengths,
      results,
    });
    return results;
  };

  return {
    squaredNorms(gradient, offsets, lengths) {
      const norms = new Float64Array(offsets.length);
      if (!helped(gradient)) {
        addRangeNorms(kernels, staged, gradient, rangeOf(0, 0, d), offsets, lengths, norms);
        return Array.from(norms);
      }
      const upper = startHelper('norms', gradient, 0, offsets, lengths);
      addRangeNorms(kernels, staged, gradient, rangeOf(0, 0, split), offsets, lengths, norms);
      sweepHelper().wait();
      return Array.from(norms, (norm, g) => norm + upper[g]);
    },
    accumulate(gradient, batchSize, sketchOut) {
      sketched[0].fill(0);
      if (!helped(gradient)) {
        const lower = accumulateRange(kernels, staged, gradient, rangeOf(0, 0, d), batchSize);
        sketchOut.set(sketched[0]);
        return lower;
      }
      const upper = startHelper('accumulate', gradient, batchSize, [], []);
      const lower = accumulateRange(kernels, staged, gradient, rangeOf(0, 0, split), batchSize);
      sweepHelper().wait();
      for (let q = 0; q < k; q++) sketchOut[q] = sketched[0][q] + sketched[1][q];
      return lower + upper[0];
    },
    sumSquaredOfSum(from, to) {
      return kernels.sumSquaresF64(sumAt + from * 8, to - from);
    },
  };
}
