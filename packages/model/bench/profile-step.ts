/**
 * Where one training step's time goes: tf.profile of a step (kernel ms summed by kernel name)
 * against its wall-clock time. Prints a table; asserts nothing.
 *
 *   tsx --conditions=@ranker/source bench/profile-step.ts <backend> <height> <width> [steps]
 */
import * as tf from '@tensorflow/tfjs-core';
import { type BackendName, createRanker, selectBackend } from '../src/index.js';

const [backend = 'wasm', height = '64', width = '64', steps = '3'] = process.argv.slice(2);
await selectBackend(backend as BackendName);
const [h, w] = [Number(height), Number(width)];
const model = await createRanker({ inputShape: [h, w], seed: 1 });
const pixels = 4 * h * w;
const fill = () => Float32Array.from({ length: pixels }, () => Math.random());
const batch = { left: fill(), right: fill(), target: Float32Array.from([1, -1, 1, -1]), count: 4 };
model.trainStep(batch);
for (let s = 0; s < Number(steps); s++) {
  const start = performance.now();
  model.trainStep(batch);
  console.log(`wall ${(performance.now() - start).toFixed(0)} ms`);
}
const start = performance.now();
const info = await tf.profile(() => {
  model.trainStep(batch);
});
const wall = performance.now() - start;
const byKernel = new Map<string, { ms: number; calls: number }>();
let total = 0;
for (const k of info.kernels) {
  const ms = Number(k.kernelTimeMs);
  total += ms;
  const entry = byKernel.get(k.name) ?? { ms: 0, calls: 0 };
  entry.ms += ms;
  entry.calls += 1;
  byKernel.set(k.name, entry);
}
console.log(`profiled step: wall ${wall.toFixed(0)} ms, kernels ${total.toFixed(0)} ms`);
for (const [name, { ms, calls }] of [...byKernel].sort((a, b) => b[1].ms - a[1].ms).slice(0, 25)) {
  console.log(
    `${name.padEnd(28)} ${ms.toFixed(1).padStart(8)} ms ${String(calls).padStart(5)} calls`,
  );
}
model.dispose();
