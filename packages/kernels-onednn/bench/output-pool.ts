import { PerformanceObserver } from 'node:perf_hooks';
import * as tf from '@tensorflow/tfjs-core';
import { loadOneDnnKernels, oneDnnAdam } from '../src/index.js';
import { setOutputPooling } from '../src/output-pool.js';
import { resnet18RankingStep } from './resnet-step.js';

/**
 * Recycled kernel outputs against fresh ones (src/output-pool.ts): ResNet-18 ranking steps on
 * tfjs cpu + oneDNN, in alternating blocks with the pool on and off (this VM drifts by 10–25 %
 * over minutes), medians of the wall time per step, with the garbage collections (count, pause
 * ms) per step. Prints a table; asserts nothing.
 * Usage: tsx --conditions=@ranker/source bench/output-pool.ts [height] [width] [steps per block]
 */
const [height = 64, width = 64, steps = 10] = process.argv.slice(2).map(Number);
await tf.setBackend('cpu');
const loaded = loadOneDnnKernels();
if (!loaded.ok) {
  console.log(`oneDNN kernels unavailable: ${loaded.reason}`);
  process.exit(0);
}
let collections = 0;
let pauseMs = 0;
new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) {
    collections++;
    pauseMs += entry.duration;
  }
}).observe({ entryTypes: ['gc'] });

const step = resnet18RankingStep(height, width, 4, 64, oneDnnAdam(1e-3));
step.run();
const results = { on: [] as number[], off: [] as number[], gc: { on: [0, 0], off: [0, 0] } };
for (let block = 0; block < 4; block++) {
  const mode = block % 2 === 0 ? 'on' : 'off';
  setOutputPooling(mode === 'on');
  step.run(); // the pool refills (or empties) before timing
  const [gcBefore, pauseBefore] = [collections, pauseMs];
  for (let i = 0; i < steps; i++) {
    const start = performance.now();
    step.run();
    results[mode].push(performance.now() - start);
  }
  // GC entries arrive asynchronously: let the observer run before reading the counters.
  await new Promise((resolve) => setTimeout(resolve, 50));
  results.gc[mode][0] += collections - gcBefore;
  results.gc[mode][1] += pauseMs - pauseBefore;
}
step.dispose();
const median = (values: number[]) => [...values].sort((a, b) => a - b)[values.length >> 1];
const n = 2 * steps;
console.log(
  `ResNet-18 step ${height}×${width}, 4 pairs, ${loaded.threads} threads, ${n} steps each`,
);
console.log('| outputs  | median ms/step | GCs/step | GC pause ms/step |');
console.log('| -------- | -------------: | -------: | ---------------: |');
for (const mode of ['on', 'off'] as const) {
  const [count, ms] = results.gc[mode];
  console.log(
    `| ${mode === 'on' ? 'recycled' : 'fresh   '} | ${median(results[mode]).toFixed(1).padStart(14)} | ${(count / n).toFixed(2).padStart(8)} | ${(ms / n).toFixed(1).padStart(16)} |`,
  );
}
console.log(`ratio recycled / fresh: ${(median(results.on) / median(results.off)).toFixed(2)}`);
