import {
  DATASET_DEFAULTS,
  DEFAULT_SEED,
  DEFAULT_SYNTHETIC_DIFFICULTY,
  DspError,
  FAULT_KINDS,
  type PlantSpec,
  resolveNuisance,
  SYNTHETIC_DIFFICULTY,
  type SyntheticDifficulty,
  type SyntheticNuisance,
} from '@ranker/dsp';
import {
  BACKEND_NAMES,
  type BackendName,
  DEFAULT_BACKEND,
  inputShapeProblem,
  RANKER_DEFAULTS,
} from '@ranker/model';
import type { AuditConfig } from './audit-probe.js';
import { TrainerError } from './errors.js';

export type { AuditConfig, BackendName };

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
  /**
   * Faults planted before the split (dsp's `PlantSpec`, e.g. from `parsePlantSpec('mislabel=0.1')`),
   * seeded by `seed`; null = none. Ground truth for the data audit.
   */
  plant: PlantSpec | null;
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
  /** How many batches a gradient probe draws (README, "Gradient probes"). */
  probe: ProbeConfig;
  /** Per-recording evidence for the data audit (README, "Data audit"). */
  audit: AuditConfig;
}

/**
 * A probe draws full batches of `batchSize` distinct pairs from all valid pairs of the training
 * set at the frozen end-of-epoch weights.
 */
export interface ProbeConfig {
  /**
   * Batches per probe when `until` is null (or no stop rule is installed); with `until`, the
   * fewest batches before the stop rule is asked (at least `PROBE_MIN_BATCHES`).
   */
  batches: number;
  /**
   * Target relative half-width of the consumer's interval (e.g. 0.5): the probe draws batches
   * until the stop rule (`Trainer.setProbeStopRule`) says the target is reached, at most
   * `maxBatches`, at least `batches`. null: always `batches` batches.
   */
  until: number | null;
  /** Cap on the batches of a probe when `until` is set. */
  maxBatches: number;
  /**
   * 'probe': no pair twice within a probe (batches drawn without replacement from the valid
   * pairs; at most ⌊pairs/B⌋ batches). 'batch': no pair twice within a batch, batches drawn
   * independently (a pair may recur in another batch), which keeps the noise-scale estimator
   * unbiased (README, "Distinct pairs and the noise-scale estimator").
   */
  distinct: ProbeDistinct;
}

export type ProbeDistinct = 'probe' | 'batch';

/** What a caller writes for `training`: any field may be left out, `probe` field by field. */
export type TrainingConfigInput = Partial<Omit<TrainingConfig, 'probe' | 'audit'>> & {
  probe?: Partial<ProbeConfig>;
  audit?: Partial<AuditConfig>;
};

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
  training?: TrainingConfigInput;
  backend?: BackendName;
  outDir: string;
}

/**
 * The default probe: at least 48 batches (192 of the 960 valid pairs of the seed's 48 training
 * samples at B = 4), then until B_simple's 95% interval is within ±50 % of the estimate, at most
 * 192 batches. Measured on the default seed run (README, "How many batches"): 48 fixed batches gave
 * a two-sided interval at 1 of 6 probes (|G|² not bounded away from 0 at the others); stopping at
 * 0.5 gave two-sided intervals at 6 of 6 (relative half-widths 0.44–0.51, and 0.72 at the cap).
 */
export const DEFAULT_PROBE_BATCHES = 48;

/** The fewest batches a probe draws before the stop rule is consulted (stop by precision). */
export const PROBE_MIN_BATCHES = 8;

export const DEFAULT_PROBE: Readonly<ProbeConfig> = Object.freeze({
  batches: DEFAULT_PROBE_BATCHES,
  until: 0.5,
  maxBatches: 4 * DEFAULT_PROBE_BATCHES,
  distinct: 'batch',
});

/**
 * The audit is off unless asked for (the app turns it on with --audit or --plant): with B
 * partners it costs one probe batch per training recording per analysis epoch (README, "Data
 * audit": +48 passes per analysis epoch on the seed).
 */
export const DEFAULT_AUDIT: Readonly<AuditConfig> = Object.freeze({
  enabled: false,
  partners: null,
});

/** The seed experiment (docs: experiment-report-batch-gradient-analysis). */
export const DEFAULT_TRAINING: Readonly<Omit<TrainingConfig, 'seed'>> = {
  epochs: 30,
  batchSize: 4,
  learningRate: RANKER_DEFAULTS.learningRate,
  weightDecay: RANKER_DEFAULTS.weightDecay,
  margin: RANKER_DEFAULTS.margin,
  analysisEpochs: [5, 10, 15, 20, 25, 30],
  probe: DEFAULT_PROBE,
  audit: DEFAULT_AUDIT,
};

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

const PROBE_FIELDS = Object.keys(DEFAULT_PROBE) as (keyof ProbeConfig)[];

function resolveProbe(input: unknown): ProbeConfig {
  if (input === undefined) return { ...DEFAULT_PROBE };
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    invalid('training.probe', `an object with fields ${PROBE_FIELDS.join(', ')}`, input);
  }
  for (const key of Object.keys(input)) {
    if (!PROBE_FIELDS.includes(key as keyof ProbeConfig)) {
      throw new TrainerError(
        'INVALID_CONFIG',
        `run config: training.probe.${key} is not a probe field; expected one of ${PROBE_FIELDS.join(', ')}`,
      );
    }
  }
  const probe: ProbeConfig = { ...DEFAULT_PROBE, ...(input as Partial<ProbeConfig>) };
  positiveInteger('training.probe.batches', probe.batches);
  if (
    probe.until !== null &&
    (typeof probe.until !== 'number' || !Number.isFinite(probe.until) || probe.until <= 0)
  ) {
    invalid(
      'training.probe.until',
      'null or a finite number > 0 (relative half-width)',
      probe.until,
    );
  }
  positiveInteger('training.probe.maxBatches', probe.maxBatches);
  if (probe.distinct !== 'probe' && probe.distinct !== 'batch') {
    invalid('training.probe.distinct', "'probe' or 'batch'", probe.distinct);
  }
  if (probe.until !== null && probe.maxBatches < PROBE_MIN_BATCHES) {
    invalid(
      'training.probe.maxBatches',
      `an integer ≥ ${PROBE_MIN_BATCHES} (the fewest batches before the stop rule is asked) when training.probe.until is set`,
      probe.maxBatches,
    );
  }
  return probe;
}

const AUDIT_FIELDS = Object.keys(DEFAULT_AUDIT) as (keyof AuditConfig)[];

function resolveAudit(input: unknown, batchSize: number): AuditConfig {
  if (input === undefined) return { ...DEFAULT_AUDIT };
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    invalid('training.audit', `an object with fields ${AUDIT_FIELDS.join(', ')}`, input);
  }
  const unknown = Object.keys(input).filter((k) => !AUDIT_FIELDS.includes(k as keyof AuditConfig));
  if (unknown.length > 0) {
    throw new TrainerError(
      'INVALID_CONFIG',
      `run config: training.audit.${unknown.join(', training.audit.')} ${unknown.length > 1 ? 'are not audit fields' : 'is not an audit field'}; expected ${AUDIT_FIELDS.join(', ')}`,
    );
  }
  const audit: AuditConfig = { ...DEFAULT_AUDIT, ...(input as Partial<AuditConfig>) };
  if (typeof audit.enabled !== 'boolean')
    invalid('training.audit.enabled', 'true or false', audit.enabled);
  if (
    audit.partners !== null &&
    (!Number.isInteger(audit.partners) || audit.partners < 1 || audit.partners % batchSize !== 0)
  ) {
    invalid(
      'training.audit.partners',
      `null (= training.batchSize) or a positive multiple of training.batchSize ${batchSize} (each pass holds B pairs, as in training)`,
      audit.partners,
    );
  }
  return audit;
}

/** Shape of `data.plant` (counts against the dataset size are checked when it is loaded). */
function checkPlant(plant: unknown): void {
  if (plant === null) return;
  if (typeof plant !== 'object' || Array.isArray(plant)) {
    invalid('data.plant', 'null or an object { kind: { fraction } | { count } }', plant);
  }
  for (const [kind, amount] of Object.entries(plant as object)) {
    const field = `data.plant.${kind}`;
    if (!FAULT_KINDS.includes(kind as (typeof FAULT_KINDS)[number])) {
      invalid(
        'data.plant',
        `an object whose keys are fault kinds (${FAULT_KINDS.join(', ')})`,
        kind,
      );
    }
    const { fraction, count } = (amount ?? {}) as { fraction?: unknown; count?: unknown };
    const ok =
      (typeof fraction === 'number' && fraction >= 0 && fraction <= 1 && count === undefined) ||
      (Number.isInteger(count) && (count as number) >= 0 && fraction === undefined);
    if (!ok) invalid(field, '{ fraction } in [0, 1] or { count }, a whole number ≥ 0', amount);
  }
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
  const seed = input.training?.seed ?? DEFAULT_SEED;
  const training: TrainingConfig = {
    ...DEFAULT_TRAINING,
    seed,
    ...input.training,
    probe: resolveProbe(input.training?.probe),
    audit: { ...DEFAULT_AUDIT },
  };
  positiveInteger('training.epochs', training.epochs);
  positiveInteger('training.batchSize', training.batchSize);
  training.audit = resolveAudit(input.training?.audit, training.batchSize);
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
    material: DATASET_DEFAULTS.material,
    frequencyHz: DATASET_DEFAULTS.frequencyHz,
    size: [...DATASET_DEFAULTS.size],
    seed,
    validationFraction: 0.1,
    perAngle: 9,
    difficulty: DEFAULT_SYNTHETIC_DIFFICULTY,
    nuisance: {},
    resample: false,
    windowStartS: 0,
    plant: null,
    ...input.data,
  };
  if (typeof data.source !== 'string' || data.source === '') {
    invalid('data.source', "'synthetic', a folder or a manifest .csv", data.source);
  }
  const sizeProblem = inputShapeProblem(data.size);
  if (sizeProblem) invalid('data.size', sizeProblem.replace(/^expected /, ''), data.size);
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
  checkPlant(data.plant);

  const model: ModelConfig = {
    depth: RANKER_DEFAULTS.depth,
    widthMultiplier: RANKER_DEFAULTS.widthMultiplier,
    ...input.model,
  };
  if (![10, 18, 34].includes(model.depth)) invalid('model.depth', '10, 18 or 34', model.depth);
  if (!(model.widthMultiplier > 0)) {
    invalid('model.widthMultiplier', 'a number > 0', model.widthMultiplier);
  }

  const backend = input.backend ?? DEFAULT_BACKEND;
  if (!BACKEND_NAMES.includes(backend)) {
    invalid('backend', `one of ${BACKEND_NAMES.join(', ')}`, backend);
  }

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
