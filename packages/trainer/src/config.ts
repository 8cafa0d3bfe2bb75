import {
  DEFAULT_SYNTHETIC_DIFFICULTY,
  DspError,
  resolveNuisance,
  SYNTHETIC_DIFFICULTY,
  type SyntheticDifficulty,
  type SyntheticNuisance,
} from '@ranker/dsp';
import type { BackendName } from '@ranker/model';
import { TrainerError } from './errors.js';

export type { BackendName };

/** What a run trains on, passed to `@ranker/dsp`'s `loadDataset` / `splitDataset`. */
export interface DataConfig {
  /** 'synthetic', a folder of WAV files, or a manifest .csv. */
  source: string;
  material: string;
  frequencyHz: number;
  /** Spectrogram [height, width] = model input shape. */
  size: [number, number];
  /** Seed of the synthetic generator and of the stratified split. */
  seed: number;
  /** Held-out fraction of each angle (stratified). */
  validationFraction: number;
  /** Synthetic recordings per angle (source 'synthetic' only); the seed's set has 9. */
  perAngle: number;
  /** Synthetic nuisance preset (source 'synthetic' only): dsp's `SYNTHETIC_DIFFICULTY` key. */
  difficulty: SyntheticDifficulty;
  /** Overrides of single fields of that preset (source 'synthetic' only); `{}` = none. */
  nuisance: Partial<SyntheticNuisance>;
  /** Mixed sample rates: false refuses them, true resamples to the most common, a number to that rate (Hz). */
  resample: boolean | number;
  /** Start of each recording's analysis window (s): dsp's `startS`, the CLI's --window-start. */
  windowStartS: number;
}

export interface ModelConfig {
  depth: 10 | 18 | 34;
  widthMultiplier: number;
}

export interface TrainingConfig {
  epochs: number;
  /** Ranking pairs per optimisation step. */
  batchSize: number;
  learningRate: number;
  weightDecay: number;
  margin: number;
  /** Seed of weight initialisation and of every epoch's pairing and order. */
  seed: number;
  /** Epochs (1-based, ascending) after whose training the gradient probe runs. */
  analysisEpochs: number[];
}

/** A fully specified run: what `config.json` holds (besides provenance). */
export interface RunConfig {
  runId: string;
  description: string;
  data: DataConfig;
  model: ModelConfig;
  training: TrainingConfig;
  backend: BackendName;
  /** Parent folder of run directories; the run lives in `<outDir>/<runId>`. */
  outDir: string;
}

/** What a caller writes: every field but `outDir` has the seed experiment's default. */
export interface RunConfigInput {
  runId?: string;
  description?: string;
  data?: Partial<DataConfig>;
  model?: Partial<ModelConfig>;
  training?: Partial<TrainingConfig>;
  backend?: BackendName;
  outDir: string;
}

/** The seed experiment (docs: experiment-report-batch-gradient-analysis). */
export const DEFAULT_TRAINING: Omit<TrainingConfig, 'seed'> = {
  epochs: 30,
  batchSize: 4,
  learningRate: 1e-3,
  weightDecay: 1e-5,
  margin: 10,
  analysisEpochs: [5, 10, 15, 20, 25, 30],
};

const BACKENDS: BackendName[] = [
  'auto',
  'tensorflow-gpu',
  'tensorflow',
  'cpu-onednn',
  'webgpu',
  'wasm',
  'cpu',
];

function invalid(field: string, expected: string, got: unknown): never {
  throw new TrainerError(
    'INVALID_CONFIG',
    `run config: ${field} must be ${expected}, got ${JSON.stringify(got)}`,
  );
}

function positiveInteger(field: string, value: number): number {
  if (!Number.isInteger(value) || value < 1) invalid(field, 'a positive integer', value);
  return value;
}

function nonNegativeNumber(field: string, value: number): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
    invalid(field, 'a finite number ≥ 0', value);
  }
  return value;
}

/** dsp validates the overrides (ranges per field); its message names the field. */
function checkNuisance(data: DataConfig): void {
  if (typeof data.nuisance !== 'object' || data.nuisance === null || Array.isArray(data.nuisance)) {
    invalid('data.nuisance', 'an object of SyntheticNuisance fields', data.nuisance);
  }
  try {
    resolveNuisance(data.difficulty, data.nuisance);
  } catch (error) {
    if (!(error instanceof DspError)) throw error;
    throw new TrainerError(
      'INVALID_CONFIG',
      `run config: data.${error.message.replace(/^synthetic /, '')}`,
    );
  }
}

function timestampId(date: Date): string {
  return date.toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
}

/**
 * Fills defaults and checks every field, so that a bad config fails before anything is written.
 * Throws `TrainerError('INVALID_CONFIG')` naming the field and what was expected.
 */
export function resolveRunConfig(input: RunConfigInput, now = new Date()): RunConfig {
  if (typeof input?.outDir !== 'string' || input.outDir === '') {
    invalid('outDir', 'a folder path', input?.outDir);
  }
  const seed = input.training?.seed ?? 0;
  const training: TrainingConfig = { ...DEFAULT_TRAINING, seed, ...input.training };
  positiveInteger('training.epochs', training.epochs);
  positiveInteger('training.batchSize', training.batchSize);
  if (!Number.isInteger(training.seed)) invalid('training.seed', 'an integer', training.seed);
  for (const key of ['learningRate', 'weightDecay', 'margin'] as const) {
    nonNegativeNumber(`training.${key}`, training[key]);
  }
  if (!Array.isArray(training.analysisEpochs)) {
    invalid('training.analysisEpochs', 'an array of epochs', training.analysisEpochs);
  }
  training.analysisEpochs.forEach((epoch, i) => {
    const field = `training.analysisEpochs[${i}]`;
    if (!Number.isInteger(epoch) || epoch < 1 || epoch > training.epochs) {
      invalid(field, `an integer epoch in 1..${training.epochs} (training.epochs)`, epoch);
    }
    if (i > 0 && epoch <= training.analysisEpochs[i - 1]) {
      invalid(
        field,
        `greater than the previous analysis epoch ${training.analysisEpochs[i - 1]}`,
        epoch,
      );
    }
  });

  const data: DataConfig = {
    source: 'synthetic',
    material: 'plastic',
    frequencyHz: 3000,
    size: [64, 64],
    seed,
    validationFraction: 0.1,
    perAngle: 9,
    difficulty: DEFAULT_SYNTHETIC_DIFFICULTY,
    nuisance: {},
    resample: false,
    windowStartS: 0,
    ...input.data,
  };
  if (typeof data.source !== 'string' || data.source === '') {
    invalid('data.source', "'synthetic', a folder or a manifest .csv", data.source);
  }
  if (
    !Array.isArray(data.size) ||
    data.size.length !== 2 ||
    data.size.some((n) => !Number.isInteger(n) || n < 32)
  ) {
    invalid('data.size', '[height, width], integers ≥ 32', data.size);
  }
  positiveInteger('data.perAngle', data.perAngle);
  if (!(data.validationFraction > 0 && data.validationFraction < 1)) {
    invalid('data.validationFraction', 'a number in (0, 1)', data.validationFraction);
  }
  if (!Object.hasOwn(SYNTHETIC_DIFFICULTY, data.difficulty)) {
    invalid(
      'data.difficulty',
      `one of ${Object.keys(SYNTHETIC_DIFFICULTY).join(', ')}`,
      data.difficulty,
    );
  }
  checkNuisance(data);
  if (
    typeof data.resample !== 'boolean' &&
    !(data.resample > 0 && Number.isFinite(data.resample))
  ) {
    invalid('data.resample', 'true, false or a sample rate in Hz > 0', data.resample);
  }
  nonNegativeNumber('data.windowStartS', data.windowStartS);

  const model: ModelConfig = { depth: 18, widthMultiplier: 1, ...input.model };
  if (![10, 18, 34].includes(model.depth)) invalid('model.depth', '10, 18 or 34', model.depth);
  if (!(model.widthMultiplier > 0)) {
    invalid('model.widthMultiplier', 'a number > 0', model.widthMultiplier);
  }

  const backend = input.backend ?? 'auto';
  if (!BACKENDS.includes(backend)) invalid('backend', `one of ${BACKENDS.join(', ')}`, backend);

  const runId = input.runId ?? `${timestampId(now)}-seed${seed}`;
  if (!/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(runId)) {
    invalid('runId', 'letters, digits, ".", "_" or "-" (a folder name)', runId);
  }
  return {
    runId,
    description: input.description ?? '',
    data,
    model,
    training,
    backend,
    outDir: input.outDir,
  };
}
