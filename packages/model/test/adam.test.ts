import { describe, expect, it } from 'vitest';
import { Adam } from '../src/adam.js';

describe('Adam (torch.optim.Adam / AdamW)', () => {
  it('one L2 step (weight_decay added to the gradient) matches a hand computation', () => {
    const theta = Float32Array.from([1, -2]);
    const adam = new Adam(2, { learningRate: 0.1, weightDecay: 0.5, decoupledWeightDecay: false });
    adam.apply(theta, Float32Array.from([0.5, 3]));
    // g' = g + 0.5θ = [1, 2]; m = 0.1g' = [0.1, 0.2]; v = 0.001g'² = [0.001, 0.004]
    // m̂ = m/0.1 = g'; √v̂ = √(v/0.001) = |g'|; θ ← θ − 0.1 · g'/(|g'| + 1e-8)
    expect(theta[0]).toBeCloseTo(1 - 0.1 * (1 / (1 + 1e-8)), 6);
    expect(theta[1]).toBeCloseTo(-2 - 0.1 * (2 / (2 + 1e-8)), 6);
    expect(Array.from(adam.firstMoment)).toEqual([Math.fround(0.1), Math.fround(0.2)]);
    expect(adam.secondMoment[1]).toBeCloseTo(0.004, 9);
    expect(adam.step).toBe(1);
  });

  it('one AdamW step decays the weights separately from the gradient', () => {
    const theta = Float32Array.from([1, -2]);
    const adam = new Adam(2, { learningRate: 0.1, weightDecay: 0.5, decoupledWeightDecay: true });
    adam.apply(theta, Float32Array.from([0.5, -3]));
    // θ(1 − 0.1·0.5) = [0.95, −1.9]; then − 0.1·sign(g) (first step: m̂/√v̂ = g/|g|)
    expect(theta[0]).toBeCloseTo(0.95 - 0.1, 6);
    expect(theta[1]).toBeCloseTo(-1.9 + 0.1, 6);
  });

  it('second step uses bias-corrected moments', () => {
    const theta = Float32Array.from([0]);
    const adam = new Adam(1, { learningRate: 0.01, weightDecay: 0, decoupledWeightDecay: false });
    adam.apply(theta, Float32Array.from([1]));
    adam.apply(theta, Float32Array.from([3]));
    // m2 = 0.9·0.1 + 0.1·3 = 0.39; v2 = 0.999·0.001 + 0.001·9
    // θ −= (0.01 / (1 − 0.9²)) · m2 / (√v2 / √(1 − 0.999²) + 1e-8)
    const v2 = 0.999 * 0.001 + 0.001 * 9;
    const step2 =
      (0.01 / (1 - 0.9 ** 2)) * (0.39 / (Math.sqrt(v2) / Math.sqrt(1 - 0.999 ** 2) + 1e-8));
    expect(theta[0]).toBeCloseTo(-0.01 - step2, 6);
  });
});
