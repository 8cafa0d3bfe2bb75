/**
 * Training-step benchmark of @ranker/model: per available backend and input size, ResNet-18,
 * batch of 4 pairs (8 spectrograms). A step = forward both sides, loss, gradients, flatten into
 * one Float32Array, Adam. Prints a table; asserts nothing.
 *
 *   pnpm --filter @ranker/model bench            (BENCH_STEPS=10 by default)
 *   BENCH_BACKENDS=wasm,cpu-onednn pnpm bench     (a subset of the backends)
 *
 * Besides wall-clock it reports the process CPU time per step (all threads): on a shared
 * machine a step's wall time grows with the other load, its CPU time much less.
 */
import { spawnSync } from 'node:child_process';
import { arch, cpus } from 'node:os';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs-core';
import { type BackendName, createRanker, selectBackend } from '../src/index.js';
import { torchStepMs } from './torch-reference.js';

const PAIRS = 4;
const SIZES: [number, number][] = [
  [64, 64],
  [128, 128],
  [257, 128],
];
const STEPS = Number(process.env.BENCH_STEPS ?? 10);
// Pure-JS cpu needs tens of seconds per step beyond 64×64: measured at the smallest size only.
const BACKENDS: { name: BackendName; sizes: number }[] = [
  { name: 'wasm', sizes: 3 },
  { name: 'cpu-onednn', sizes: 3 },
  { name: 'cpu', sizes: 1 },
].filter(
  ({ name }) => !process.env.BENCH_BACKENDS || process.env.BENCH_BACKENDS.split(',').includes(name),
) as { name: BackendName; sizes: number }[];

interface Row {
  backend: string;
  size: string;
  medianMs: number;
  /** Median process CPU time (user + system, all threads) per step. */
  medianCpuMs: number;
  rssMiB: number;
  numTensors: number;
}

function randomBatch(height: number, width: number) {
  const pixels = PAIRS * height * width;
  const fill = () => Float32Array.from({ length: pixels }, () => Math.random());
  return { left: fill(), right: fill(), target: Float32Array.from([1, -1, 1, -1]), count: PAIRS };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

async function measure(backend: string, [height, width]: [number, number]): Promise<Row> {
  const model = await createRanker({ inputShape: [height, width], seed: 1 });
  const batch = randomBatch(height, width);
  model.trainStep(batch); // warm-up: kernel set-up, first allocations
  const times: number[] = [];
  const cpuTimes: number[] = [];
  for (let step = 1; step < STEPS; step++) {
    const start = performance.now();
    const cpuStart = process.cpuUsage();
    model.trainStep(batch);
    const cpu = process.cpuUsage(cpuStart);
    times.push(performance.now() - start);
    cpuTimes.push((cpu.user + cpu.system) / 1000);
  }
  const row = {
    backend,
    size: `${height}×${width}`,
    medianMs: median(times),
    medianCpuMs: median(cpuTimes),
    rssMiB: process.memoryUsage().rss / 2 ** 20,
    numTensors: tf.memory().numTensors,
  };
  model.dispose();
  return row;
}

function torchReference(): Record<string, number> | null {
  const ms = torchStepMs({ threads: 2, steps: STEPS });
  if (typeof ms === 'string') console.log(`${ms}.`);
  return typeof ms === 'string' ? null : ms;
}

/** Measures one backend in this process and prints its rows as JSON lines. */
async function runBackend(name: BackendName, sizes: number): Promise<void> {
  const selected = (await selectBackend(name, (line) => console.error(line))).name;
  for (const size of SIZES.slice(0, sizes)) {
    console.log(JSON.stringify(await measure(selected, size)));
  }
}

/**
 * Each backend runs in its own process: backends are process-global, and a native kernel that
 * crashes (an addon) must not take the other measurements with it.
 */
function runIsolated(name: BackendName, sizes: number): Row[] {
  const child = spawnSync(
    process.execPath,
    [...process.execArgv, fileURLToPath(import.meta.url), name, String(sizes)],
    { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const rows = child.stdout
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as Row);
  for (const row of rows) {
    console.log(
      `${row.backend} ${row.size}: ${row.medianMs.toFixed(0)} ms/step (${row.medianCpuMs.toFixed(0)} ms CPU)`,
    );
  }
  if (child.status !== 0) {
    const why = child.signal ? `killed by ${child.signal}` : `exit code ${child.status}`;
    console.log(`${name}: stopped after ${rows.length} of ${sizes} sizes (${why})`);
  }
  return rows;
}

const [childBackend, childSizes] = process.argv.slice(2);
if (childBackend) {
  await runBackend(childBackend as BackendName, Number(childSizes));
  process.exit(0);
}
// PyTorch runs before and after the tfjs backends and the ratio uses the mean of the two: the
// shared machine's speed drifts by tens of percent over minutes, and this way a slow spell weighs
// on both sides of the ratio.
const torchBefore = torchReference();
const rows = BACKENDS.flatMap(({ name, sizes }) => runIsolated(name, sizes));
const torchAfter = torchBefore && torchReference();
const torch =
  torchBefore &&
  torchAfter &&
  Object.fromEntries(
    Object.keys(torchBefore).map((key) => [key, (torchBefore[key] + torchAfter[key]) / 2]),
  );
const header = [
  'backend',
  'input',
  'median ms/step',
  'CPU ms/step',
  'RSS MiB',
  `numTensors after ${STEPS} steps`,
];
if (torch) header.push('tfjs / PyTorch');
console.log(
  `\nResNet-18, ${PAIRS} pairs = ${2 * PAIRS} spectrograms per step, median of ${STEPS - 1} steps after 1 warm-up; ${cpus().length}-core ${arch()}, Node ${process.versions.node}, ${new Date().toISOString().slice(0, 10)}\n`,
);
console.log(`| ${header.join(' | ')} |`);
console.log(`| ${header.map(() => '---').join(' | ')} |`);
for (const row of rows) {
  const cells = [
    row.backend,
    row.size,
    row.medianMs.toFixed(0),
    row.medianCpuMs.toFixed(0),
    row.rssMiB.toFixed(0),
    String(row.numTensors),
  ];
  if (torch) {
    const reference = torch[row.size.replace('×', 'x')];
    cells.push(reference ? (row.medianMs / reference).toFixed(1) : '–');
  }
  console.log(`| ${cells.join(' | ')} |`);
}
if (torch) {
  console.log(
    `\nPyTorch CPU (${torch.threads} threads), ms/step before and after: ${JSON.stringify(torchBefore)} ${JSON.stringify(torchAfter)}`,
  );
}
