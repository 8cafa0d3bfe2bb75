import { basename, dirname } from 'node:path';
import { type Language, renderReport } from '@ranker/report';
import { resumeRun, type StoredRunConfig, startRun, type Trainer } from '@ranker/trainer';
import { GradientAnalysis, type ProbeRecord, probeFile } from './analysis.js';
import type { RunCommand } from './control.js';
import type { RunOptions } from './options.js';
import type { RunEvent } from './protocol.js';

export type Emit = (event: RunEvent) => void;
export type CommandSource = (listener: (command: RunCommand) => void) => () => void;

/** Epochs after which the probe runs: every `every`-th epoch up to `epochs`. */
export function probeEpochs(epochs: number, every: number): number[] {
  return Array.from({ length: Math.floor(epochs / every) }, (_, i) => (i + 1) * every);
}

async function openTrainer(options: RunOptions): Promise<Trainer> {
  if (options.resume !== null) return resumeRun(options.resume);
  return startRun({
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
    },
    backend: options.backend,
  });
}

/**
 * The whole experiment: trainer (data + model) → gradient analysis at every probe → probe
 * records in the run directory → report at the end (also after a stop, as a partial report).
 * Reports progress through `emit` and obeys pause/resume/stop/report commands.
 */
export async function runExperiment(
  options: RunOptions,
  emit: Emit,
  commands: CommandSource,
): Promise<void> {
  let trainer: Trainer;
  try {
    emit({ type: 'log', line: 'loading data and building the model…' });
    trainer = await openTrainer(options);
  } catch (error) {
    const { code = 'START_FAILED', message } = error as Error & { code?: string };
    emit({ type: 'fatal', code, message });
    emit({ type: 'runEnd', status: 'failed', epochsCompleted: 0, error: message });
    return;
  }
  const directory = trainer.directory;
  const stored = await directory.readJson<StoredRunConfig>('config.json');
  const { lastCompletedEpoch } = await directory.readState();
  const { training, data } = trainer.config;
  emit({
    type: 'started',
    runId: trainer.config.runId,
    runDir: directory.path,
    backend: stored.backendUsed.name,
    backendReason: stored.backendUsed.reason,
    dataset: stored.dataDescription,
    trainSamples: stored.split.train.length,
    validationSamples: stored.split.validation.length,
    batchesPerEpoch: Math.ceil(stored.split.train.length / training.batchSize),
    epochs: training.epochs,
    startEpoch: lastCompletedEpoch + 1,
    probeEpochs: training.analysisEpochs,
  });

  // A resumed run shows the probes it already has (the report reads them from disk too).
  for (const epoch of training.analysisEpochs.filter((e) => e <= lastCompletedEpoch)) {
    const file = probeFile(epoch);
    if (!(await directory.exists(file))) continue;
    const record = await directory.readJson<ProbeRecord>(file);
    emit({ type: 'probeAnalysis', epoch, analysis: record.probe, training: record.training, file });
  }

  const analysis = new GradientAnalysis(data.seed);
  let lastStep = 0;
  let writes = Promise.resolve(); // probe records in flight: the report must see them
  let reports = Promise.resolve();
  const report = (partial: boolean) => {
    reports = Promise.all([reports, writes]).then(async () => {
      try {
        const result = await renderReport(directory.path, { lang: options.lang as Language });
        const isPartial = partial || probesMissing || result.partial;
        emit({ type: 'report', path: result.reportPath, partial: isPartial });
        for (const problem of result.problemMessages)
          emit({ type: 'log', line: `report: ${problem}` });
      } catch (error) {
        emit({ type: 'log', line: `report failed: ${(error as Error).message}` });
      }
    });
    return reports;
  };

  // Checkpoint fallback, stale lock, dead run, leftovers, missing probe records: shown as they are.
  trainer.on('notice', (n) => emit({ type: 'log', line: n.message }));
  const probesMissing = trainer.probeProblems.length > 0;

  trainer.on('batchEnd', (e) => {
    lastStep = e.step;
    analysis.batchEnd(e);
    const { epoch, step, batchIndex, loss, gradientNormSquared } = e;
    emit({ type: 'batchEnd', epoch, step, batchIndex, loss, gradientNormSquared });
  });
  trainer.on('probeStart', (e) => {
    analysis.probeStart(e);
    emit({ type: 'probeStart', epoch: e.epoch, batches: e.batches });
  });
  trainer.on('probe', (e) => {
    analysis.probe(e);
    emit({ type: 'probeBatch', epoch: e.epoch, batchIndex: e.batchIndex });
  });
  trainer.on('probeEnd', ({ epoch }) => {
    const record = analysis.probeEnd(epoch);
    const file = probeFile(epoch);
    // The record is written before epochEnd's checkpoint, so a finished epoch always has its probe.
    writes = writes
      .then(() => directory.writeJson(file, record))
      .then(
        () =>
          emit({
            type: 'probeAnalysis',
            epoch,
            analysis: record.probe,
            training: record.training,
            file,
          }),
        (error: Error) => emit({ type: 'log', line: `could not write ${file}: ${error.message}` }),
      );
  });
  trainer.on('epochEnd', (e) => {
    const { trainMs, validationMs, probeMs } = e.timings;
    emit({
      type: 'epochEnd',
      epoch: e.epoch,
      trainLoss: e.train.loss,
      validationLoss: e.validation.loss,
      pairwiseAccuracy: e.validation.pairwiseAccuracy,
      spearman: e.validation.spearman,
      seconds: (trainMs + validationMs + probeMs) / 1000,
    });
  });

  const unsubscribe = commands((command) => {
    if (command === 'pause') {
      trainer.pause();
      emit({ type: 'paused', step: lastStep });
    } else if (command === 'resume') {
      trainer.resume();
      emit({ type: 'resumed', step: lastStep });
    } else if (command === 'stop') {
      trainer.requestStop();
    } else {
      void report(true);
    }
  });

  let status: 'completed' | 'interrupted' | 'failed';
  let epochsCompleted: number;
  let failure: string | undefined;
  try {
    const summary = await trainer.run();
    status = summary.status === 'completed' ? 'completed' : 'interrupted';
    epochsCompleted = summary.epochsCompleted;
  } catch (error) {
    status = 'failed';
    failure = (error as Error).message;
    epochsCompleted = (await directory.readState()).lastCompletedEpoch;
  } finally {
    unsubscribe();
  }
  await report(status !== 'completed');
  emit({ type: 'runEnd', status, epochsCompleted, error: failure });
}
