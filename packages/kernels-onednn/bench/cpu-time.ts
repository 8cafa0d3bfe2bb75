import * as tf from '@tensorflow/tfjs-core';
import { loadOneDnnKernels, oneDnnAdam } from '../src/index.js';
import { resnet18RankingStep } from './resnet-step.js';

/**
 * Process CPU time (user + system, all threads) and wall time of one ResNet-18 ranking step on
 * tfjs cpu + oneDNN, median of 5 after a warm-up. On a shared machine the CPU time moves far less
 * than the wall time, so it is the figure for comparing two builds' work (with
 * OMP_NUM_THREADS=1; with more threads it also counts OpenMP's spinning).
 * Usage: tsx --conditions=@ranker/source bench/cpu-time.ts [height] [width]
 */
const [height = 128, width = 128] = process.argv.slice(2).map(Number);
await tf.setBackend('cpu');
const loaded = loadOneDnnKernels();
if (!loaded.ok) {
  console.log(`oneDNN kernels unavailable: ${loaded.reason}`);
  process.exit(0);
}
const step = resnet18RankingStep(height, width, 4, 64, oneDnnAdam(1e-3));
step.run();
const cpuMs: number[] = [];
const wallMs: number[] = [];
for (let i = 0; i < 5; i++) {
  const cpu = process.cpuUsage();
  const start = performance.now();
  step.run();
  wallMs.push(performance.now() - start);
  const used = process.cpuUsage(cpu);
  cpuMs.push((used.user + used.system) / 1000);
}
step.dispose();
const median = (values: number[]) => [...values].sort((a, b) => a - b)[2] as number;
console.log(
  `one step ${height}×${width} on ${loaded.threads} thread(s): CPU ${median(cpuMs).toFixed(0)} ms, wall ${median(wallMs).toFixed(0)} ms (medians of 5)`,
);
