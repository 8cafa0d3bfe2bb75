import type { CountSketch } from './count-sketch.js';
import { GradAnalysisError } from './errors.js';
import { GRADIENT_SWEEP_WASM } from './gradient-sweep-wasm.js';

/**
 * The collector's two sweeps over each D-value gradient, run by the WebAssembly SIMD module of
 * wasm/gradient-sweep.wat (plain JavaScript loops ran them at ~0.55 GB/s; see the README's bench).
 * Its memory holds the float64 running sum S = Σ b_i g_i, the sketch's signs and shifts, a
 * staging buffer the gradient is copied through chunk by chunk (a chunk stays in cache between
 * the copy and the kernel) and the k-bucket sketch being built.
 */
export interface GradientSweep {
  /** Σ g_j² over each [offsets[g], offsets[g] + lengths[g]); reads the gradient only. */
  squaredNorms(gradient: Float32Array, offsets: number[], lengths: number[]): number[];
  /** S += b·g and sketch = S_k g (a fresh k-vector); returns ⟨S before, g⟩. */
  accumulate(gradient: Float32Array, batchSize: number, sketch: Float64Array): number;
  /** Σ S_j² over [from, to). */
  sumSquaredOfSum(from: number, to: number): number;
}

interface Kernels {
  sumSquaresF32(at: number, n: number): number;
  sumSquaresF64(at: number, n: number): number;
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
}

const SIGN_TABLE_BYTES = 16 * 32; // per 4-bit sign nibble, two f64x2 masks
const CHUNK_VALUES = 16384; // 64 KiB of float32: stays in L1/L2 between copy and kernel
const PAGE = 65536;
const MAX_PAGES = 65536; // 4 GiB, WebAssembly's 32-bit address space

// The part of the WebAssembly API used here (TypeScript declares it only in its DOM libraries).
declare const WebAssembly: {
  Memory: new (descriptor: { initial: number }) => { buffer: ArrayBuffer };
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: unknown };
};

let compiled: object | null = null;

export function createGradientSweep(sketch: CountSketch): GradientSweep {
  const { inputLength: d, dimension: k } = sketch;
  // Chunks are whole blocks of k so that a chunk's first coordinate starts a block.
  const chunk = k * Math.ceil(CHUNK_VALUES / k);
  const layout = new Layout();
  const signTable = layout.take(SIGN_TABLE_BYTES);
  const sketchAt = layout.take(k * 8);
  const stage = layout.take(Math.min(chunk, d) * 4);
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
  const memory = new WebAssembly.Memory({ initial: pages });
  compiled ??= new WebAssembly.Module(base64Bytes(GRADIENT_SWEEP_WASM));
  const kernels = new WebAssembly.Instance(compiled, { env: { memory } }).exports as Kernels;

  const buffer = memory.buffer;
  const masks = new BigUint64Array(buffer, signTable, SIGN_TABLE_BYTES / 8);
  for (let nibble = 0; nibble < 16; nibble++) {
    for (let lane = 0; lane < 4; lane++) {
      masks[nibble * 4 + lane] = (nibble >> lane) & 1 ? 0x8000000000000000n : 0n;
    }
  }
  new Uint32Array(buffer, signsAt, sketch.signs.length).set(sketch.signs);
  new Int32Array(buffer, shiftsAt, sketch.shifts.length).set(sketch.shifts);
  const staged = new Float32Array(buffer, stage, Math.min(chunk, d));
  const sketched = new Float64Array(buffer, sketchAt, k);

  const stageChunk = (gradient: Float32Array, from: number, to: number): void => {
    staged.set(gradient.subarray(from, to));
  };

  return {
    squaredNorms(gradient, offsets, lengths) {
      const norms = offsets.map(() => 0);
      let g = 0;
      for (let from = 0; from < d; from += chunk) {
        const to = Math.min(from + chunk, d);
        stageChunk(gradient, from, to);
        // the groups overlapping [from, to): contiguous slices in order
        for (; g < offsets.length && offsets[g] < to; g++) {
          const a = Math.max(offsets[g], from);
          const b = Math.min(offsets[g] + lengths[g], to);
          norms[g] += kernels.sumSquaresF32(stage + (a - from) * 4, b - a);
          if (offsets[g] + lengths[g] > to) break; // continues in the next chunk
        }
      }
      return norms;
    },
    accumulate(gradient, batchSize, sketchOut) {
      sketched.fill(0);
      let lower = 0;
      for (let from = 0; from < d; from += chunk) {
        const to = Math.min(from + chunk, d);
        stageChunk(gradient, from, to);
        const gBase = (stage - from * 4) | 0; // value j at gBase + 4j
        lower += kernels.accumulate(
          from,
          to,
          k,
          gBase,
          sumAt,
          signsAt,
          sketchAt,
          shiftsAt,
          batchSize,
        );
      }
      sketchOut.set(sketched);
      return lower;
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
