import {
  type Language,
  type ProbeRecord,
  probeFile,
  readRunDirectory,
  renderReport,
} from '@ranker/report';
import { type RunConfigInput, resumeRun, startRun, type Trainer } from '@ranker/trainer';
import { AUDIT_FILE, DataAudit, PLANTED_FILE } from './data-audit.js';
import type { ExperimentCommand, ExperimentEvent } from './events.js';
import { GradientAnalysis } from './gradient-analysis.js';
import { type EpochSummary, type RunSummary, workDone } from './run-summary.js';
import { noTimings, type RunTimings, timed } from './run-timings.js';

/** How often (in probe batches) a --probe-until probe checks its precision. */
export const PRECISION_CHECK_EVERY = 4;

/** A new run (the trainer's config input) or the directory of one to continue. */
export type ExperimentSource = { start: RunConfigInput } | { resume: string };

export interface ExperimentOptions {
  /** Report language (default 'en'). */
  lang?: Language;
}

/** How `run()` ended; `summary` is null when the run never opened (bad data, bad folder). */
export interface ExperimentResult {
  status: 'completed' | 'interrupted' | 'failed';
  epochsCompleted: number;
  error?: string;
  summary: RunSummary | null;
  /** Where this process's wall time went. */
  timings: RunTimings;
}

type Listener = (event: ExperimentEvent) => void;

/**
 * One experiment, composed once: the trainer (data + model) → gradient analysis at every probe
 * → probe records in the run directory → the report at the end (also after a stop, as a partial
 * report). Subscribers (the terminal, a sweep worker) get typed events and may send commands;
 * they compute nothing of their own. A run resumed after it completed trains nothing and only
 * renders its report again.
 */
export class Experiment {
  private readonly listeners = new Set<Listener>();
  private trainer: Trainer | null = null;
  private stopBeforeOpen = false;
  private lastStep = 0;
  private writes = Promise.resolve(); // probe records in flight: the report must see them
  private reports = Promise.resolve();
  private readonly timings = noTimings();
  private audit: DataAudit | null = null;

  constructor(
    private readonly source: ExperimentSource,
    private readonly options: ExperimentOptions = {},
  ) {}

  /** Adds a listener; returns the function that removes it. Listeners must not throw. */
  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Obeyed at the next batch boundary; 'stop' before the run opened ends it before epoch 1. */
  command(command: ExperimentCommand): void {
    const trainer = this.trainer;
    if (command === 'stop') {
      this.stopBeforeOpen = true;
      trainer?.requestStop();
    } else if (command === 'report') {
      if (trainer) void this.report(trainer, true);
    } else if (trainer && command === 'pause') {
      trainer.pause();
      this.emit({ type: 'paused', step: this.lastStep });
    } else if (trainer && command === 'resume') {
      trainer.resume();
      this.emit({ type: 'resumed', step: this.lastStep });
    }
  }

  /** Runs the experiment once; never rejects (a failure is a 'fatal' event and the result). */
  async run(): Promise<ExperimentResult> {
    let trainer: Trainer;
    try {
      this.emit({ type: 'log', line: 'loading data and building the model…' });
      const openStart = performance.now();
      trainer =
        'resume' in this.source
          ? await resumeRun(this.source.resume)
          : await startRun(withAudit(this.source.start));
      this.timings.openMs = performance.now() - openStart;
    } catch (error) {
      const { code = 'START_FAILED', message } = error as Error & { code?: string };
      const timings = this.timings;
      this.emit({ type: 'fatal', code, message });
      this.emit({ type: 'runEnd', status: 'failed', epochsCompleted: 0, error: message, timings });
      return { status: 'failed', epochsCompleted: 0, error: message, summary: null, timings };
    }
    this.trainer = trainer;
    if (this.stopBeforeOpen) trainer.requestStop();
    const record = this.announce(trainer);
    this.subscribeTrainer(trainer, record);
    this.subscribeAudit(trainer);

    let status: ExperimentResult['status'];
    let failure: string | undefined;
    try {
      // The final report is rendered under the run's lock: no other process (a --resume)
      // writes the run directory while the report reads it.
      const summary = await trainer.run((outcome) =>
        this.report(trainer, outcome !== 'completed', 'reportMs'),
      );
      status = summary.status === 'completed' ? 'completed' : 'interrupted';
    } catch (error) {
      status = 'failed';
      failure = (error as Error).message;
    }
    const epochsCompleted = trainer.epochsCompleted;
    const timings = this.timings;
    this.emit({ type: 'runEnd', status, epochsCompleted, error: failure, timings });
    const summary: RunSummary = { ...record.summary, status };
    return { status, epochsCompleted, error: failure, summary, timings };
  }

  private emit(event: ExperimentEvent): void {
    for (const listener of this.listeners) listener(event);
  }

  /**
   * The 'started' event, and what earlier processes left: a resumed run shows the epochs and
   * probes it already has (read once, here; this process's own are collected from events).
   */
  private announce(trainer: Trainer): { summary: RunSummary } {
    const { training } = trainer.config;
    const { backend, dataDescription, split, dataWarnings } = trainer.facts;
    const done = trainer.epochsCompleted;
    this.emit({
      type: 'started',
      runId: trainer.config.runId,
      runDir: trainer.directory.path,
      backend: backend.name,
      backendReason: backend.reason,
      dataset: dataDescription,
      trainSamples: split.train,
      validationSamples: split.validation,
      batchesPerEpoch: Math.ceil(split.train / training.batchSize),
      epochs: training.epochs,
      startEpoch: done + 1,
      probeEpochs: training.analysisEpochs,
    });
    for (const line of dataWarnings) this.emit({ type: 'log', line });
    const summary: RunSummary = {
      runId: trainer.config.runId,
      runDir: trainer.directory.path,
      status: 'interrupted',
      batchSize: training.batchSize,
      trainPairsPerEpoch: split.train,
      epochs: [],
      probes: [],
    };
    if (done === 0) return { summary };
    const earlier = readRunDirectory(trainer.directory.path);
    for (const problem of earlier.problems) {
      this.emit({ type: 'log', line: `earlier epochs: ${problem.file}: ${problem.kind}` });
    }
    for (const e of earlier.epochs) {
      if (e.epoch > done || e.validationLoss === null || e.pairwiseAccuracy === null) continue;
      summary.epochs.push({
        epoch: e.epoch,
        ...workDone(e.epoch, split.train, training.batchSize),
        trainLoss: e.trainLoss,
        validationLoss: e.validationLoss,
        pairwiseAccuracy: e.pairwiseAccuracy,
        spearman: e.spearman,
      });
    }
    for (const probe of earlier.probes.filter((p) => p.epoch <= done)) {
      summary.probes.push(probe);
      this.emitProbe(probe);
    }
    return { summary };
  }

  private emitProbe(record: ProbeRecord): void {
    const { epoch, probe, training } = record;
    this.emit({ type: 'probeAnalysis', epoch, analysis: probe, training, file: probeFile(epoch) });
  }

  private subscribeTrainer(trainer: Trainer, { summary }: { summary: RunSummary }): void {
    const { batchSize, probe } = trainer.config.training;
    const analysis = new GradientAnalysis(
      trainer.config.data.seed,
      trainer.config.training.analysisEpochs,
      trainer.facts.split.train,
    );
    // --probe-until: the probe stops once B_simple's interval is as narrow as asked, checked every
    // PRECISION_CHECK_EVERY batches: one check costs a 400-resample bootstrap (≈ 85 ms at 192
    // batches), asked after every batch it took ~30 s of the default seed run.
    const until = probe.until;
    if (until !== null) {
      trainer.setProbeStopRule((_epoch, batchesDone) => {
        if (batchesDone % PRECISION_CHECK_EVERY !== 0) return false;
        const precision = timed(this.timings, 'analysisMs', () => analysis.probePrecision());
        return precision !== null && precision <= until;
      });
    }
    // Checkpoint fallback, stale lock, dead run, leftovers, defaults filled in: shown as they are.
    trainer.on('notice', (n) => this.emit({ type: 'log', line: n.message }));
    trainer.on('batchEnd', (e) => {
      this.lastStep = e.step;
      timed(this.timings, 'analysisMs', () => analysis.batchEnd(e));
      const { epoch, step, batchIndex, loss, gradientNormSquared } = e;
      this.emit({ type: 'batchEnd', epoch, step, batchIndex, loss, gradientNormSquared });
    });
    trainer.on('probeStart', (e) => {
      timed(this.timings, 'analysisMs', () => analysis.probeStart(e));
      this.emit({ type: 'probeStart', epoch: e.epoch, batches: e.batches });
      if (e.note !== null) this.emit({ type: 'log', line: `probe at epoch ${e.epoch}: ${e.note}` });
    });
    trainer.on('probe', (e) => {
      timed(this.timings, 'analysisMs', () => analysis.probe(e));
      this.emit({ type: 'probeBatch', epoch: e.epoch, batchIndex: e.batchIndex });
    });
    trainer.on('probeEnd', ({ epoch }) => {
      const record = timed(this.timings, 'analysisMs', () => analysis.probeEnd(epoch));
      const file = probeFile(epoch);
      // Written before epochEnd's checkpoint, so a finished epoch always has its probe.
      this.writes = this.writes
        .then(() => trainer.directory.writeJson(file, record))
        .then(
          () => {
            summary.probes.push(record);
            this.emitProbe(record);
          },
          (error: Error) =>
            this.emit({ type: 'log', line: `could not write ${file}: ${error.message}` }),
        );
    });
    trainer.on('epochEnd', (e) => {
      const { trainMs, validationMs, probeMs, checkpointMs } = e.timings;
      this.timings.trainMs += trainMs;
      this.timings.validationMs += validationMs;
      this.timings.probeMs += probeMs;
      this.timings.checkpointMs += checkpointMs;
      const { loss: validationLoss, pairwiseAccuracy, spearman } = e.validation;
      const epoch: EpochSummary = {
        epoch: e.epoch,
        ...workDone(e.epoch, summary.trainPairsPerEpoch, batchSize),
        trainLoss: e.train.loss,
        validationLoss,
        pairwiseAccuracy,
        spearman: Number.isFinite(spearman) ? spearman : null,
      };
      summary.epochs.push(epoch);
      this.emit({
        type: 'epochEnd',
        epoch: e.epoch,
        trainLoss: e.train.loss,
        validationLoss,
        pairwiseAccuracy,
        spearman,
        seconds: (trainMs + validationMs + probeMs) / 1000,
      });
    });
  }

  /**
   * The data audit (training.audit on): `planted.json` once, gradients to the collector, each
   * epoch's scores to `audit/scores.jsonl` before that epoch's checkpoint.
   */
  private subscribeAudit(trainer: Trainer): void {
    if (!trainer.config.training.audit.enabled) return;
    const audit = new DataAudit(trainer.directory.path, trainer.config.data, trainer.planted);
    this.audit = audit;
    const write = (file: string, action: () => Promise<void>) => {
      this.writes = this.writes
        .then(action)
        .catch((error: Error) =>
          this.emit({ type: 'log', line: `could not write ${file}: ${error.message}` }),
        );
    };
    const planted = trainer.planted;
    if (planted !== null)
      write(PLANTED_FILE, () => trainer.directory.writeJson(PLANTED_FILE, planted));
    trainer.on('auditRecording', (e) => audit.recording(e));
    trainer.on('auditScores', (e) => {
      this.timings.auditMs += e.auditMs;
      write('audit/scores.jsonl', () => audit.scores(e));
    });
    // audit.json after every epoch, so the dashboard lists recordings while the run goes on.
    trainer.on('epochEnd', () => {
      this.writes = this.writes.then(() => this.writeAudit(trainer, false));
    });
  }

  /**
   * audit.json from the epochs scored so far (after each epoch and before each report, so a
   * partial report has it), then an 'audit' event; `announce` adds the flag count as a log line.
   */
  private async writeAudit(trainer: Trainer, announce: boolean): Promise<void> {
    if (!this.audit) return;
    const log = (line: string) => this.emit({ type: 'log', line: `data audit: ${line}` });
    try {
      const record = await this.audit.record(trainer.epochsCompleted, log);
      if (record === null) return;
      await trainer.directory.writeJson(AUDIT_FILE, record);
      const flagged = record.recordings.filter((r) => r.flagged).length;
      if (announce) {
        log(
          `${flagged} of ${record.recordings.length} training recordings flagged (${AUDIT_FILE})`,
        );
      }
      this.emit({
        type: 'audit',
        file: AUDIT_FILE,
        recordings: record.recordings
          .slice(0, 20)
          .map(({ id, source, score, rank, flagged: f }) => ({
            id,
            source,
            score,
            rank,
            flagged: f,
          })),
        audited: record.recordings.length,
        flagged,
      });
    } catch (error) {
      log(`could not write ${AUDIT_FILE}: ${(error as Error).message}`);
    }
  }

  /**
   * Renders the report once the probe records in flight are written; reports queue up. `timing`:
   * the part its render time (audit.json's included) counts to (the final report's; not one
   * asked for mid-run).
   */
  private report(trainer: Trainer, partial: boolean, timing?: 'reportMs'): Promise<void> {
    this.reports = Promise.all([this.reports, this.writes]).then(async () => {
      const start = performance.now();
      await this.writeAudit(trainer, true);
      try {
        const result = await renderReport(trainer.directory.path, { lang: this.options.lang });
        if (timing) this.timings[timing] += performance.now() - start;
        this.emit({ type: 'report', path: result.reportPath, partial: partial || result.partial });
        for (const problem of result.problemMessages) {
          this.emit({ type: 'log', line: `report: ${problem}` });
        }
      } catch (error) {
        this.emit({ type: 'log', line: `report failed: ${(error as Error).message}` });
      }
    });
    return this.reports;
  }
}

/** `--plant` without ground truth to score is pointless: planted faults turn the audit on. */
function withAudit(input: RunConfigInput): RunConfigInput {
  if (!input.data?.plant) return input;
  const training = input.training ?? {};
  return { ...input, training: { ...training, audit: { ...training.audit, enabled: true } } };
}
