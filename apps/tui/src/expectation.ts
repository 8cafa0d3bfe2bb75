import type { RunOptions } from './options.js';

/**
 * Seconds per gradient (a training step or a probe batch, B = 4 pairs) measured on the
 * reference machine — 2-core x86_64, Node 20, whole run over its gradients (see README,
 * "Run time"). They set expectations only; the dashboard's ETA uses the live rate.
 */
const MEASURED = {
  seed: { secondsPerGradient: 0.44, backend: 'cpu-onednn', label: 'ResNet-18 width 1, 64x64' },
  quick: { secondsPerGradient: 0.07, backend: 'cpu-onednn', label: 'ResNet-10 width 0.125, 32x32' },
};

/** Training samples of the seed data (54 samples, 10 % held out): batches per epoch = ⌈48 / B⌉. */
const SEED_TRAIN_SAMPLES = 48;

/** Gradients a run computes: every training step, plus one per batch at each probe epoch. */
export function gradientCount(options: RunOptions): number {
  const batches = Math.ceil(SEED_TRAIN_SAMPLES / options.batchSize);
  const probes = Math.floor(options.epochs / options.analyzeEvery);
  return (options.epochs + probes) * batches;
}

/** The line printed at start: what the measured rate predicts for this configuration. */
export function expectationLine(options: RunOptions): string {
  const shape = `${options.depth}/${options.width}/${options.input.join('x')}`;
  const reference =
    shape === '18/1/64x64' ? MEASURED.seed : shape === '10/0.125/32x32' ? MEASURED.quick : null;
  if (!reference)
    return `ranker: ${options.epochs} epochs; the ETA is shown once the first steps are timed`;
  const seconds = gradientCount(options) * reference.secondsPerGradient;
  const minutes = seconds / 60;
  const duration =
    seconds < 90
      ? `${Math.max(1, Math.round(seconds))} s`
      : minutes < 90
        ? `${Math.round(minutes)} min`
        : `${(minutes / 60).toFixed(1)} h`;
  return `ranker: expect about ${duration} for ${options.epochs} epochs of ${reference.label} on the seed data (measured ${reference.secondsPerGradient} s per gradient on backend ${reference.backend}, 2-core CPU; --quick for a fast look)`;
}
