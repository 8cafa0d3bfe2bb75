import { describe, expect, it } from 'vitest';
import { selectBackend } from '../src/backend.js';
import { copySquareSum, nativeOps } from '../src/native-ops.js';
import { createRandom, fillNormal } from '../src/random.js';

describe('copySquareSum (the gradient flatten)', () => {
  it('JavaScript: copies exactly and returns Σ x² (hand-worked: [3, -4, 0.5] → 25.25)', () => {
    const target = new Float32Array(3);
    expect(copySquareSum(Float32Array.from([3, -4, 0.5]), target, null)).toBe(25.25);
    expect(Array.from(target)).toEqual([3, -4, 0.5]);
  });

  it('on cpu-onednn the native pass is wired in and agrees with JavaScript', async (context) => {
    const loaded = await selectBackend('cpu-onednn', () => {}).then(
      () => true,
      () => false,
    );
    if (!loaded) context.skip('kernels-onednn addon not built');
    const native = nativeOps();
    expect(native).not.toBeNull();
    // Threaded in the addon (2^16 elements per thread).
    const source = new Float32Array(2 ** 17 + 3);
    fillNormal(source, 1e-3, createRandom(7));
    const [fast, plain] = [new Float32Array(source.length), new Float32Array(source.length)];
    const sum = copySquareSum(source, fast, native);
    const reference = copySquareSum(source, plain, null);
    expect(Math.abs(sum - reference)).toBeLessThanOrEqual(1e-12 * reference);
    expect(fast).toEqual(source);
    // The wiring goes away with the backend.
    await selectBackend('cpu', () => {});
    expect(nativeOps()).toBeNull();
  });
});
