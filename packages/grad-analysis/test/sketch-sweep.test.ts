import { describe, expect, it } from 'vitest';
import { addSketch, createCountSketch } from '../src/count-sketch.js';
import { createRandom } from '../src/random.js';
import { createSketchSweep } from '../src/sketch-sweep.js';

/** The sweep against addSketch (the sketch's definition) and a float64 sum of squares. */
function check(d: number, k: number, seed: number) {
  const sketch = createCountSketch(d, k, seed);
  const sweep = createSketchSweep(sketch);
  const random = createRandom(seed + 1);
  for (let t = 0; t < 3; t++) {
    const gradient = Float32Array.from({ length: d }, () =>
      random.next() < 0.3 ? 0 : random.normal(),
    );
    const got = new Float64Array(k);
    const normSquared = sweep.normAndSketch(gradient, got);
    const expected = new Float64Array(k);
    addSketch(sketch, gradient, expected);
    // the same float64 values added to each bucket in the same order: bit-identical
    expect(got).toEqual(expected);
    let reference = 0;
    for (let j = 0; j < d; j++) reference += gradient[j] * gradient[j];
    // summation order differs (SIMD lanes): agreement to float64 rounding
    expect(Math.abs(normSquared - reference)).toBeLessThanOrEqual(1e-12 * reference);
  }
}

describe('createSketchSweep (WebAssembly): norm and sketch without a running sum', () => {
  it('equals addSketch bit for bit across chunks, partial blocks and odd k', () => {
    check(50000, 7, 11); // chunks of 16 387 values: four of them
    check(12345, 2048, 2); // a partial last block
    check(100, 1, 3);
    check(70000, 4096, 4); // the audit's k
  });

  it('returns a norm that is not finite when a value is not, wherever it sits', () => {
    const d = 40000;
    const sweep = createSketchSweep(createCountSketch(d, 4096, 1));
    for (const [at, value] of [
      [0, Number.NaN],
      [16383, Number.POSITIVE_INFINITY],
      [39999, Number.NEGATIVE_INFINITY],
    ]) {
      const gradient = new Float32Array(d).fill(0.5);
      gradient[at] = value;
      expect(Number.isFinite(sweep.normAndSketch(gradient, new Float64Array(4096)))).toBe(false);
    }
  });
});
