import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import {
  batchNormTraining,
  loadOneDnnKernels,
  OneDnnError,
  restoreStockKernels,
} from '../src/index.js';
import { availability, relativeError, stockAndOneDnn, uniform } from './compare.js';

const epsilon = 1e-5;

/** Training-mode batch norm by direct summation in float64: [y, mean, biased variance]. */
function direct(x: Float32Array, channels: number, gamma: Float32Array, beta: Float32Array) {
  const rows = x.length / channels;
  const mean = new Float64Array(channels);
  const variance = new Float64Array(channels);
  for (let r = 0; r < rows; r++)
    for (let c = 0; c < channels; c++) mean[c] += (x[r * channels + c] as number) / rows;
  for (let r = 0; r < rows; r++)
    for (let c = 0; c < channels; c++)
      variance[c] += ((x[r * channels + c] as number) - (mean[c] as number)) ** 2 / rows;
  const y = x.map((v, i) => {
    const c = i % channels;
    const normalised = (v - (mean[c] as number)) / Math.sqrt((variance[c] as number) + epsilon);
    return normalised * (gamma[c] as number) + (beta[c] as number);
  });
  return [y, Float32Array.from(mean), Float32Array.from(variance)];
}

// Odd sizes, batch 1..8, 1..130 channels, rank 2 and 4, and sizes large enough for two threads.
const shapes = [
  [1, 1, 1, 1],
  [1, 3, 5, 7],
  [2, 4, 4, 64],
  [3, 7, 5, 3],
  [5, 9],
  [8, 5, 3, 130],
  [8, 16, 16, 64],
  [4, 33, 17, 32],
];

/** loss = Σ y·w + Σ mean·a + Σ variance·b, so all three outputs carry gradient. */
function lossGradients(shape: number[]): tf.Tensor[] {
  const channels = shape[shape.length - 1] as number;
  const x = tf.mul(uniform(shape, 1), 3);
  const gamma = tf.add(uniform([channels], 2), 1.5) as tf.Tensor1D;
  const beta = uniform([channels], 3) as tf.Tensor1D;
  const w = uniform(shape, 4);
  const a = uniform([channels], 5);
  const b = uniform([channels], 6);
  const loss = (xs: tf.Tensor, gs: tf.Tensor, bs: tf.Tensor) => {
    const { y, mean, variance } = batchNormTraining(xs, gs as tf.Tensor1D, bs as tf.Tensor1D);
    return tf.addN([tf.sum(tf.mul(y, w)), tf.sum(tf.mul(mean, a)), tf.sum(tf.mul(variance, b))]);
  };
  return tf.grads(loss)([x, gamma, beta]);
}

/** Runs `test` with the oneDNN kernels registered, and the stock kernels back afterwards. */
function withOneDnnKernels(test: () => void): void {
  loadOneDnnKernels();
  try {
    test();
  } finally {
    restoreStockKernels();
  }
}

describe.skipIf(!availability.ok)('batchNormTraining (native forward and gradient)', () => {
  it.each(shapes.map((shape) => [JSON.stringify(shape), shape] as const))(
    'forward of %s matches direct float64 summation (≤ 1e-5)',
    (_, shape) => {
      const channels = shape[shape.length - 1] as number;
      const { onednn } = stockAndOneDnn(() => {
        const { y, mean, variance } = batchNormTraining(
          tf.mul(uniform(shape, 1), 3),
          tf.add(uniform([channels], 2), 1.5) as tf.Tensor1D,
          uniform([channels], 3) as tf.Tensor1D,
          epsilon,
        );
        return [y, mean, variance];
      });
      const x = tf.tidy(() => tf.mul(uniform(shape, 1), 3).dataSync() as Float32Array);
      const gamma = tf.tidy(() => tf.add(uniform([channels], 2), 1.5).dataSync() as Float32Array);
      const beta = tf.tidy(() => uniform([channels], 3).dataSync() as Float32Array);
      direct(x, channels, gamma, beta).forEach((expected, i) => {
        expect(relativeError(onednn[i] as Float32Array, expected), `output ${i}`).toBeLessThan(
          1e-5,
        );
      });
    },
  );

  it.each(shapes.map((shape) => [JSON.stringify(shape), shape] as const))(
    'gradients of %s in x, gamma, beta (through y, mean and variance) match tfjs autodiff of tf.moments + tf.batchNorm (≤ 1e-4)',
    (_, shape) => {
      const { stock, onednn } = stockAndOneDnn(() => lossGradients(shape));
      onednn.forEach((values, i) => {
        expect(relativeError(values, stock[i] as Float32Array), `gradient ${i}`).toBeLessThan(1e-4);
      });
    },
  );

  it('keeps the variance exact when the mean dwarfs the spread, and 0 for a constant channel', () => {
    // Channel 0: 1000 + U(-0.05, 0.05), a variance 10⁹ times below mean²; channel 1: 7
    // everywhere. The one-pass moments are taken about a shift, so neither cancels.
    const rows = 4 * 8 * 8;
    const noise = uniform([rows], 7).dataSync();
    const x = new Float32Array(2 * rows);
    for (let r = 0; r < rows; r++) {
      x[2 * r] = 1000 + 0.1 * (noise[r] as number);
      x[2 * r + 1] = 7;
    }
    const [, expectedMean, expectedVariance] = direct(
      x,
      2,
      Float32Array.of(1, 1),
      Float32Array.of(0, 0),
    );
    withOneDnnKernels(() => {
      const { y, mean, variance } = batchNormTraining(
        tf.tensor4d(x, [4, 8, 8, 2]),
        tf.ones([2]) as tf.Tensor1D,
        tf.zeros([2]) as tf.Tensor1D,
        epsilon,
      );
      expect(
        relativeError(mean.dataSync() as Float32Array, expectedMean as Float32Array),
      ).toBeLessThan(1e-7);
      const v = variance.dataSync();
      expect(Math.abs((v[0] as number) / (expectedVariance?.[0] as number) - 1)).toBeLessThan(1e-5);
      expect(v[1]).toBe(0);
      // The constant channel normalises to beta exactly.
      expect(y.dataSync()[1]).toBe(0);
      tf.dispose([y, mean, variance]);
    });
  });

  it('gives NaN moments (0/0) and an empty y for x without values', () => {
    withOneDnnKernels(() => {
      const { y, mean, variance } = batchNormTraining(
        tf.zeros([0, 2, 2, 3]),
        tf.ones([3]) as tf.Tensor1D,
        tf.zeros([3]) as tf.Tensor1D,
      );
      expect(y.shape).toEqual([0, 2, 2, 3]);
      expect(Array.from(mean.dataSync())).toEqual([Number.NaN, Number.NaN, Number.NaN]);
      expect(Array.from(variance.dataSync())).toEqual([Number.NaN, Number.NaN, Number.NaN]);
      tf.dispose([y, mean, variance]);
    });
  });

  it('computes a hand-worked case: x = (0, 1, 5), gamma 2, beta 1', () => {
    // mean 2, biased variance (4 + 1 + 9)/3 = 14/3; with dy = (1, 0, 0): dbeta = Σdy = 1,
    // dgamma = Σ dy·x̂ = −2/√(14/3).
    withOneDnnKernels(() => {
      const x = tf.tensor2d([0, 1, 5], [3, 1]);
      const gamma = tf.tensor1d([2]);
      const beta = tf.tensor1d([1]);
      const { mean, variance } = batchNormTraining(x, gamma, beta, 0);
      expect(mean.dataSync()[0]).toBeCloseTo(2, 6);
      expect(variance.dataSync()[0]).toBeCloseTo(14 / 3, 5);
      const dy = tf.tensor2d([1, 0, 0], [3, 1]);
      const [, dgamma, dbeta] = tf.grads((a: tf.Tensor, g: tf.Tensor, b: tf.Tensor) =>
        tf.sum(tf.mul(batchNormTraining(a, g as tf.Tensor1D, b as tf.Tensor1D, 0).y, dy)),
      )([x, gamma, beta]);
      expect(dbeta?.dataSync()[0]).toBeCloseTo(1, 6);
      expect(dgamma?.dataSync()[0]).toBeCloseTo(-2 / Math.sqrt(14 / 3), 5);
      tf.dispose([x, gamma, beta, mean, variance, dy, dgamma as tf.Tensor, dbeta as tf.Tensor]);
    });
  });

  it('runs the native kernels when loaded and leaks no tensors over repeated gradients', async () => {
    loadOneDnnKernels();
    try {
      const x = uniform([2, 5, 5, 8], 1);
      const gamma = tf.ones([8]) as tf.Tensor1D;
      const beta = tf.zeros([8]) as tf.Tensor1D;
      const step = () =>
        tf.grads((a: tf.Tensor, g: tf.Tensor) =>
          tf.sum(tf.square(batchNormTraining(a, g as tf.Tensor1D, beta).y)),
        )([x, gamma]);
      tf.dispose(step());
      const before = tf.memory().numTensors;
      for (let i = 0; i < 3; i++) tf.dispose(step());
      expect(tf.memory().numTensors).toBe(before);
      const profile = await tf.profile(() => tf.dispose(step()));
      const kernels = profile.kernels.map((kernel) => kernel.name);
      expect(kernels).toContain('OneDnnBatchNormTrain');
      expect(kernels).toContain('OneDnnBatchNormTrainGrad');
      tf.dispose([x, gamma, beta]);
    } finally {
      restoreStockKernels();
    }
  });
});

describe('batchNormTraining input checks', () => {
  it('names the argument and the expected shape when gamma does not match x', () => {
    const x = tf.zeros([2, 3, 3, 4]);
    const call = () =>
      batchNormTraining(x, tf.ones([3]) as tf.Tensor1D, tf.zeros([4]) as tf.Tensor1D);
    expect(call).toThrow(OneDnnError);
    expect(call).toThrow("batchNormTraining: gamma must have shape [4] (x's last axis), got [3]");
    x.dispose();
  });

  it('rejects x without a channel axis', () => {
    const call = () =>
      batchNormTraining(tf.zeros([4]), tf.ones([4]) as tf.Tensor1D, tf.zeros([4]) as tf.Tensor1D);
    expect(call).toThrow(
      'batchNormTraining: x must have rank ≥ 2 with channels last, got shape [4]',
    );
  });
});
