import { adamUpdateInPlace } from '../src/index.js';
import { loadAddon } from '../src/native.js';
import { adamOptions, referenceAdamStep, spreadValues } from '../test/adam-reference.js';

/**
 * One Adam step over the model's 11,170,753 parameters (ResNet-18 ranker): @ranker/model's
 * JavaScript loop vs adamUpdateInPlace's native pass. Process CPU time (user + system, all
 * threads) and wall time, medians of 7 after a warm-up. Threads: OMP_NUM_THREADS (default: all).
 * Usage: tsx --conditions=@ranker/source bench/adam-update.ts
 */
const parameters = 11_170_753;
const loaded = loadAddon();
if (!loaded.ok) {
  console.log(`native addon unavailable: ${loaded.reason}`);
  process.exit(0);
}
const gradient = spreadValues(parameters, 2, 1);

function measure(
  update: (t: Float32Array, m: Float32Array, v: Float32Array, step: number) => void,
) {
  const [theta, m, v] = [
    spreadValues(parameters, 1, 1),
    new Float32Array(parameters),
    new Float32Array(parameters),
  ];
  const cpuMs: number[] = [];
  const wallMs: number[] = [];
  for (let step = 1; step <= 8; step++) {
    const cpu = process.cpuUsage();
    const start = performance.now();
    update(theta, m, v, step);
    const wall = performance.now() - start;
    const used = process.cpuUsage(cpu);
    if (step === 1) continue; // warm-up
    wallMs.push(wall);
    cpuMs.push((used.user + used.system) / 1000);
  }
  const median = (values: number[]) => [...values].sort((a, b) => a - b)[3] as number;
  return `CPU ${median(cpuMs).toFixed(1)} ms, wall ${median(wallMs).toFixed(1)} ms`;
}

console.log(`Adam step, ${parameters.toLocaleString('en')} parameters (medians of 7):`);
console.log(
  `  JavaScript loop (float64):           ${measure((t, m, v, step) => referenceAdamStep(t, gradient, m, v, adamOptions(step, false)))}`,
);
console.log(
  `  adamUpdateInPlace, ${loaded.addon.threads()} OpenMP thread(s): ${measure((t, m, v, step) => adamUpdateInPlace(t, gradient, m, v, adamOptions(step, false)))}`,
);
