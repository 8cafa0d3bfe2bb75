/**
 * Benchmark: prints a Markdown table (wall and CPU time, so figures taken on a shared machine can
 * be read). Sizes: add() at ranker's D = 11.17 M; finalize at N = 12/100/1000 batches (sketch path,
 * k = 2048, D = 100 k — finalize cost depends on N and k, not D); t-SNE at N = 200/1000, D = 50.
 */
import os from 'node:os';
import { addSketch, createCountSketch } from '../src/count-sketch.js';
import {
  createGradientCollector,
  createRecordingGradientCollector,
  trustworthiness,
  tsne,
} from '../src/index.js';
import { createRandom } from '../src/random.js';

interface Row {
  what: string;
  wallMs: number;
  cpuMs: number;
  figure: string;
}
const rows: Row[] = [];

function measure<T>(what: string, work: () => T, figure: (result: T, wallMs: number) => string): T {
  const cpu = process.cpuUsage();
  const start = performance.now();
  const result = work();
  const wallMs = performance.now() - start;
  const used = process.cpuUsage(cpu);
  rows.push({
    what,
    wallMs,
    cpuMs: (used.user + used.system) / 1000,
    figure: figure(result, wallMs),
  });
  return result;
}

function randomGradient(d: number, seed: number): Float32Array {
  const random = createRandom(seed);
  return Float32Array.from({ length: d }, () => random.normal());
}

// add() at D = 11.17 M on the sketch path (exact copies off, as for a real probe).
const d = 11_170_000;
const gradient = randomGradient(d, 1);
const big = measure(
  'createGradientCollector, D = 11.17 M (sketch signs and shifts, WebAssembly memory)',
  () => createGradientCollector({ parameterCount: d, exactBudgetBytes: 0, seed: 1 }),
  () => '',
);
// The first add() also faults in the 89 MB running sum's pages (fresh WebAssembly memory).
measure(
  'first add(), D = 11.17 M (touches the running sum first)',
  () => big.add(gradient, 4),
  (_, ms) => `${((d * 4) / (ms / 1000) / 1e9).toFixed(2)} GB/s of gradient read`,
);
const adds = 8;
measure(
  `add() × ${adds}, D = 11.17 M, k = 2048`,
  () => {
    for (let i = 0; i < adds; i++) big.add(gradient, 4);
  },
  (_, ms) => `${((adds * d * 4) / (ms / 1000) / 1e9).toFixed(2)} GB/s of gradient read`,
);

// threads: 2 with the gradient on a SharedArrayBuffer (as @ranker/model's): a helper thread
// sweeps the upper half.
const sharedGradient = new Float32Array(new SharedArrayBuffer(4 * d));
sharedGradient.set(gradient);
const twoThreads = createGradientCollector({
  parameterCount: d,
  exactBudgetBytes: 0,
  seed: 1,
  threads: 2,
});
twoThreads.add(sharedGradient, 4); // faults in the running sum's pages, starts the helper
measure(
  `add() × ${adds}, threads: 2, gradient on a SharedArrayBuffer`,
  () => {
    for (let i = 0; i < adds; i++) twoThreads.add(sharedGradient, 4);
  },
  (_, ms) => `${((adds * d * 4) / (ms / 1000) / 1e9).toFixed(2)} GB/s of gradient read`,
);

// Reference in the same run: a plain float32 summation loop over the same array, as many times.
// It reads the gradient once and does one add per value: the floor for any add().
let referenceSum = 0;
measure(
  `reference: plain Σ gradient[j] loop × ${adds}, same array`,
  () => {
    for (let i = 0; i < adds; i++) {
      let s = 0;
      for (let j = 0; j < d; j++) s += gradient[j];
      referenceSum += s;
    }
  },
  (_, ms) =>
    `${((adds * d * 4) / (ms / 1000) / 1e9).toFixed(2)} GB/s of gradient read (sum ${referenceSum.toFixed(1)})`,
);

// The data audit's per-recording collector: norm and sketch (k = 4096) in one WebAssembly pass,
// against the same work in plain JavaScript (what it ran before), on the same array.
const recordings = createRecordingGradientCollector({ parameterCount: d, seed: 1 });
recordings.add(0, 'warm-up', gradient, 0);
measure(
  `recording collector add() × ${adds}, D = 11.17 M, k = 4096`,
  () => {
    for (let i = 0; i < adds; i++) recordings.add(1, `r${i}`, gradient, 0);
  },
  (_, ms) => `${(ms / adds).toFixed(1)} ms per gradient`,
);
const auditSketch = createCountSketch(d, 4096, 1);
measure(
  `reference: JavaScript finite check, Σ g² and addSketch × ${adds}, same array`,
  () => {
    for (let i = 0; i < adds; i++) {
      let normSquared = 0;
      for (let j = 0; j < d; j++) {
        if (!Number.isFinite(gradient[j])) throw new Error(`value ${j}`);
        normSquared += gradient[j] * gradient[j];
      }
      addSketch(auditSketch, gradient, new Float64Array(4096));
      referenceSum += normSquared;
    }
  },
  (_, ms) => `${(ms / adds).toFixed(1)} ms per gradient`,
);

// finalize: result() for N batches at D = 100 k.
for (const n of [12, 100, 1000]) {
  const collector = createGradientCollector({
    parameterCount: 100_000,
    exactBudgetBytes: 0,
    seed: 2,
  });
  const base = randomGradient(100_000, 3);
  const random = createRandom(n);
  for (let i = 0; i < n; i++) {
    const g = Float32Array.from(base, (v) => v + 2 * random.normal());
    collector.add(g, 4);
  }
  measure(
    `result(), N = ${n} (1000 bootstrap resamples, t-SNE)`,
    () => collector.result(),
    (r) =>
      `B_simple = ${r.noiseScale.bSimple?.toFixed(1) ?? `undefined (${r.noiseScale.undefinedReason})`}, t-SNE ${r.embedding?.method.split('→ ').pop()}`,
  );
}

// t-SNE alone, D = 50, 10 clusters.
for (const n of [200, 1000]) {
  const random = createRandom(n + 7);
  const points = Array.from({ length: n }, (_, i) =>
    Float64Array.from({ length: 50 }, (_, c) => (c === i % 10 ? 4 : 0) + random.normal()),
  );
  measure(
    `tsne(), N = ${n}, D = 50`,
    () => tsne(points),
    (r) =>
      `${r.method}, KL ${r.klDivergence.toFixed(3)}, trustworthiness(10) ${trustworthiness(points, r.points, 10).toFixed(4)}`,
  );
}

console.log(
  `Date ${new Date().toISOString()}, ${os.cpus().length}× ${os.cpus()[0]?.model}, Node ${process.version}, load average ${os
    .loadavg()
    .map((l) => l.toFixed(1))
    .join(' ')}`,
);
console.log('');
console.log('| operation | wall (ms) | CPU (ms) | figure |');
console.log('| --- | ---: | ---: | --- |');
for (const r of rows)
  console.log(`| ${r.what} | ${r.wallMs.toFixed(0)} | ${r.cpuMs.toFixed(0)} | ${r.figure} |`);
console.log('');
console.log(`Peak RSS: ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MiB`);
