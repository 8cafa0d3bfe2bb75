/**
 * Wall time of the seed experiment (54 synthetic samples at 64×64, ResNet-18, B = 4 pairs,
 * probes at analysis epochs) on the default backend, split into training, probe and
 * validation time. The full run is 30 epochs with 6 probes; `--epochs N --probes M` runs a
 * fraction (the default, 1 epoch and 1 probe, for a shared machine) and extrapolates from
 * the measured per-epoch means, labelled as such.
 *
 * A probe draws `--probe-batches` batches of B pairs (default: the trainer's default); the
 * table also gives the cost of one probe batch (one forward + backward of 2·B spectrograms)
 * next to one training step, so the cost of another probe size is N × that.
 *
 *   pnpm --filter @ranker/trainer bench [-- --epochs 30 --probes 6 --probe-batches 48 --backend auto]
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { type BackendName, DEFAULT_PROBE_BATCHES, startRun } from '../src/index.js';

const { values } = parseArgs({
  args: process.argv.slice(2).filter((arg) => arg !== '--'), // `pnpm bench -- …` passes the `--` on
  options: {
    epochs: { type: 'string', default: '1' },
    probes: { type: 'string', default: '1' },
    backend: { type: 'string', default: 'auto' },
    'probe-batches': { type: 'string', default: String(DEFAULT_PROBE_BATCHES) },
  },
});
const epochs = Number(values.epochs);
const probes = Number(values.probes);
const FULL = { epochs: 30, probes: 6 };

const outDir = await mkdtemp(join(tmpdir(), 'ranker-trainer-bench-'));
const trainer = await startRun({
  outDir,
  runId: 'bench',
  data: { source: 'synthetic', size: [64, 64] },
  model: { depth: 18, widthMultiplier: 1 },
  training: {
    epochs,
    // The last `probes` epochs are analysis epochs.
    analysisEpochs: Array.from({ length: probes }, (_, i) => epochs - probes + 1 + i),
    probe: { batches: Number(values['probe-batches']) },
  },
  backend: values.backend as BackendName,
});
const timings: { trainMs: number; probeMs: number; validationMs: number }[] = [];
let batches = 0;
let steps = 0;
trainer.on('probeStart', (e) => {
  batches = e.batches;
});
trainer.on('batchEnd', (e) => {
  if (e.epoch === 1) steps++;
});
trainer.on('epochEnd', (e) => {
  timings.push(e.timings);
  process.stderr.write(`epoch ${e.epoch}: ${JSON.stringify(e.timings)}\n`);
});
const started = performance.now();
const summary = await trainer.run();
const wallS = (performance.now() - started) / 1000;
const { backendUsed } = JSON.parse(await readFile(join(summary.runDir, 'config.json'), 'utf8'));
await rm(outDir, { recursive: true, force: true });

const sum = (key: 'trainMs' | 'probeMs' | 'validationMs') =>
  timings.reduce((s, t) => s + t[key], 0) / 1000;
const trainPerEpoch = sum('trainMs') / epochs;
const probePerProbe = probes > 0 ? sum('probeMs') / probes : Number.NaN;
const validationPerEpoch = sum('validationMs') / epochs;
const full =
  trainPerEpoch * FULL.epochs + probePerProbe * FULL.probes + validationPerEpoch * FULL.epochs;
const f = (x: number) => x.toFixed(2);

console.log(`backend: ${backendUsed.name} (${backendUsed.reason}); run ${summary.status}`);
console.log(
  `machine: ${cpus().length}× ${cpus()[0]?.model}, Node ${process.versions.node}, ${new Date().toISOString()}`,
);
console.log(
  `measured: ${epochs} epochs, ${probes} probe(s) of ${batches} batches, wall ${f(wallS)} s\n`,
);
console.log('| quantity | seconds |');
console.log('| --- | ---: |');
console.log(`| training, per epoch (${steps} steps of 4 pairs) | ${f(trainPerEpoch)} |`);
console.log(`| probe, per analysis epoch (${batches} batch gradients) | ${f(probePerProbe)} |`);
console.log(`| one training step (mean over the epochs) | ${f(trainPerEpoch / steps)} |`);
console.log(`| one probe batch (forward + backward, mean) | ${f(probePerProbe / batches)} |`);
console.log(`| validation, per epoch | ${f(validationPerEpoch)} |`);
const label = epochs === FULL.epochs && probes === FULL.probes ? 'measured' : 'extrapolated';
console.log(`| full experiment (30 epochs, 6 probes), ${label} | ${f(full)} |`);
console.log(
  `| of which training / probes / validation | ${f(trainPerEpoch * 30)} / ${f(probePerProbe * 6)} / ${f(validationPerEpoch * 30)} |`,
);
