import { describe, expect, it } from 'vitest';
import { copySquareSum, OneDnnError } from '../src/index.js';
import { spreadValues as values } from './adam-reference.js';
import { availability } from './compare.js';

describe.skipIf(!availability.ok)('copySquareSum (native)', () => {
  it('hand-worked: [3, -4] gives 25 and an exact copy', () => {
    const target = new Float32Array(2);
    expect(copySquareSum(Float32Array.from([3, -4]), target)).toBe(25);
    expect(Array.from(target)).toEqual([3, -4]);
  });

  // 2^17 + 3 elements are summed on two threads where the machine has them; odd lengths test
  // the unrolled loop's remainder.
  it.each([0, 1, 7, 1023, 2 ** 17 + 3])(
    'length %i: bit-exact copy, sum as float64 JavaScript',
    (length) => {
      const source = values(length, 3, 1);
      const target = new Float32Array(length).fill(Number.NaN);
      let reference = 0;
      for (const value of source) reference += value * value;
      const sum = copySquareSum(source, target);
      // Every term is exact in float64; only the order of additions differs.
      expect(Math.abs((sum as number) - reference)).toBeLessThanOrEqual(1e-12 * reference);
      const bits = new Uint32Array(source.buffer);
      expect(new Uint32Array(target.buffer).findIndex((b, i) => b !== bits[i])).toBe(-1);
    },
  );

  it('a non-finite value makes the sum non-finite (the caller rejects such a gradient)', () => {
    const source = Float32Array.from([1, Number.NaN, 2]);
    expect(copySquareSum(source, new Float32Array(3))).toBeNaN();
    expect(copySquareSum(Float32Array.from([Number.POSITIVE_INFINITY]), new Float32Array(1))).toBe(
      Number.POSITIVE_INFINITY,
    );
  });

  it('refuses an array that is not a Float32Array, naming it', () => {
    expect(() => copySquareSum(new Float32Array(2), [0, 0] as unknown as Float32Array)).toThrow(
      new OneDnnError('INVALID_TENSOR', 'copySquareSum: target must be a Float32Array'),
    );
  });

  it('refuses arrays of different lengths, naming both', () => {
    expect(() => copySquareSum(new Float32Array(3), new Float32Array(2))).toThrow(
      new OneDnnError(
        'INVALID_TENSOR',
        'copySquareSum: target has 2 elements, expected 3 (the length of source)',
      ),
    );
  });
});
