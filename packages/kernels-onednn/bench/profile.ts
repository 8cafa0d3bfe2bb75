import * as tf from '@tensorflow/tfjs-core';
import { loadOneDnnKernels, oneDnnAdam } from '../src/index.js';
import { resnet18RankingStep } from './resnet-step.js';

/**
 * Which kernels a ResNet-18 ranking step spends its time in on the cpu backend (with oneDNN
 * kernels and the fused Adam unless --stock): total kernel milliseconds per kernel name over one profiled step.
 * Usage: tsx --conditions=@ranker/source bench/profile.ts [height] [width] [--stock]
 */
const [height = 64, width = 64] = process.argv
  .slice(2)
  .filter((a) => !a.startsWith('--'))
  .map(Number);
await tf.setBackend('cpu');
if (!process.argv.includes('--stock')) loadOneDnnKernels();
const stock = process.argv.includes('--stock');
const step = resnet18RankingStep(
  height,
  width,
  4,
  64,
  stock ? tf.train.adam(1e-3) : oneDnnAdam(1e-3),
);
step.run();
const start = performance.now();
const profile = await tf.profile(() => step.run());
const wallMs = performance.now() - start;
const totals = new Map<string, { ms: number; calls: number }>();
for (const kernel of profile.kernels) {
  const entry = totals.get(kernel.name) ?? { ms: 0, calls: 0 };
  const time = await kernel.kernelTimeMs;
  entry.ms += typeof time === 'number' ? time : 0;
  entry.calls += 1;
  totals.set(kernel.name, entry);
}
console.log(`one step ${height}×${width}: ${wallMs.toFixed(0)} ms wall (profiling included)`);
console.log('kernel | calls | total ms');
for (const [name, { ms, calls }] of [...totals].sort((a, b) => b[1].ms - a[1].ms).slice(0, 25)) {
  console.log(`${name} | ${calls} | ${ms.toFixed(1)}`);
}
step.dispose();
