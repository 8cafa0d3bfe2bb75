// Registers tfjs's gradient functions (tfjs-core alone has none under Node).
import '@tensorflow/tfjs';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { type BackendName, selectBackend } from '../src/backend.js';
import {
  applyRunningUpdates,
  BATCH_NORM_EPSILON,
  type BatchNormState,
  batchNorm,
  type RunningUpdate,
} from '../src/batch-norm.js';
import { createRandom } from '../src/random.js';

function state(channels: number, random: () => number): BatchNormState {
  const values = () => Float32Array.from({ length: channels }, () => 0.5 + random());
  return {
    gamma: tf.variable(tf.tensor1d(values())),
    beta: tf.variable(tf.tensor1d(values())),
    runningMean: tf.variable(tf.zeros([channels]), false),
    runningVariance: tf.variable(tf.ones([channels]), false),
  };
}

/**
 * Σ upstream · BN(x) in float64 (the textbook formula) and its gradient by central differences:
 * the independent truth. Layout NHWC, statistics per channel over the other axes.
 */
function float64Objective(
  x: Float64Array,
  gamma: Float64Array,
  beta: Float64Array,
  upstream: Float32Array,
): number {
  const c = gamma.length;
  const count = x.length / c;
  let total = 0;
  for (let ch = 0; ch < c; ch++) {
    let mean = 0;
    for (let i = ch; i < x.length; i += c) mean += x[i];
    mean /= count;
    let variance = 0;
    for (let i = ch; i < x.length; i += c) variance += (x[i] - mean) ** 2;
    variance /= count;
    const scale = gamma[ch] / Math.sqrt(variance + BATCH_NORM_EPSILON);
    for (let i = ch; i < x.length; i += c)
      total += upstream[i] * ((x[i] - mean) * scale + beta[ch]);
  }
  return total;
}

function numericalGradients(inputs: Float64Array[], upstream: Float32Array): Float64Array[] {
  const h = 1e-6;
  const f = () => float64Objective(inputs[0], inputs[1], inputs[2], upstream);
  return inputs.map((values) =>
    values.map((v, i) => {
      values[i] = v + h;
      const up = f();
      values[i] = v - h;
      const down = f();
      values[i] = v;
      return (up - down) / (2 * h);
    }),
  );
}

function maxRelativeError(actual: tf.Tensor, e: ArrayLike<number>): number {
  const a = actual.dataSync();
  let scale = 0;
  let error = 0;
  for (let i = 0; i < e.length; i++) {
    scale = Math.max(scale, Math.abs(e[i]));
    error = Math.max(error, Math.abs(a[i] - e[i]));
  }
  return error / scale;
}

// wasm runs the closed-form gradient node; cpu-onednn the native kernels-onednn batch norm
// (skipped where its addon does not load).
describe.each<BackendName>(['wasm', 'cpu-onednn'])(
  'batchNorm with batch statistics on %s',
  (backend) => {
    let available = false;
    beforeAll(async () => {
      available = await selectBackend(backend, () => {}).then(
        () => true,
        () => false,
      );
    });

    for (const [n, h, w, c] of [
      [2, 3, 5, 4],
      [8, 4, 4, 16],
      [1, 2, 3, 3],
    ]) {
      it(`forward and gradients match (x − μ)/√(σ² + ε)·γ + β in float64 on [${n}, ${h}, ${w}, ${c}]`, (context) => {
        if (!available) context.skip();
        const random = createRandom(n * 100 + c);
        const bn = state(c, random);
        // A non-zero mean (3 ± 2) exercises the centring; a random upstream gradient.
        const x = tf.tensor4d(
          Float32Array.from({ length: n * h * w * c }, () => 3 + 4 * random() - 2),
          [n, h, w, c],
        );
        const upstream = tf.tensor4d(
          Float32Array.from({ length: n * h * w * c }, () => 2 * random() - 1),
          [n, h, w, c],
        );
        const ours = tf.grads((xs: tf.Tensor, g: tf.Tensor, b: tf.Tensor) =>
          tf.sum(
            tf.mul(
              batchNorm(
                xs as tf.Tensor4D,
                { ...bn, gamma: g as tf.Variable, beta: b as tf.Variable },
                'batch-statistics',
                [],
              ),
              upstream,
            ),
          ),
        )([x, bn.gamma, bn.beta]);
        const float64 = [x, bn.gamma, bn.beta].map((t) => Float64Array.from(t.dataSync()));
        const truth = numericalGradients(float64, upstream.dataSync() as Float32Array);
        ours.forEach((gradient, i) => {
          expect(gradient.shape).toEqual([x, bn.gamma, bn.beta][i].shape);
          expect(maxRelativeError(gradient, truth[i])).toBeLessThan(1e-5);
        });
        // The forward values, through the same objective Σ upstream · y.
        const y = batchNorm(x, bn, 'batch-statistics', []);
        const expected = float64Objective(
          float64[0],
          float64[1],
          float64[2],
          upstream.dataSync() as Float32Array,
        );
        expect(tf.sum(tf.mul(y, upstream)).dataSync()[0]).toBeCloseTo(expected, 3);
        tf.dispose([x, upstream, y, ...ours, ...Object.values(bn)]);
      });
    }

    it('runs the native kernel on cpu-onednn, the closed-form node elsewhere', async (context) => {
      if (!available) context.skip();
      const bn = state(2, createRandom(3));
      const x = tf.randomNormal([2, 2, 2, 2]) as tf.Tensor4D;
      const { kernelNames } = await tf.profile(() => {
        const { value, grads } = tf.variableGrads(
          () => tf.sum(batchNorm(x, bn, 'batch-statistics', [])),
          [bn.gamma, bn.beta],
        );
        tf.dispose([value, ...Object.values(grads)]);
      });
      expect(kernelNames.includes('OneDnnBatchNormTrain')).toBe(backend === 'cpu-onednn');
      tf.dispose([x, ...Object.values(bn)]);
    });
  },
);

describe('batchNorm running statistics and memory', () => {
  beforeAll(async () => {
    await selectBackend('wasm', () => {});
  });

  it("'train' mode blends the running statistics with momentum 0.1 (unbiased variance)", () => {
    const bn = state(1, createRandom(1));
    // One channel, values 1, 2, 3, 6: mean 3, unbiased variance (4 + 1 + 0 + 9) / 3 = 14/3.
    const x = tf.tensor4d([1, 2, 3, 6], [1, 2, 2, 1]);
    const updates: RunningUpdate[] = [];
    const y = batchNorm(x, bn, 'train', updates);
    expect(updates.map((u) => u.target)).toEqual([bn.runningMean, bn.runningVariance]);
    expect(bn.runningMean.dataSync()[0]).toBe(0); // nothing applied before applyRunningUpdates
    applyRunningUpdates(updates);
    expect(bn.runningMean.dataSync()[0]).toBeCloseTo(0.9 * 0 + 0.1 * 3, 6);
    expect(bn.runningVariance.dataSync()[0]).toBeCloseTo(0.9 * 1 + 0.1 * (14 / 3), 6);
    applyRunningUpdates(updates); // a second blend starts from the new running values
    expect(bn.runningMean.dataSync()[0]).toBeCloseTo(0.9 * 0.3 + 0.1 * 3, 6);
    tf.dispose([x, y, ...updates.map((u) => u.batch), ...Object.values(bn)]);
  });

  it('leaves no tensors behind after a gradient', () => {
    const bn = state(3, createRandom(2));
    const x = tf.randomNormal([2, 3, 3, 3]) as tf.Tensor4D;
    const before = tf.memory().numTensors;
    for (let i = 0; i < 3; i++) {
      const { value, grads } = tf.variableGrads(() =>
        tf.sum(batchNorm(x, bn, 'batch-statistics', [])),
      );
      tf.dispose([value, ...Object.values(grads)]);
    }
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([x, ...Object.values(bn)]);
  });
});
