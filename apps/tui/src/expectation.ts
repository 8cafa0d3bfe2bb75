import type { RunOptions } from './options.js';

/**
 * Seconds per optimisation step measured on the reference machine (see README, "Run time"):
 * 2-core x86_64, Node 20, the default backend, with other work sharing the CPU.
 */
const MEASURED = {
  seed: { secondsPerStep: Number.NaN, label: 'ResNet-18 width 1, 64x64, batch 4' },
  quick: { secondsPerStep: Number.NaN, label: 'ResNet-10 width 0.125, 32x32, batch 4' },
};

/** The line printed at start: what the measured rate predicts for this configuration. */
export function expectationLine(options: RunOptions): string {
  const isSeed =
    !options.quick &&
    options.depth === 18 &&
    options.width === 1 &&
    options.input.join('x') === '64x64';
  const reference = options.quick ? MEASURED.quick : isSeed ? MEASURED.seed : null;
  const steps = options.epochs * Math.ceil(48 / options.batchSize);
  if (!reference || !Number.isFinite(reference.secondsPerStep)) {
    return `ranker: ${options.epochs} epochs; the ETA is shown once the first steps are timed`;
  }
  const minutes = (steps * reference.secondsPerStep) / 60;
  return `ranker: expect about ${minutes < 1 ? '<1' : Math.round(minutes)} min for ${options.epochs} epochs (${reference.label}, measured ${reference.secondsPerStep} s/step on a 2-core CPU)`;
}
