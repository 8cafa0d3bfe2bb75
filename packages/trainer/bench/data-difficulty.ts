/**
 * Calibration run for @ranker/dsp's synthetic difficulty: trains on the synthetic set with a
 * chosen preset and nuisance overrides and prints, per epoch, the training loss, the validation
 * Spearman ρ and, at probe epochs, how many probe batch gradients are exactly zero (every pair
 * beyond the margin), i.e. whether the gradient analysis has anything to analyse.
 *
 *   pnpm exec tsx --conditions=@ranker/source bench/data-difficulty.ts -- \
 *     --difficulty hard --nuisance '{"noiseRms":[0.05,1]}' --epochs 15 --width 0.5 --seed 42
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { type RunConfigInput, startRun } from '../src/index.js';

const { values } = parseArgs({
  options: {
    difficulty: { type: 'string', default: 'realistic' },
    nuisance: { type: 'string', default: '{}' },
    epochs: { type: 'string', default: '30' },
    every: { type: 'string', default: '5' },
    depth: { type: 'string', default: '18' },
    width: { type: 'string', default: '1' },
    size: { type: 'string', default: '64' },
    seed: { type: 'string', default: '42' },
  },
});
const epochs = Number(values.epochs);
const every = Number(values.every);
const size = Number(values.size);
const outDir = await mkdtemp(join(tmpdir(), 'ranker-difficulty-'));
const config: RunConfigInput = {
  outDir,
  runId: 'calibration',
  data: {
    size: [size, size],
    seed: Number(values.seed),
    difficulty: values.difficulty as never,
    nuisance: JSON.parse(values.nuisance),
  },
  model: { depth: Number(values.depth) as 10 | 18 | 34, widthMultiplier: Number(values.width) },
  training: {
    epochs,
    seed: Number(values.seed),
    analysisEpochs: Array.from({ length: Math.floor(epochs / every) }, (_, i) => (i + 1) * every),
  },
};
console.log(JSON.stringify({ ...config, outDir: undefined }));
const trainer = await startRun(config);
let probes = 0;
let zeroProbes = 0;
trainer.on('probeStart', () => {
  probes = 0;
  zeroProbes = 0;
});
trainer.on('probe', (e) => {
  probes++;
  if (e.gradientNormSquared === 0) zeroProbes++;
});
trainer.on('epochEnd', (e) => {
  const probe = probes > 0 ? `  zero probe gradients ${zeroProbes}/${probes}` : '';
  console.log(
    `epoch ${String(e.epoch).padStart(2)}  train loss ${e.train.loss.toFixed(3)}  ` +
      `val loss ${e.validation.loss.toFixed(3)}  val ρ ${e.validation.spearman.toFixed(3)}  ` +
      `(${((e.timings.trainMs + e.timings.probeMs) / 1000).toFixed(0)} s)${probe}`,
  );
  probes = 0;
});
await trainer.run();
await rm(outDir, { recursive: true, force: true });
