import type { CountSketch } from './count-sketch.js';
import { GradAnalysisError } from './errors.js';
import { GRADIENT_SWEEP_WASM } from './gradient-sweep-wasm.js';
import { type HelperJob, sweepHelper } from './sweep-helper.js';
import {
  accumulateRange,
  addRangeNorms,
  type SweepKernels,
  type SweepRange,
} from './sweep-ranges.js';

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

const SIGN_TABLE_BYTES = 16 * 32; // per 4-bit sign nibble, two f64x2 masks
const CHUNK_VALUES = 16384; // 64 KiB of float32: stays in L1/L2 between copy and kernel
const PAGE = 65536;
const MAX_PAGES = 65536; // 4 GiB, WebAssembly's 32-bit address space

// The part of the WebAssembly API used here (TypeScript declares it only in its DOM libraries).
declare const WebAssembly: {
  Memory: new (descriptor: {
    initial: number;
    maximum: number;
    shared: boolean;
  }) => { buffer: ArrayBufferLike };
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: unknown };
};

let compiled: object | null = null;
let memories = 0;

export function createGradientSweep(sketch: CountSketch, threads: 1 | 2 = 1): GradientSweep {
  const { inputLength: d, dimension: k } = sketch;
  // Chunks are whole blocks of k so that a chunk's first coordinate starts a block.
  const chunk = k * Math.ceil(CHUNK_VALUES / k);
  const staging = Math.min(chunk, d);
  const layout = new Layout();
  const signTable = layout.take(SIGN_TABLE_BYTES); // at 0, where the kernels read it
  const sketchAt = [layout.take(k * 8), layout.take(k * 8)]; // per thread
  const stageAt = [layout.take(staging * 4), layout.take(staging * 4)];
  const sumAt = layout.take(d * 8);
  const signsAt = layout.take(sketch.signs.byteLength);
  const shiftsAt = layout.take(sketch.shifts.byteLength);
  const pages = Math.ceil(layout.bytes / PAGE);
  if (pages > MAX_PAGES) {
    throw new GradAnalysisError(
      'invalid-option',
      `parameterCount ${d} with sketchDimension ${k} needs ${(layout.bytes / 2 ** 30).toFixed(1)} GiB of WebAssembly memory (the running sum is 8 bytes per parameter); at most 4 GiB, about 490 M parameters`,
    );
  }
  const memory = new WebAssembly.Memory({ initial: pages, maximum: pages, shared: true });
  const memoryId = memories++;
  compiled ??= new WebAssembly.Module(base64Bytes(GRADIENT_SWEEP_WASM));
  const module = compiled;
  const kernels = new WebAssembly.Instance(module, { env: { memory } }).exports as SweepKernels;

  const buffer = memory.buffer;
  const masks = new BigUint64Array(buffer, signTable, SIGN_TABLE_BYTES / 8);
  for (let nibble = 0; nibble < 16; nibble++) {
    for (let lane = 0; lane < 4; lane++) {
      masks[nibble * 4 + lane] = (nibble >> lane) & 1 ? 0x8000000000000000n : 0n;
    }
  }
  new Uint32Array(buffer, signsAt, sketch.signs.length).set(sketch.signs);
  new Int32Array(buffer, shiftsAt, sketch.shifts.length).set(sketch.shifts);
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
    const range = rangeOf(1, split, d);
    sweepHelper().start({
      op,
      module,
      memory,
      memoryId,
      gradient,
      range,
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

/** Consecutive 16-byte-aligned regions of the module's memory. */
class Layout {
  bytes = 0;
  take(size: number): number {
    const at = this.bytes;
    this.bytes += Math.ceil(size / 16) * 16;
    return at;
  }
}

function base64Bytes(text: string): Uint8Array {
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}
