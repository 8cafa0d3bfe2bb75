import { describe, expect, it } from 'vitest';
import { type BackendName, selectBackend } from '../src/backend.js';
import { createRanker, type RankerConfig } from '../src/ranker.js';
import { syntheticBatch } from './synthetic.js';

// ResNet-18 at a quarter width (16…128 channels: oneDNN's blocked layouts and the wasm input
// gradient's matrix-product path both run) on 32×32 inputs: the same seed gives both backends
// the same initial weights.
const config: RankerConfig = { inputShape: [32, 32], depth: 18, widthMultiplier: 1 / 4, seed: 3 };
const batch = syntheticBatch(
  [
    [0, 180],
    [144, 36],
    [72, 108],
    [180, 72],
  ],
  32,
  9,
);

async function gradientOn(backend: BackendName) {
  await selectBackend(backend, () => {});
  const model = await createRanker(config);
  try {
    const { loss, gradient } = model.probeGradient(batch);
    return { loss, gradient: gradient.slice() };
  } finally {
    model.dispose();
  }
}

/** max |a − b| / max |b|: the norm-wise relative error. */
function relativeError(a: Float32Array, b: Float32Array): number {
  let difference = 0;
  let scale = 0;
  for (let i = 0; i < b.length; i++) {
    difference = Math.max(difference, Math.abs(a[i] - b[i]));
    scale = Math.max(scale, Math.abs(b[i]));
  }
  return difference / scale;
}

// The gradient only: after an optimiser step the two backends part ways by design, since Adam's
// first update is ±lr wherever the gradient is non-zero, whatever its size, so rounding-level
// differences in near-zero gradients become whole steps.
describe('a whole training step on cpu-onednn and on wasm', () => {
  it('gives the same loss and flattened gradient for the same weights and inputs (≤ 1e-3 relative)', async (context) => {
    const available = await selectBackend('cpu-onednn', () => {}).then(
      () => true,
      () => false,
    );
    if (!available) context.skip('kernels-onednn addon not built');
    const onednn = await gradientOn('cpu-onednn');
    const wasm = await gradientOn('wasm');
    expect(onednn.gradient.length).toBe(wasm.gradient.length);
    expect(Math.abs(onednn.loss - wasm.loss)).toBeLessThanOrEqual(1e-4 * Math.abs(wasm.loss));
    expect(relativeError(onednn.gradient, wasm.gradient)).toBeLessThanOrEqual(1e-3);
    // Not trivially equal: a real, non-zero gradient.
    expect(wasm.gradient.reduce((m, g) => Math.max(m, Math.abs(g)), 0)).toBeGreaterThan(1e-3);
  });
});
