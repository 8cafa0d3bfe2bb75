import { basename, dirname } from 'node:path';
import { loadNewestCheckpoint, pruneCheckpoints } from './checkpoints.js';
import type { BuiltModel, SplitData, TrainerComponents } from './components.js';
import { DEFAULT_PROBE, type RunConfig, type RunConfigInput, resolveRunConfig } from './config.js';
import { TrainerError } from './errors.js';
import type { TrainerNotice } from './events.js';
import type { TrainableModel } from './model-port.js';
import { countValidPairs } from './probe-plan.js';
import { machineDescription, runtimeVersions } from './provenance.js';
import { RunDirectory, type RunState } from './run-directory.js';
import { RunLock, type RunLockHolder, staleLockMessage } from './run-lock.js';
import { Trainer } from './trainer.js';

/** config.json: the resolved config plus provenance (docs/architecture.md, run directory). */
export interface StoredRunConfig extends Omit<RunConfig, 'outDir'> {
  createdAt: string;
  backend: RunConfig['backend'];
  /** The backend the model actually ran on, and why it was chosen. */
  backendUsed: BuiltModel['backend'];
  versions: Record<string, string>;
  machine: Record<string, string | number>;
  /** Sample ids of the split, so a resume can check it trains on the same data. */
  split: { train: string[]; validation: string[] };
  dataDescription: string;
}

async function withDefaults(partial: Partial<TrainerComponents>): Promise<TrainerComponents> {
  if (partial.createModel && partial.loadData && partial.samplePairs) {
    return partial as TrainerComponents;
  }
  // Loaded only when needed: tests with their own model never load tfjs.
  const { defaultComponents } = await import('./default-components.js');
  return { ...defaultComponents, ...partial };
}

/** Checks that the data can train the configured model; names the offending sample. */
function checkData(data: SplitData, config: RunConfig): void {
  const [height, width] = config.data.size;
  if (data.train.length < 2) {
    throw new TrainerError(
      'INVALID_DATASET',
      `training split has ${data.train.length} samples, need ≥ 2`,
    );
  }
  if (data.validation.length < 2) {
    throw new TrainerError(
      'INVALID_DATASET',
      `validation split has ${data.validation.length} samples, need ≥ 2 (raise data.validationFraction or add samples)`,
    );
  }
  const { batchSize, analysisEpochs } = config.training;
  const validPairs = countValidPairs(data.train.map((s) => s.angleDeg));
  if (analysisEpochs.length > 0 && validPairs < batchSize) {
    throw new TrainerError(
      'INVALID_DATASET',
      `training split has ${validPairs} distinct pairs of different angles, fewer than training.batchSize ${batchSize}: a gradient probe needs at least one full batch (lower the batch size, add samples, or set training.analysisEpochs to [])`,
    );
  }
  for (const sample of [...data.train, ...data.validation]) {
    const [h, w] = sample.spectrogram.shape;
    if (h !== height || w !== width || sample.spectrogram.data.length !== h * w) {
      throw new TrainerError(
        'INVALID_DATASET',
        `sample ${sample.id}: spectrogram shape [${h}, ${w}] (${sample.spectrogram.data.length} values), expected data.size [${height}, ${width}]`,
      );
    }
  }
}

/** Notices for what taking the lock found: a stale lock taken over, leftovers removed. */
async function takeOver(
  directory: RunDirectory,
  stale: RunLockHolder | null,
): Promise<TrainerNotice[]> {
  const notices: TrainerNotice[] = [];
  if (stale) {
    notices.push({ kind: 'lock-taken-over', message: staleLockMessage(directory.path, stale) });
  }
  const leftovers = await directory.removeLeftovers();
  if (leftovers.length > 0) {
    notices.push({
      kind: 'leftovers-removed',
      message: `removed what an earlier process left in ${directory.path}: ${leftovers.join(', ')}`,
    });
  }
  return notices;
}

/**
 * Starts a new run in `<outDir>/<runId>` (a folder left by a start killed before it wrote
 * config.json is used again). The config is checked and the output folder tested before
 * anything is written; the run's lock is taken; if loading data or building the model then
 * fails, the new run directory is removed again.
 */
export async function startRun(
  input: RunConfigInput,
  components: Partial<TrainerComponents> = {},
): Promise<Trainer> {
  const config = resolveRunConfig(input);
  const parts = await withDefaults(components);
  const directory = await RunDirectory.create(config.outDir, config.runId);
  const { lock, stale } = await RunLock.acquire(directory.path);
  if (await directory.exists('config.json')) {
    // Another process started this run between our check and our lock.
    await lock.release();
    throw new TrainerError(
      'RUN_EXISTS',
      `run directory ${directory.path} already exists: choose another runId or resume it`,
    );
  }
  let built: BuiltModel | undefined;
  try {
    const notices = await takeOver(directory, stale);
    const data = await parts.loadData(config);
    checkData(data, config);
    built = await parts.createModel(config);
    const { outDir: _, ...rest } = config;
    const stored: StoredRunConfig = {
      ...rest,
      createdAt: new Date().toISOString(),
      backendUsed: built.backend,
      versions: runtimeVersions(),
      machine: machineDescription(),
      split: { train: data.train.map((s) => s.id), validation: data.validation.map((s) => s.id) },
      dataDescription: data.description,
    };
    await directory.writeJson('config.json', stored);
    await directory.writeState('running', 0);
    return new Trainer(config, directory, built.model, data, parts, 0, {
      lock,
      notices,
    }).recordBackend(built.backend);
  } catch (error) {
    built?.model.dispose();
    await directory.discard();
    throw error;
  }
}

function sameSplit(recorded: StoredRunConfig['split'], data: SplitData): boolean {
  const same = (ids: string[], samples: { id: string }[]) =>
    ids.length === samples.length && ids.every((id, i) => id === samples[i].id);
  return same(recorded.train, data.train) && same(recorded.validation, data.validation);
}

/** Stands in for the model of a completed run: `run()` trains nothing, so none is built. */
const completedRunModel: TrainableModel = {
  parameterLayout: [],
  parameterCount: 0,
  backend: 'none (run completed)',
  trainStep: refuseCompleted,
  probeGradient: refuseCompleted,
  score: refuseCompleted,
  save: async () => refuseCompleted(),
  load: async () => refuseCompleted(),
  dispose: () => {},
};

function refuseCompleted(): never {
  throw new TrainerError('TRAINING_FAILED', 'the run has completed: its model was not rebuilt');
}

/** state.json, or — for a start stopped between writing config.json and state.json — epoch 0. */
async function readStateOf(directory: RunDirectory, notices: TrainerNotice[]): Promise<RunState> {
  if (await directory.exists('state.json')) {
    const state = await directory.readState();
    if (state.status === 'running') {
      notices.push({
        kind: 'dead-run',
        message: `${directory.resolve('state.json')} says 'running' (updated ${state.updatedAt}) but no process holds the run: it ended without recording why (killed, crashed, or a failed write); resuming after epoch ${state.lastCompletedEpoch}`,
      });
    }
    return state;
  }
  notices.push({
    kind: 'dead-run',
    message: `${directory.resolve('state.json')} is missing: the run was stopped right after writing config.json; resuming from epoch 1`,
  });
  return { status: 'running', lastCompletedEpoch: 0, updatedAt: '' };
}

/**
 * Continues a run from its last checkpoint, holding the run's lock (`RUN_LOCKED` while
 * another process holds it). A checkpoint that does not load falls back to the previous one
 * (a `checkpoint-fallback` notice). Metrics lines after the epoch loaded (and a torn last line)
 * are dropped, so the resumed run appends exactly what an uninterrupted run would have
 * written. A completed run resolves a Trainer whose `run()` returns 'completed' at once, so
 * the consumer can render a missing or partial report. Probe records of completed analysis
 * epochs are checked (`trainer.probeProblems`).
 */
export async function resumeRun(
  runDir: string,
  components: Partial<TrainerComponents> = {},
): Promise<Trainer> {
  const directory = await RunDirectory.open(runDir);
  const { lock, stale } = await RunLock.acquire(directory.path);
  try {
    return await reopen(directory, lock, stale, components);
  } catch (error) {
    await lock.release();
    throw error;
  }
}

async function reopen(
  directory: RunDirectory,
  lock: RunLock,
  stale: RunLockHolder | null,
  components: Partial<TrainerComponents>,
): Promise<Trainer> {
  const stored = await directory.readJson<StoredRunConfig>('config.json');
  let config: RunConfig;
  try {
    // The folder's own name and place win: a run directory may have been moved or renamed.
    config = resolveRunConfig({
      ...stored,
      runId: basename(directory.path),
      outDir: dirname(directory.path),
    });
  } catch (error) {
    throw new TrainerError(
      'RUN_CORRUPT',
      `${directory.resolve('config.json')}: ${(error as Error).message}`,
      { cause: error },
    );
  }
  const notices = await takeOver(directory, stale);
  const state = await readStateOf(directory, notices);
  const { epochs } = config.training;
  const parts = await withDefaults(components);

  if (state.status === 'completed') {
    if (state.lastCompletedEpoch !== epochs) {
      throw new TrainerError(
        'RUN_CORRUPT',
        `${directory.resolve('state.json')} says completed after epoch ${state.lastCompletedEpoch}, but the run has ${epochs} epochs`,
      );
    }
    const data: SplitData = { train: [], validation: [], description: stored.dataDescription };
    return new Trainer(config, directory, completedRunModel, data, parts, epochs, {
      lock,
      notices,
      // Nothing is loaded for a completed run: its split sizes and backend come from config.json.
      split: stored.split && {
        train: stored.split.train.length,
        validation: stored.split.validation.length,
      },
    }).recordBackend(stored.backendUsed);
  }

  const { records } = await directory.readMetrics();
  const data = await parts.loadData(config);
  checkData(data, config);
  if (stored.split && !sameSplit(stored.split, data)) {
    throw new TrainerError(
      'RUN_CORRUPT',
      `the data loaded for ${directory.path} differs from the split recorded in config.json`,
    );
  }
  // Same sample ids can still be different data: a synthetic generator retuned between versions.
  if (stored.dataDescription !== undefined && stored.dataDescription !== data.description) {
    throw new TrainerError(
      'RUN_CORRUPT',
      `the data loaded for ${directory.path} is "${data.description}" but config.json recorded "${stored.dataDescription}": resuming would continue on different data; start a new run`,
    );
  }
  const loaded = await loadNewestCheckpoint(
    directory,
    () => parts.createModel(config),
    state.lastCompletedEpoch,
  );
  const epoch = loaded.epoch;
  if (loaded.notice) notices.push(loaded.notice);
  // config.json from before probes drew from all pairs has no training.probe.
  if (stored.training?.probe === undefined) {
    notices.push({
      kind: 'probe-defaults',
      message: `config.json has no training.probe (written by an older version): probes of the resumed epochs use the defaults ${JSON.stringify(DEFAULT_PROBE)}`,
    });
  }
  try {
    // Only now, with everything loadable, touch the files.
    await directory.rewriteMetrics(records.filter((r) => r.epoch <= epoch));
    await pruneCheckpoints(directory, epoch);
    return new Trainer(config, directory, loaded.built.model, data, parts, epoch, {
      lock,
      notices,
    }).recordBackend(loaded.built.backend);
  } catch (error) {
    loaded.built.model.dispose();
    throw error;
  }
}
