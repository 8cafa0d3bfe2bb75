import { basename, dirname } from 'node:path';
import type { BuiltModel, SplitData, TrainerComponents } from './components.js';
import { type RunConfig, type RunConfigInput, resolveRunConfig } from './config.js';
import { TrainerError } from './errors.js';
import { machineDescription, runtimeVersions } from './provenance.js';
import { RunDirectory } from './run-directory.js';
import { checkpointPath, removeCheckpointsExcept, Trainer } from './trainer.js';

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

/**
 * Starts a new run in `<outDir>/<runId>`. The config is checked and the output folder tested
 * before anything is written; if loading data or building the model then fails, the new run
 * directory is removed again.
 */
export async function startRun(
  input: RunConfigInput,
  components: Partial<TrainerComponents> = {},
): Promise<Trainer> {
  const config = resolveRunConfig(input);
  const parts = await withDefaults(components);
  const directory = await RunDirectory.create(config.outDir, config.runId);
  let built: BuiltModel | undefined;
  try {
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
    return new Trainer(config, directory, built.model, data, parts, 0).recordBackend(built.backend);
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

/**
 * Continues a run from its last checkpoint. Metrics lines after the last completed epoch
 * (and a torn last line) are dropped, so the resumed run appends exactly what an
 * uninterrupted run would have written.
 */
export async function resumeRun(
  runDir: string,
  components: Partial<TrainerComponents> = {},
): Promise<Trainer> {
  const directory = await RunDirectory.open(runDir);
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
  const state = await directory.readState();
  if (state.status === 'completed') {
    throw new TrainerError(
      'RUN_ALREADY_COMPLETED',
      `run ${directory.path} has already completed all ${state.lastCompletedEpoch} epochs`,
    );
  }
  const epoch = state.lastCompletedEpoch;
  if (epoch > 0 && !(await directory.exists(checkpointPath(epoch)))) {
    throw new TrainerError(
      'RUN_CORRUPT',
      `${directory.resolve(checkpointPath(epoch))} is missing but state.json says epoch ${epoch} completed`,
    );
  }
  const { records } = await directory.readMetrics();

  const parts = await withDefaults(components);
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
  const built = await parts.createModel(config);
  try {
    if (epoch > 0) await built.model.load(directory.resolve(checkpointPath(epoch)));
  } catch (error) {
    built.model.dispose();
    throw new TrainerError(
      'RUN_CORRUPT',
      `cannot load checkpoint ${directory.resolve(checkpointPath(epoch))}: ${(error as Error).message}`,
      { cause: error },
    );
  }
  // Only now, with everything loadable, touch the files.
  await directory.rewriteMetrics(records.filter((r) => r.epoch <= epoch));
  await removeCheckpointsExcept(directory, epoch);
  return new Trainer(config, directory, built.model, data, parts, epoch).recordBackend(
    built.backend,
  );
}
