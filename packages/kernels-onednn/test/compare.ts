import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import { loadOneDnnKernels, restoreStockKernels } from '../src/index.js';

/** Whether the addon loads here; tests skip with this reason printed when it does not. */
export const availability = loadOneDnnKernels();
restoreStockKernels();
if (!availability.ok) console.log(`kernels-onednn tests skipped: ${availability.reason}`);

/** Norm-wise relative error max|a − b| / max|b| (float64), the measure the ≤ 1e-4 bound uses. */
export function relativeError(actual: Float32Array, expected: Float32Array): number {
  if (actual.length !== expected.length)
    throw new Error(`length ${actual.length} ≠ ${expected.length}`);
  let difference = 0;
  let scale = 0;
  for (let i = 0; i < expected.length; i++) {
    difference = Math.max(difference, Math.abs((actual[i] as number) - (expected[i] as number)));
    scale = Math.max(scale, Math.abs(expected[i] as number));
  }
  return scale === 0 ? difference : difference / scale;
}

/**
 * Runs `compute` once with the stock cpu kernels and once with oneDNN's, returning both
 * results' values (tensors disposed).
 */
export function stockAndOneDnn(compute: () => tf.Tensor[]): {
  stock: Float32Array[];
  onednn: Float32Array[];
} {
  const run = () =>
    tf.tidy(compute).map((tensor) => {
      const values = tensor.dataSync() as Float32Array;
      tensor.dispose();
      return values;
    });
  restoreStockKernels();
  const stock = run();
  loadOneDnnKernels();
  try {
    return { stock, onednn: run() };
  } finally {
    restoreStockKernels();
  }
}

/** A fixed-seed LCG (Numerical Recipes' constants) drawing uniform [0, 1), so failures reproduce. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

/** Deterministic uniform(−1, 1) values from {@link seededRandom}. */
export function uniform(shape: number[], seed: number): tf.Tensor {
  const random = seededRandom(seed);
  const values = new Float32Array(shape.reduce((a, b) => a * b, 1));
  for (let i = 0; i < values.length; i++) values[i] = 2 * random() - 1;
  return tf.tensor(values, shape);
}
