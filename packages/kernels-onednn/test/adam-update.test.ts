import { describe, expect, it } from 'vitest';
import { adamUpdateInPlace, OneDnnError } from '../src/index.js';
import { loadAddon } from '../src/native.js';
import {
  adamOptions as options,
  referenceAdamStep,
  spreadValues as values,
} from './adam-reference.js';
import { availability } from './compare.js';

/** Index of the first element whose bits differ, or -1. */
function firstDifference(a: Float32Array, b: Float32Array): number {
  const x = new Uint32Array(a.buffer, a.byteOffset, a.length);
  const y = new Uint32Array(b.buffer, b.byteOffset, b.length);
  return x.findIndex((bits, i) => bits !== y[i]);
}

describe.skipIf(!availability.ok)('adamUpdateInPlace (native)', () => {
  // 2^17 + 3 elements run on two OpenMP threads (native/parallel.h: 2^16 per thread) where the
  // machine has them; the others on one, with odd lengths exercising any vector remainder.
  const lengths = [1, 7, 1023, 2 ** 17 + 3];
  it.each([
    ['Adam (L2)', false],
    ['AdamW (decoupled)', true],
  ] as const)('%s: bit-identical to the float64 JavaScript loop over 5 steps', (_, decoupled) => {
    for (const length of lengths) {
      const native = [values(length, 1, 1), new Float32Array(length), new Float32Array(length)];
      const reference = native.map((array) => array.slice());
      for (let step = 1; step <= 5; step++) {
        const gradient = values(length, 10 + step, step);
        expect(
          adamUpdateInPlace(
            native[0] as Float32Array,
            gradient,
            native[1] as Float32Array,
            native[2] as Float32Array,
            options(step, decoupled),
          ),
        ).toBe(true);
        const [t, m, v] = reference as [Float32Array, Float32Array, Float32Array];
        referenceAdamStep(t, gradient, m, v, options(step, decoupled));
      }
      for (const [i, name] of ['parameters', 'firstMoment', 'secondMoment'].entries()) {
        const at = firstDifference(native[i] as Float32Array, reference[i] as Float32Array);
        expect(at, `${name} (length ${length}) differs at ${at}`).toBe(-1);
      }
      // The update did something: parameters moved away from their start.
      expect(firstDifference(native[0] as Float32Array, values(length, 1, 1))).not.toBe(-1);
    }
  });

  it('one L2 step matches a hand computation', () => {
    const theta = Float32Array.from([1, -2]);
    const m = new Float32Array(2);
    const v = new Float32Array(2);
    const o = { ...options(1, false), learningRate: 0.1, weightDecay: 0.5 };
    adamUpdateInPlace(theta, Float32Array.from([0.5, 3]), m, v, o);
    // g' = g + 0.5θ = [1, 2]; m = 0.1g' = [0.1, 0.2]; v = 0.001g'² = [0.001, 0.004];
    // m̂ = m/0.1 = g', √v̂ = |g'|: θ ← θ − 0.1 · g'/(|g'| + 1e-8)
    expect(theta[0]).toBeCloseTo(1 - 0.1 / (1 + 1e-8), 6);
    expect(theta[1]).toBeCloseTo(-2 - 0.1 * (2 / (2 + 1e-8)), 6);
    expect(Array.from(m)).toEqual([Math.fround(0.1), Math.fround(0.2)]);
    expect(v[0]).toBeCloseTo(0.001, 9);
    expect(v[1]).toBeCloseTo(0.004, 9);
  });

  it('one AdamW step shrinks θ by 1 − ηλ, then moves it by −η·sign(g)', () => {
    const theta = Float32Array.from([1, -2]);
    const o = { ...options(1, true), learningRate: 0.1, weightDecay: 0.5 };
    adamUpdateInPlace(
      theta,
      Float32Array.from([0.5, -3]),
      new Float32Array(2),
      new Float32Array(2),
      o,
    );
    expect(theta[0]).toBeCloseTo(0.95 - 0.1, 6);
    expect(theta[1]).toBeCloseTo(-1.9 + 0.1, 6);
  });
});

describe('adamUpdateInPlace input checks', () => {
  const four = () => new Float32Array(4);
  it('names the argument whose length differs', () => {
    const call = () =>
      adamUpdateInPlace(four(), four(), four(), new Float32Array(3), options(1, false));
    expect(call).toThrow(OneDnnError);
    expect(call).toThrow(
      'adamUpdateInPlace: secondMoment has 3 elements, expected 4 (the length of parameters)',
    );
  });

  it('refuses a step below 1 or a non-float32 array, touching nothing', () => {
    const theta = Float32Array.from([1, 2, 3, 4]);
    expect(() => adamUpdateInPlace(theta, four(), four(), four(), options(0, false))).toThrow(
      'adamUpdateInPlace: step = 0, expected an integer ≥ 1 (the number of this update)',
    );
    const doubles = new Float64Array(4) as unknown as Float32Array;
    expect(() => adamUpdateInPlace(theta, doubles, four(), four(), options(1, false))).toThrow(
      'adamUpdateInPlace: gradients must be a Float32Array',
    );
    expect(Array.from(theta)).toEqual([1, 2, 3, 4]);
  });

  it.skipIf(availability.ok)('returns false when the addon is not loaded', () => {
    expect(loadAddon().ok).toBe(false);
    expect(adamUpdateInPlace(four(), four(), four(), four(), options(1, false))).toBe(false);
  });
});
