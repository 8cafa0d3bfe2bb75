import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { OneDnnAdamOptimizer, oneDnnAdam } from '../src/index.js';
import { availability, relativeError, uniform } from './compare.js';

/** Runs `steps` Adam steps on two variables from fixed gradients; returns values and moments. */
function train(optimizer: tf.Optimizer, steps: number): Float32Array[] {
  const a = tf.variable(uniform([3, 3, 4, 5], 1), true, 'adam-test/a');
  const b = tf.variable(uniform([7], 2), true, 'adam-test/b');
  for (let step = 0; step < steps; step++) {
    tf.tidy(() => {
      // Gradients change every step (scaled by step + 1) so the moments matter.
      optimizer.applyGradients({
        'adam-test/a': tf.mul(uniform([3, 3, 4, 5], 3), step + 1),
        'adam-test/b': uniform([7], 4),
      });
    });
  }
  const values = [a, b].map((t) => t.dataSync() as Float32Array);
  tf.dispose([a, b]);
  return values;
}

describe.skipIf(!availability.ok)('OneDnnAdamOptimizer', () => {
  it('updates variables like tf.train.adam over several steps (≤ 1e-6 relative)', async () => {
    const stock = tf.train.adam(0.01);
    const fused = oneDnnAdam(0.01);
    const expected = train(stock, 4);
    const actual = train(fused, 4);
    for (const [i, values] of actual.entries()) {
      expect(
        relativeError(values, expected[i] as Float32Array),
        `variable ${i}`,
      ).toBeLessThanOrEqual(1e-6);
    }
    // Same optimiser state, by name and value: β powers and both moments.
    const [stockWeights, fusedWeights] = await Promise.all([
      stock.getWeights(),
      fused.getWeights(),
    ]);
    expect(fusedWeights.map((w) => w.name)).toEqual(stockWeights.map((w) => w.name));
    for (const [i, weight] of fusedWeights.entries()) {
      const reference = stockWeights[i]?.tensor.dataSync() as Float32Array;
      expect(
        relativeError(weight.tensor.dataSync() as Float32Array, reference),
        weight.name,
      ).toBeLessThanOrEqual(1e-6);
    }
    expect(fused).toBeInstanceOf(tf.AdamOptimizer);
    stock.dispose();
    fused.dispose();
  });

  it('a first step moves every parameter by −lr·sign(gradient) (bias-corrected Adam, ε ≪ |g|)', () => {
    const optimizer: tf.Optimizer = new OneDnnAdamOptimizer(0.1, 0.9, 0.999, 1e-8);
    const x = tf.variable(tf.tensor1d([1, 2, 3]), true, 'adam-test/x');
    optimizer.applyGradients({ 'adam-test/x': tf.tensor1d([0.5, -2, 1e-3]) });
    const moved = Array.from(x.dataSync());
    expect(moved[0]).toBeCloseTo(0.9, 5);
    expect(moved[1]).toBeCloseTo(2.1, 5);
    expect(moved[2]).toBeCloseTo(2.9, 4);
    optimizer.dispose();
    x.dispose();
  });
});
