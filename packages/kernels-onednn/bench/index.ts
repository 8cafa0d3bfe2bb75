import * as tf from '@tensorflow/tfjs-core';
// The PyTorch reference lives with @ranker/model's bench (its torch-step.py mirrors the model).
import { torchStepMs } from '../../model/bench/torch-reference.js';
import {
  batchNormTraining,
  loadOneDnnKernels,
  oneDnnAdam,
  restoreStockKernels,
} from '../src/index.js';
import { resnet18RankingStep } from './resnet-step.js';

/**
 * Benchmark (prints tables, asserts nothing):
 * 1. per kernel, median wall time of the oneDNN kernel vs the stock cpu kernel, on shapes of a
 *    ResNet-18 ranking step at 128×128 (batch 4 pairs = 8 spectrograms);
 * 2. one full training step (forward, backward, Adam) on tfjs cpu + oneDNN vs PyTorch on the same
 *    machine, same thread count, same invocation (packages/model/bench/torch-step.py).
 * Threads: OMP_NUM_THREADS (default: all cores) for both.
 */
const sizes: [number, number][] = [
  [64, 64],
  [128, 128],
  [257, 128],
];

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] as number;
}

/**
 * Median wall milliseconds of `runs` calls of `op`, tensors disposed; after one warm-up call when
 * `warmUp` (oneDNN builds its primitive on first use; stock kernels are too slow to repeat).
 */
function timeOp(op: () => tf.Tensor | tf.Tensor[], runs: number, warmUp: boolean): number {
  const once = () => {
    const start = performance.now();
    const out = tf.tidy(op);
    for (const t of Array.isArray(out) ? out : [out]) t.dataSync();
    const ms = performance.now() - start;
    tf.dispose(out);
    return ms;
  };
  if (warmUp) once();
  return median(Array.from({ length: runs }, once));
}

const loaded = loadOneDnnKernels();
if (!loaded.ok) {
  console.log(`oneDNN kernels unavailable: ${loaded.reason}`);
  process.exit(0);
}
restoreStockKernels();
await tf.setBackend('cpu');
console.log(
  `tfjs cpu backend, oneDNN threads: ${loaded.threads} (OMP_NUM_THREADS=${process.env.OMP_NUM_THREADS ?? 'unset'})`,
);

const r = (shape: number[], seed: number) => tf.randomNormal(shape, 0, 1, 'float32', seed);
const x64 = r([8, 32, 32, 64], 1) as tf.Tensor4D;
const x16 = r([8, 16, 16, 64], 9) as tf.Tensor4D;
const w64 = r([3, 3, 64, 64], 2) as tf.Tensor4D;
const stem = r([8, 128, 128, 1], 3) as tf.Tensor4D;
const wStem = r([7, 7, 1, 64], 4) as tf.Tensor4D;
const stemOut = r([8, 64, 64, 64], 5) as tf.Tensor4D;
const weights = r([3, 3, 256, 256], 6);
const channel = r([64], 7);
const pooledGrad = r([8, 32, 32, 64], 8);
const ops: [string, string, () => tf.Tensor | tf.Tensor[]][] = [
  ['Conv2D', '7×7/2 stem, 8×128×128×1 → 64', () => tf.conv2d(stem, wStem, 2, 'same')],
  ['Conv2D', '3×3, 8×32×32×64 → 64', () => tf.conv2d(x64, w64, 1, 'same')],
  [
    'Conv2DBackpropInput',
    '3×3, 8×32×32×64 → 64',
    () => tf.conv2dTranspose(x64, w64, [8, 32, 32, 64], 1, 'same'),
  ],
  [
    'Conv2DBackpropFilter',
    '3×3, 8×16×16×64 → 64 (+ forward)',
    () => tf.grad((w: tf.Tensor) => tf.sum(tf.conv2d(x16, w as tf.Tensor4D, 1, 'same')))(w64),
  ],
  ['Multiply', 'scalar × 3×3×256×256 (Adam)', () => tf.mul(tf.scalar(0.9), weights)],
  ['Add', '3×3×256×256 + 3×3×256×256', () => tf.add(weights, weights)],
  ['Sum', '8×32×32×64 over N,H,W', () => tf.sum(x64, [0, 1, 2])],
  [
    'FusedBatchNorm',
    '8×32×32×64, per channel',
    () => tf.batchNorm(x64, channel, tf.add(tf.abs(channel), 1), channel, channel),
  ],
  ['MaxPool', '3×3/2, 8×64×64×64', () => tf.maxPool(stemOut, 3, 2, 'same')],
  [
    'MaxPoolGrad',
    '3×3/2, 8×64×64×64 (+ forward)',
    () =>
      tf.grad((v: tf.Tensor) =>
        tf.sum(tf.mul(tf.maxPool(v as tf.Tensor4D, 3, 2, 'same'), pooledGrad)),
      )(stemOut),
  ],
  ['Relu', '8×32×32×64', () => tf.relu(x64)],
  [
    'Relu gradient (OneDnnReluGrad)',
    '8×32×32×64 (+ forward)',
    () => tf.grad((v: tf.Tensor) => tf.sum(tf.mul(tf.relu(v), pooledGrad)))(x64),
  ],
  ['Multiply', '8×1×1×64 × 8×32×32×64 (+ its Mean)', () => tf.mul(tf.mean(x64, [1, 2], true), x64)],
  [
    'batchNormTraining (stock: moments + batchNorm)',
    '8×32×32×64, forward + gradient',
    () =>
      tf.grads((v: tf.Tensor, g: tf.Tensor, b: tf.Tensor) =>
        tf.sum(tf.mul(batchNormTraining(v, g as tf.Tensor1D, b as tf.Tensor1D).y, pooledGrad)),
      )([x64, tf.add(tf.abs(channel), 1), channel]),
  ],
];

// --step-only skips this table (the stock kernels take about a minute).
if (!process.argv.includes('--step-only')) {
  console.log('\n## Per kernel (median wall ms; stock = tfjs-backend-cpu 4.22 kernel)\n');
  console.log('| kernel | shape | stock ms | oneDNN ms | speed-up |');
  console.log('| --- | --- | ---: | ---: | ---: |');
  for (const [kernel, shape, op] of ops) {
    restoreStockKernels();
    const stockMs = timeOp(op, 1, false);
    loadOneDnnKernels();
    const onednnMs = timeOp(op, 9, true);
    restoreStockKernels();
    const speedUp = (stockMs / onednnMs).toFixed(0);
    console.log(
      `| ${kernel} | ${shape} | ${stockMs.toFixed(1)} | ${onednnMs.toFixed(2)} | ${speedUp}× |`,
    );
  }
}
tf.dispose([x64, x16, w64, stem, wStem, stemOut, weights, channel, pooledGrad]);

console.log(
  '\n## One ResNet-18 ranking step (4 pairs = 8 inputs, forward + backward + Adam; median wall ms)\n',
);
loadOneDnnKernels();
/** Median wall ms of 3 steps (after one warm-up step) at each size, with `optimizer()`'s Adam. */
const stepMs = (optimizer: () => tf.Optimizer) =>
  new Map(
    sizes.map(([height, width]) => {
      const step = resnet18RankingStep(height, width, 4, 64, optimizer());
      step.run();
      const ms = median(Array.from({ length: 3 }, () => timed(() => step.run())));
      step.dispose();
      return [`${height}x${width}`, ms] as const;
    }),
  );
const stockAdamMs = stepMs(() => tf.train.adam(1e-3));
const fusedAdamMs = stepMs(() => oneDnnAdam(1e-3));
const torch = torchStepMs({ threads: loaded.threads, steps: 5, warmup: 2 });
console.log(
  '| input | tfjs cpu + oneDNN, tf.train.adam | … + fused Adam (oneDnnAdam) | PyTorch CPU | ratio (fused)/PyTorch |',
);
console.log('| --- | ---: | ---: | ---: | ---: |');
for (const [size, ms] of fusedAdamMs) {
  const reference = typeof torch === 'string' ? undefined : torch[size];
  const ratio = reference === undefined ? '—' : `${(ms / reference).toFixed(2)}×`;
  const stockMs = (stockAdamMs.get(size) as number).toFixed(0);
  console.log(
    `| ${size.replace('x', '×')} | ${stockMs} | ${ms.toFixed(0)} | ${reference?.toFixed(0) ?? '—'} | ${ratio} |`,
  );
}
if (typeof torch === 'string') console.log(`\n${torch}`);

function timed(run: () => unknown): number {
  const start = performance.now();
  run();
  return performance.now() - start;
}
