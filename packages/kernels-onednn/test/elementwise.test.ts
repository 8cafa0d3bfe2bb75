import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { broadcastPlan } from '../src/binary-kernel.js';
import { loadOneDnnKernels, restoreStockKernels } from '../src/index.js';
import { availability, relativeError, stockAndOneDnn, uniform } from './compare.js';

const close = (onednn: Float32Array[], stock: Float32Array[]) =>
  onednn.forEach((values, i) => {
    expect(relativeError(values, stock[i] as Float32Array), `output ${i}`).toBeLessThanOrEqual(
      1e-6,
    );
  });

// Operand pairs: equal shapes, scalars, per-channel vectors and per-image values on either side
// (the native loop, one of them large enough for two threads), and a broadcast it does not cover
// ([1, 3, 1, 8] against [3, 3, 4, 8]: two separate runs of axes, handled by the stock kernel).
const operandShapes: [number[], number[]][] = [
  [
    [3, 5, 7, 9],
    [3, 5, 7, 9],
  ],
  [[], [4, 6, 3]],
  [[4, 6, 3], []],
  [[2, 3, 5, 16], [16]],
  [[16], [2, 3, 5, 16]],
  [
    [1, 1, 1, 8],
    [3, 4, 4, 8],
  ],
  [
    [3, 1, 1, 8],
    [3, 4, 4, 8],
  ],
  [
    [8, 16, 16, 64],
    [8, 1, 1, 64],
  ],
  [
    [4, 1],
    [4, 9],
  ],
  [
    [1, 3, 1, 8],
    [3, 3, 4, 8],
  ],
];

describe('broadcastPlan', () => {
  const info = (shape: number[]) => ({ dataId: {}, shape, dtype: 'float32' as const });
  it.each([
    [[8, 1, 1, 512], [8, 4, 4, 512], { middle: 16, inner: 512, smallFirst: true }],
    [[2, 3, 5, 64], [64], { middle: 30, inner: 64, smallFirst: false }],
    [[], [4, 6, 3], { middle: 72, inner: 1, smallFirst: true }],
    [[3, 5], [3, 5], { middle: 1, inner: 15, smallFirst: false }],
    [[4, 9], [4, 1], { middle: 9, inner: 1, smallFirst: false }],
  ])('%j with %j: big as [outer, middle, inner] = %j', (a, b, expected) => {
    expect(broadcastPlan(info(a), info(b))).toMatchObject(expected);
  });

  it('leaves broadcasts over two separate runs of axes, and non-float32 operands, to stock', () => {
    expect(broadcastPlan(info([1, 3, 1, 8]), info([3, 3, 4, 8]))).toBeNull();
    expect(broadcastPlan({ ...info([2]), dtype: 'int32' }, info([2]))).toBeNull();
  });
});

describe.skipIf(!availability.ok)('element-wise kernels agree with the stock cpu kernels', () => {
  it.each(operandShapes.map((shapes) => [JSON.stringify(shapes), shapes] as const))(
    'Add, Sub, Multiply, RealDiv of shapes %s',
    (_, [aShape, bShape]) => {
      const { stock, onednn } = stockAndOneDnn(() => {
        const a = uniform(aShape, 1);
        // Divisors kept away from zero so the relative comparison is meaningful.
        const b = tf.add(uniform(bShape, 2), 3);
        return [tf.add(a, b), tf.sub(a, b), tf.mul(a, b), tf.div(a, b)];
      });
      close(onednn, stock);
    },
  );

  it('computes hand-worked cases with the small operand on either side', () => {
    const { onednn } = stockAndOneDnn(() => {
      const v = tf.tensor2d([1, 2, 3, 4, 5, 6], [2, 3]);
      const channel = tf.tensor1d([1, 2, 4]);
      return [
        tf.sub(tf.scalar(2), v),
        tf.div(v, channel),
        tf.div(channel, v),
        tf.sqrt(tf.tensor1d([4, 9])),
        tf.square(v),
      ];
    });
    expect(Array.from(onednn[0] as Float32Array)).toEqual([1, 0, -1, -2, -3, -4]);
    expect(Array.from(onednn[1] as Float32Array)).toEqual([1, 1, 0.75, 4, 2.5, 1.5]);
    expect(Array.from(onednn[2] as Float32Array)).toEqual(
      [1, 1, 4 / 3, 0.25, 0.4, 4 / 6].map(Math.fround),
    );
    expect(Array.from(onednn[3] as Float32Array)).toEqual([2, 3]);
    expect(Array.from(onednn[4] as Float32Array)).toEqual([1, 4, 9, 16, 25, 36]);
  });

  it('Relu and Step: hand-worked values, NaN kept, and agreement with stock on random data', () => {
    const { stock, onednn } = stockAndOneDnn(() => {
      const special = tf.tensor1d([-1, 0, 2, Number.NaN]);
      const x = uniform([3, 7, 5, 4], 12);
      return [tf.relu(special), tf.step(special), tf.step(special, 0.5), tf.relu(x), tf.step(x)];
    });
    expect(Array.from(onednn[0] as Float32Array)).toEqual([0, 0, 2, Number.NaN]);
    expect(Array.from(onednn[1] as Float32Array)).toEqual([0, 0, 1, Number.NaN]);
    expect(Array.from(onednn[2] as Float32Array)).toEqual([0.5, 0.5, 1, Number.NaN]);
    close(onednn.slice(3), stock.slice(3));
  });

  it('FusedBatchNorm: (x − mean)·scale/√(variance + ε) + offset by hand, and like stock per channel', () => {
    const { stock, onednn } = stockAndOneDnn(() => {
      // Channel 0: mean 2, variance 1, scale 2, offset 1; channel 1: mean 0, variance 4.
      const x = tf.tensor4d([1, 2, 3, -2], [1, 2, 1, 2]);
      const byHand = tf.batchNorm(
        x,
        tf.tensor1d([2, 0]),
        tf.tensor1d([1, 4]),
        tf.tensor1d([1, 0]),
        tf.tensor1d([2, 1]),
        0,
      );
      const y = uniform([4, 5, 3, 6], 13);
      const { mean, variance } = tf.moments(y, [0, 1, 2]);
      const [offset, scale] = [uniform([6], 14), uniform([6], 15)];
      return [
        byHand,
        tf.batchNorm(y, mean, variance, offset, scale, 1e-3),
        tf.batchNorm(y, mean, variance),
      ];
    });
    expect(Array.from(onednn[0] as Float32Array)).toEqual([-1, 1, 3, -1]);
    close(onednn.slice(1), stock.slice(1));
  });

  it('Sum and Mean over leading, trailing and middle axes, with keepDims', () => {
    const { stock, onednn } = stockAndOneDnn(() => {
      const x = uniform([4, 5, 6, 7], 9);
      return [
        tf.sum(x, [0, 1, 2]),
        tf.mean(x, [0, 1, 2], true),
        tf.sum(x, -1),
        tf.mean(x, [1, 2]),
        tf.sum(x),
        tf.sum(x, [0, 2]), // not contiguous: stock kernel
      ];
    });
    for (const [i, values] of onednn.entries()) {
      expect(relativeError(values, stock[i] as Float32Array), `reduction ${i}`).toBeLessThanOrEqual(
        1e-5,
      );
    }
  });

  it('Sum of 1..n is n(n+1)/2 and Mean of a channel column is its average', () => {
    const { onednn } = stockAndOneDnn(() => {
      const n = 1000;
      const ramp = tf.range(1, n + 1, 1, 'float32');
      const nhwc = tf.tensor4d([1, 10, 2, 20, 3, 30, 4, 40], [2, 2, 1, 2]);
      return [tf.sum(ramp), tf.mean(nhwc, [0, 1, 2])];
    });
    expect(onednn[0]?.[0]).toBe(500500);
    expect(Array.from(onednn[1] as Float32Array)).toEqual([2.5, 25]);
  });

  it('Tile repeats whole blocks like the stock kernel, and other tilings go to it', () => {
    const { stock, onednn } = stockAndOneDnn(() => {
      const channel = uniform([1, 1, 1, 5], 4);
      const grid = uniform([2, 3], 6);
      return [tf.tile(channel, [3, 4, 2, 1]), tf.tile(grid, [2, 3])];
    });
    close(onednn, stock);
    expect(onednn[0]?.length).toBe(3 * 4 * 2 * 5);
  });

  it.each([
    [[2, 9, 9, 3], 3, 2, 'same'],
    [[1, 8, 8, 4], 2, 2, 'valid'],
    [[3, 7, 5, 2], 3, 1, 'same'],
  ] as const)('MaxPoolGrad of %j, window %i, stride %i, %s', (shape, size, stride, pad) => {
    const { stock, onednn } = stockAndOneDnn(() => {
      const x = uniform([...shape], 8) as tf.Tensor4D;
      const dy = uniform(tf.maxPool(x, size, stride, pad).shape, 3);
      const pooled = (input: tf.Tensor) =>
        tf.sum(tf.mul(tf.maxPool(input as tf.Tensor4D, size, stride, pad), dy));
      return [tf.maxPool(x, size, stride, pad), tf.grad(pooled)(x)];
    });
    close(onednn, stock);
  });

  it('MaxPool and its gradient with ties (few distinct values): the first maximum wins, as stock', () => {
    const { stock, onednn } = stockAndOneDnn(() => {
      // Values in {-1, 0, 1} after rounding: most windows hold their maximum more than once.
      const x = tf.round(uniform([2, 9, 9, 16], 9)) as tf.Tensor4D;
      const dy = uniform(tf.maxPool(x, 3, 2, 'same').shape, 3);
      const pooled = (input: tf.Tensor) =>
        tf.sum(tf.mul(tf.maxPool(input as tf.Tensor4D, 3, 2, 'same'), dy));
      return [tf.maxPool(x, 3, 2, 'same'), tf.grad(pooled)(x)];
    });
    // A gradient routed to another tied position would be off by a whole dy (~0.5); positions
    // shared by overlapping windows differ only in the rounding of their sums.
    close(onednn, stock);
  });

  it('MaxPoolGrad routes each window gradient to its maximum (hand-worked 1×4×4×1, 2×2/2)', () => {
    const { onednn } = stockAndOneDnn(() => {
      const x = tf.tensor4d([1, 5, 2, 0, 3, 4, 8, 1, 0, 0, 1, 1, 9, 0, 1, 2], [1, 4, 4, 1]);
      const dy = tf.tensor4d([10, 20, 30, 40], [1, 2, 2, 1]);
      return [
        tf.grad((input: tf.Tensor) =>
          tf.sum(tf.mul(tf.maxPool(input as tf.Tensor4D, 2, 2, 'valid'), dy)),
        )(x),
      ];
    });
    expect(Array.from(onednn[0] as Float32Array)).toEqual([
      0, 10, 0, 0, 0, 0, 20, 0, 0, 0, 0, 0, 30, 0, 0, 40,
    ]);
  });

  it('Relu gradient: dy · step(x) fused (hand-worked, NaN kept), like stock on small and threaded sizes', async () => {
    const reluGrad = (x: tf.Tensor, dy: tf.Tensor) =>
      tf.grad((input: tf.Tensor) => tf.sum(tf.mul(tf.relu(input), dy)))(x);
    const { onednn } = stockAndOneDnn(() => [
      reluGrad(tf.tensor1d([-1, 0, 2, Number.NaN]), tf.tensor1d([5, 6, 7, 8])),
    ]);
    expect(Array.from(onednn[0] as Float32Array)).toEqual([0, 0, 7, Number.NaN]);
    for (const shape of [
      [3, 5, 7],
      [8, 17, 16, 64],
    ]) {
      const { stock, onednn: fused } = stockAndOneDnn(() => [
        reluGrad(uniform(shape, 1), uniform(shape, 2)),
      ]);
      close(fused, stock);
    }
    loadOneDnnKernels();
    try {
      const x = uniform([2, 3], 1);
      const profile = await tf.profile(() => tf.dispose(reluGrad(x, tf.onesLike(x))));
      const names = profile.kernels.map((kernel) => kernel.name);
      expect(names).toContain('OneDnnReluGrad');
      expect(names).not.toContain('Step');
      x.dispose();
    } finally {
      restoreStockKernels();
    }
  });
});
