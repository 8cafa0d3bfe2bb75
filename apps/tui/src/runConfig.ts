import { basename, dirname } from 'node:path';
import type { ExperimentSource } from '@ranker/experiment';
import type { RunOptions } from './options.js';

/** Epochs after which the probe runs: every `every`-th epoch up to `epochs`. */
export function probeEpochs(epochs: number, every: number): number[] {
  return Array.from({ length: Math.floor(epochs / every) }, (_, i) => (i + 1) * every);
}

/** What the flags ask for: a new run in `--out`, or the `--resume` of one. */
export function experimentSource(options: RunOptions): ExperimentSource {
  if (options.resume !== null) return { resume: options.resume };
  return {
    start: {
      runId: basename(options.out),
      outDir: dirname(options.out),
      description: `ranker ${options.quick ? 'quick look' : 'batch-gradient analysis'}: ${options.material} ${options.frequencyHz} Hz`,
      data: {
        source: options.data,
        material: options.material,
        frequencyHz: options.frequencyHz,
        size: options.input,
        seed: options.seed,
        difficulty: options.difficulty,
        resample: options.resample,
        windowStartS: options.windowStartS,
        plant: options.plant,
      },
      model: { depth: options.depth, widthMultiplier: options.width },
      training: {
        epochs: options.epochs,
        batchSize: options.batchSize,
        learningRate: options.learningRate,
        weightDecay: options.weightDecay,
        margin: options.margin,
        seed: options.seed,
        analysisEpochs: probeEpochs(options.epochs, options.analyzeEvery),
        probe: {
          batches: options.probeBatches,
          until: options.probeUntil,
          maxBatches: options.probeMaxBatches,
        },
        audit: { enabled: options.audit },
      },
      backend: options.backend,
    },
  };
}
