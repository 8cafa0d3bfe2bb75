import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { Adam } from '../src/adam.js';
import { selectBackend } from '../src/backend.js';

describe('Adam (torch.optim.Adam / AdamW)', () => {
  beforeAll(async () => {
    await selectBackend('cpu', () => {});
  });

  it('one L2 step (weight_decay added to the gradient) matches a hand computation', () => {
    const theta = tf.variable(tf.tensor1d([1, -2]));
    const adam = new Adam([theta], {
      learningRate: 0.1,
      weightDecay: 0.5,
      decoupledWeightDecay: false,
    });
    adam.apply([tf.tensor1d([0.5, 3])]);
    // g' = g + 0.5θ = [1, 2]; m = 0.1g' = [0.1, 0.2]; v = 0.001g'² = [0.001, 0.004]
    // m̂ = m/0.1 = g'; √v̂ = √(v/0.001) = |g'|; θ ← θ − 0.1 · g'/(|g'| + 1e-8)
    const expected = [1 - 0.1 * (1 / (1 + 1e-8)), -2 - 0.1 * (2 / (2 + 1e-8))];
    const got = theta.dataSync();
    expect(got[0]).toBeCloseTo(expected[0], 6);
    expect(got[1]).toBeCloseTo(expected[1], 6);
    expect(adam.step).toBe(1);
  });

  it('one AdamW step decays the weights separately from the gradient', () => {
    const theta = tf.variable(tf.tensor1d([1, -2]));
    const adam = new Adam([theta], {
      learningRate: 0.1,
      weightDecay: 0.5,
      decoupledWeightDecay: true,
    });
    adam.apply([tf.tensor1d([0.5, -3])]);
    // θ(1 − 0.1·0.5) = [0.95, −1.9]; then − 0.1·sign(g) (first step: m̂/√v̂ = g/|g|)
    const got = theta.dataSync();
    expect(got[0]).toBeCloseTo(0.95 - 0.1, 6);
    expect(got[1]).toBeCloseTo(-1.9 + 0.1, 6);
  });

  it('second step uses bias-corrected moments', () => {
    const theta = tf.variable(tf.tensor1d([0]));
    const adam = new Adam([theta], {
      learningRate: 0.01,
      weightDecay: 0,
      decoupledWeightDecay: false,
    });
    adam.apply([tf.tensor1d([1])]);
    adam.apply([tf.tensor1d([3])]);
    // m2 = 0.9·0.1 + 0.1·3 = 0.39; v2 = 0.999·0.001 + 0.001·9 = 0.009999
    // step 2: θ −= (0.01 / (1 − 0.81)) · 0.39 / (√0.009999 / √(1 − 0.998001) + 1e-8)
    const m2 = 0.39;
    const v2 = 0.999 * 0.001 + 0.001 * 9;
    const step2 =
      (0.01 / (1 - 0.9 ** 2)) * (m2 / (Math.sqrt(v2) / Math.sqrt(1 - 0.999 ** 2) + 1e-8));
    expect(theta.dataSync()[0]).toBeCloseTo(-0.01 - step2, 6);
  });
});
