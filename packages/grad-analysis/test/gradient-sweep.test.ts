import { describe, expect, it } from 'vitest';
import { compileSweepWat, generatedSource } from '../scripts/build-wasm.js';
import { addSketch, createCountSketch } from '../src/count-sketch.js';
import { createGradientSweep } from '../src/gradient-sweep.js';
import { GRADIENT_SWEEP_WASM } from '../src/gradient-sweep-wasm.js';
import { createRandom } from '../src/random.js';

/** Float64 reference of what the sweep computes, coordinate by coordinate in plain JavaScript. */
function referenceRun(
  d: number,
  k: number,
  lengths: number[],
  batches: number[],
  seed: number,
  threads: 1 | 2 = 1,
) {
  const sketch = createCountSketch(d, k, seed);
  const sweep = createGradientSweep(sketch, threads);
  const offsets = lengths.map((_, g) => lengths.slice(0, g).reduce((a, b) => a + b, 0));
  const random = createRandom(seed + 1);
  const sum = new Float64Array(d);
  for (const b of batches) {
    // on a SharedArrayBuffer, as the model's gradients are: the helper thread reads it there
    const gradient = new Float32Array(new SharedArrayBuffer(4 * d));
    for (let j = 0; j < d; j++) gradient[j] = random.normal() * (random.next() < 0.3 ? 0 : 1);
    const norms = sweep.squaredNorms(gradient, offsets, lengths);
    const expectedNorms = offsets.map((from, g) => {
      let s = 0;
      for (let j = from; j < from + lengths[g]; j++) s += gradient[j] * gradient[j];
      return s;
    });
    const got = new Float64Array(k);
    const lower = sweep.accumulate(gradient, b, got);
    let expectedLower = 0;
    for (let j = 0; j < d; j++) {
      expectedLower += sum[j] * gradient[j];
      sum[j] += b * gradient[j];
    }
    const expectedSketch = new Float64Array(k);
    addSketch(sketch, gradient, expectedSketch);
    if (threads === 1) {
      // the sketch adds the same float64 values to each bucket in the same order: bit-identical
      expect(got).toEqual(expectedSketch);
    } else {
      // two partial sums per bucket, added at the end
      const scale = Math.sqrt(d / k) * 8;
      got.forEach((v, q) => {
        expect(Math.abs(v - expectedSketch[q])).toBeLessThan(1e-12 * scale);
      });
    }
    // summation order differs (SIMD lanes): agreement to float64 rounding, relative 1e-12
    norms.forEach((norm, g) => {
      expect(Math.abs(norm - expectedNorms[g])).toBeLessThanOrEqual(1e-12 * expectedNorms[g]);
    });
    // ⟨S, g⟩ sums terms of both signs: bound by the sum of their magnitudes
    let magnitude = 0;
    for (let j = 0; j < d; j++) magnitude += Math.abs((sum[j] - b * gradient[j]) * gradient[j]);
    expect(Math.abs(lower - expectedLower)).toBeLessThanOrEqual(1e-12 * magnitude);
  }
  offsets.forEach((from, g) => {
    let expected = 0;
    for (let j = from; j < from + lengths[g]; j++) expected += sum[j] * sum[j];
    const got = sweep.sumSquaredOfSum(from, from + lengths[g]);
    expect(Math.abs(got - expected)).toBeLessThanOrEqual(1e-12 * expected);
  });
}

describe('createGradientSweep (WebAssembly) against a plain float64 reference', () => {
  it('matches across chunks, odd group boundaries and a k that is not a multiple of 4', () => {
    // k = 7: chunks of 7·⌈16384/7⌉ = 16 387 values, so D = 50 000 spans four chunks
    referenceRun(50000, 7, [1, 4999, 16400, 28600], [4, 5, 1], 11);
  });

  it('matches with k = 2048 and a partial last block, k = 1, and k > D', () => {
    referenceRun(12345, 2048, [3, 12342], [4, 4], 2);
    referenceRun(100, 1, [100], [2, 3], 3);
    referenceRun(10, 2048, [4, 6], [1, 2, 3], 4);
  });
});

describe('createGradientSweep with threads: 2 (a helper thread sweeps the upper half)', () => {
  it('matches the reference across the split, on odd groups, for several batches', () => {
    // chunks of 16 387 values: D = 50 000 spans 4, the helper takes the last 2 (from 32 774);
    // the group of 16 400 straddles the split
    referenceRun(50000, 7, [1, 4999, 16400, 28600], [4, 5, 1], 11, 2);
    referenceRun(40000, 2048, [20000, 20000], [4, 4], 5, 2);
  });

  it('sweeps alone when the gradient is not on a SharedArrayBuffer, or too short to split', () => {
    const d = 40000;
    const sketch = createCountSketch(d, 2048, 1);
    const one = createGradientSweep(sketch, 1);
    const two = createGradientSweep(sketch, 2);
    const plain = Float32Array.from({ length: d }, (_, j) => Math.sin(j));
    const a = new Float64Array(2048);
    const b = new Float64Array(2048);
    one.accumulate(plain, 4, a);
    two.accumulate(plain, 4, b);
    expect(b).toEqual(a); // the same single sweep: bit-identical
    referenceRun(100, 16, [100], [1, 2], 6, 2); // one chunk: no helper
  });
});

describe('createGradientSweep limits', () => {
  it('refuses a gradient whose running sum cannot fit WebAssembly memory, saying why', () => {
    const sketch = createCountSketch(600_000_000, 2048, 0);
    expect(() => createGradientSweep(sketch)).toThrow(
      'parameterCount 600000000 with sketchDimension 2048 (8 bytes of running sum per parameter: about 490 M parameters at most) needs 4.5 GiB of WebAssembly memory; at most 4 GiB',
    );
  });
});

describe('src/gradient-sweep-wasm.ts', () => {
  it('is what scripts/build-wasm.ts compiles from wasm/gradient-sweep.wat (run `pnpm build:wasm`)', async () => {
    const bytes = await compileSweepWat();
    expect(generatedSource(bytes)).toContain(GRADIENT_SWEEP_WASM);
    expect(Buffer.from(GRADIENT_SWEEP_WASM, 'base64')).toEqual(bytes);
  });
});
