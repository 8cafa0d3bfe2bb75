import { auditSeed, planAuditPartners, recordingGradient } from './audit-probe.js';
import { CheckpointSaver } from './checkpoint-saver.js';
import type { PlantedFault, SplitData, TrainerComponents } from './components.js';
import type { RunConfig } from './config.js';
import { planEpoch, toPairBatch, toPairRefs } from './epoch-plan.js';
import { TrainerError } from './errors.js';
import {
  type Listener,
  TrainerEmitter,
  type TrainerEventName,
  type TrainerEvents,
  type TrainerNotice,
} from './events.js';
import type { EpochMetric } from './metrics-record.js';
import type { TrainableModel } from './model-port.js';
import {
  ProbePairDrawer,
  type ProbeStopReason,
  type ProbeStopRule,
  planProbe,
  probeSeed,
} from './probe-plan.js';
import type { RunDirectory, RunStatus } from './run-directory.js';
import type { RunLock } from './run-lock.js';
import { scoreSamples } from './score-samples.js';
import { evaluateValidation } from './validation.js';

/** What `run()` resolves with. */
export interface RunSummary {
  status: Exclude<RunStatus, 'running'>;
  epochsCompleted: number;
  /** Absolute path of the run directory. */
  runDir: string;
  /** The metrics line of the last epoch completed by this `run()` call, or null. */
  lastEpoch: EpochMetric | null;
}

/** What a caller shows about an opened run, so that nobody re-reads config.json / state.json. */
export interface RunFacts {
  /** The backend this process's model runs on, and why it was chosen. */
  backend: { name: string; reason: string };
  /** Human-readable provenance of the data (the dsp dataset's description). */
  dataDescription: string;
  /** Samples in each split (an epoch trains on `train` pairs, see docs/architecture.md). */
  split: { train: number; validation: number };
  /** The data loader's warnings (e.g. recordings whose analysis window is silent), one message each. */
  dataWarnings: string[];
}

/** What opening a run found and holds, for `run()` to report and release. */
export interface RunSession {
  /** This process's lock of the run directory, released when `run()` ends. */
  lock: RunLock;
  /** Lines the consumer must show (emitted as `notice` events at the start of `run()`). */
  notices: TrainerNotice[];
  /** Split sizes when `data` holds no samples (a completed run reopened only for its report). */
  split?: RunFacts['split'];
}

function asTrainerError(error: unknown, context: string): TrainerError {
  if (error instanceof TrainerError) return error;
  return new TrainerError('TRAINING_FAILED', `${context}: ${(error as Error)?.message ?? error}`, {
    cause: error,
  });
}

const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * One run: epochs of training steps, gradient probes at analysis epochs, validation, metrics,
 * checkpoints. Built by `startRun` / `resumeRun`; subscribe with `on()` then call `run()` once.
 */
export class Trainer {
  private readonly emitter = new TrainerEmitter();
  private stopRequested = false;
  private paused = false;
  private wake: (() => void) | null = null;
  private started = false;
  private lastEpoch: EpochMetric | null = null;
  private probeStopRule: ProbeStopRule | null = null;
  private backendUsed: RunFacts['backend'] | null = null;
  private readonly checkpoints: CheckpointSaver;

  /** @internal use startRun / resumeRun */
  constructor(
    readonly config: RunConfig,
    readonly directory: RunDirectory,
    private readonly model: TrainableModel,
    private readonly data: SplitData,
    private readonly components: TrainerComponents,
    private lastCompletedEpoch: number,
    private readonly session: RunSession,
  ) {
    this.checkpoints = new CheckpointSaver(directory, model, (epoch) => {
      this.lastCompletedEpoch = epoch;
    });
  }

  /** Faults planted into the data (`data.plant`), for `planted.json`; null when none. */
  get planted(): readonly PlantedFault[] | null {
    return this.data.planted ?? null;
  }

  /**
   * Installs (or with null removes) the rule that ends a probe by precision. Asked only when
   * `training.probe.until` is set, after each probe batch from the `training.probe.batches`-th
   * (at least the `PROBE_MIN_BATCHES`-th) on;
   * the probe ends at `training.probe.maxBatches` regardless. A rule that throws fails the run
   * like a throwing listener (`LISTENER_FAILED`).
   */
  setProbeStopRule(rule: ProbeStopRule | null): void {
    this.probeStopRule = rule;
  }

  /** @internal startRun / resumeRun record the backend they built the model on. */
  recordBackend(backend: RunFacts['backend']): this {
    this.backendUsed = backend;
    return this;
  }

  get facts(): RunFacts {
    return {
      backend: this.backendUsed ?? { name: this.model.backend, reason: 'not recorded' },
      dataDescription: this.data.description,
      split: this.session.split ?? {
        train: this.data.train.length,
        validation: this.data.validation.length,
      },
      dataWarnings: this.data.warnings ?? [],
    };
  }

  /** Epochs whose metrics and checkpoint are complete (before `run()`: where it will continue). */
  get epochsCompleted(): number {
    return this.lastCompletedEpoch;
  }

  /** What opening the run found (checkpoint fallback, stale lock, leftovers…); also emitted as `notice` events by `run()`. */
  get notices(): readonly TrainerNotice[] {
    return this.session.notices;
  }

  on<K extends TrainerEventName>(event: K, listener: Listener<K>): () => void {
    return this.emitter.on(event, listener);
  }

  /** Holds the run at the next batch boundary until `resume()` (or `requestStop()`). */
  pause(): void {
    this.paused = true;
  }

  resume(): void {
    this.paused = false;
    this.wake?.();
  }

  get isPaused(): boolean {
    return this.paused;
  }

  /** Ends the run at the next batch boundary: the batch in progress finishes, status 'interrupted'. */
  requestStop(): void {
    this.stopRequested = true;
    this.wake?.();
  }

  /**
   * Trains the remaining epochs (none for a completed run: it resolves 'completed' at once).
   * Resolves with status 'completed' or 'interrupted'; rejects with a TrainerError (code
   * LISTENER_FAILED, TRAINING_FAILED, RUN_IO_FAILED or INSUFFICIENT_SPACE) after recording
   * status 'failed'. The model is disposed and the run's lock released on every way out.
   * `whileLocked`: work on the run directory after training that no other process may overlap
   * (the final report), called with the run's status on every way out, before the lock goes;
   * what it throws is passed on only when the run itself succeeded.
   */
  async run(
    whileLocked?: (status: Exclude<RunStatus, 'running'>) => Promise<void>,
  ): Promise<RunSummary> {
    if (this.started) throw new TrainerError('ALREADY_STARTED', 'run() may be called only once');
    this.started = true;
    let summary: RunSummary | null = null;
    let failure: { error: unknown } | null = null;
    try {
      summary = await this.trainAndRecord();
    } catch (error) {
      failure = { error };
    }
    try {
      await whileLocked?.(summary?.status ?? 'failed');
    } catch (error) {
      failure ??= { error }; // the run's own failure, if any, is the one to report
    } finally {
      await this.session.lock.release();
    }
    if (failure !== null) throw failure.error;
    return summary as RunSummary; // trainAndRecord returned
  }

  private async trainAndRecord(): Promise<RunSummary> {
    let failure: TrainerError | null = null;
    const { epochs } = this.config.training;
    let epoch = this.lastCompletedEpoch + 1;
    try {
      for (const notice of this.session.notices) this.emitter.emit('notice', notice);
      if (this.lastCompletedEpoch < epochs) {
        await this.checkpoints.checkSpaceBeforeTraining(this.lastCompletedEpoch);
        await this.directory.writeState('running', this.lastCompletedEpoch);
      }
      for (; epoch <= epochs; epoch++) {
        if (!(await this.runEpoch(epoch))) break;
        if (this.emitter.failure) break;
      }
      failure = this.emitter.failure;
    } catch (error) {
      failure = asTrainerError(error, `training failed in epoch ${epoch}`);
    }
    try {
      // However the run ends, the checkpoint in flight is finished and recorded first.
      await this.checkpoints.finish();
    } catch (error) {
      failure ??= asTrainerError(error, 'saving the last checkpoint failed');
    }
    try {
      await this.model.dispose();
    } catch (error) {
      failure ??= asTrainerError(error, 'disposing the model failed');
    }
    const status = failure
      ? 'failed'
      : this.lastCompletedEpoch === epochs
        ? 'completed'
        : 'interrupted';
    try {
      await this.directory.writeState(status, this.lastCompletedEpoch, failure?.message);
    } catch (error) {
      // state.json keeps 'running'; the next start sees a dead run (its lock's process is gone).
      const cause = failure ? `${failure.message}; then ` : '';
      failure = new TrainerError(
        'RUN_IO_FAILED',
        `${cause}recording status '${status}' failed: ${(error as Error).message}`,
        { cause: error },
      );
    }
    const end: TrainerEvents['runEnd'] = {
      status: failure ? 'failed' : status,
      epochsCompleted: this.lastCompletedEpoch,
    };
    if (failure) end.error = failure.message;
    this.emitter.emit('runEnd', end);
    failure ??= this.emitter.failure;
    if (failure) throw failure;
    return {
      status: end.status as Exclude<RunStatus, 'running' | 'failed'>,
      epochsCompleted: this.lastCompletedEpoch,
      runDir: this.directory.path,
      lastEpoch: this.lastEpoch,
    };
  }

  /** Waits while paused; false when the run must stop (request or failed listener). */
  private async mayContinue(): Promise<boolean> {
    await nextTurn(); // lets signal handlers and timers run between synchronous model calls
    if (this.checkpoints.failed) throw this.checkpoints.failed;
    while (this.paused && !this.stopRequested) {
      await new Promise<void>((resolve) => {
        this.wake = resolve;
      });
      this.wake = null;
    }
    return !this.stopRequested && this.emitter.failure === null;
  }

  /** One epoch; true when it completed (metrics, checkpoint and state written). */
  private async runEpoch(epoch: number): Promise<boolean> {
    const { training } = this.config;
    const { train } = this.data;
    const batches = planEpoch(
      train,
      this.components.samplePairs,
      training.seed,
      epoch,
      training.batchSize,
    );

    const trainStart = performance.now();
    let lossSum = 0;
    let pairCount = 0;
    for (let batchIndex = 0; batchIndex < batches.length; batchIndex++) {
      if (!(await this.mayContinue())) return false;
      const pairs = batches[batchIndex];
      const result = this.model.trainStep(toPairBatch(train, pairs));
      const step = (epoch - 1) * batches.length + batchIndex + 1;
      const { loss, gradientNormSquared } = result;
      await this.directory.appendMetric({
        type: 'batch',
        epoch,
        step,
        batchIndex,
        loss,
        gradientNormSquared,
      });
      this.emitter.emit('batchEnd', {
        epoch,
        step,
        batchIndex,
        batchSize: pairs.length,
        loss,
        gradientNormSquared,
        gradient: result.gradient,
        pairs: toPairRefs(train, pairs),
      });
      lossSum += loss * pairs.length;
      pairCount += pairs.length;
    }
    const trainMs = performance.now() - trainStart;

    const probeStart = performance.now();
    if (training.analysisEpochs.includes(epoch) && !(await this.probe(epoch))) return false;
    const probeMs = performance.now() - probeStart;
    if (training.audit.enabled && !(await this.audit(epoch))) return false;

    if (!(await this.mayContinue())) return false;
    const validationStart = performance.now();
    const validation = evaluateValidation(this.model, this.data.validation, training.margin);
    const validationMs = performance.now() - validationStart;

    const record: EpochMetric = {
      type: 'epoch',
      epoch,
      trainLoss: lossSum / pairCount,
      validationLoss: validation.loss,
      pairwiseAccuracy: validation.pairwiseAccuracy,
      spearman: Number.isFinite(validation.spearman) ? validation.spearman : null,
      trainMs,
      validationMs,
      probeMs,
    };
    await this.directory.appendMetric(record);
    // The training thread's share: waiting for the previous checkpoint and copying the state;
    // the last epoch has nothing to overlap its write with, so the run waits for it here.
    const checkpointStart = performance.now();
    await this.checkpoints.start(epoch);
    if (epoch === training.epochs) await this.checkpoints.finish();
    const checkpointMs = performance.now() - checkpointStart;
    this.lastEpoch = record;
    this.emitter.emit('epochEnd', {
      epoch,
      train: { loss: record.trainLoss },
      validation,
      timings: { trainMs, validationMs, probeMs, checkpointMs },
    });
    return true;
  }

  /**
   * Gradients of full batches of B distinct pairs drawn from all valid pairs of the training
   * set (own seeded stream: `probeSeed`), at the frozen end-of-epoch weights, streamed one
   * batch at a time (the model may reuse its gradient buffer, so nothing accumulates here).
   */
  private async probe(epoch: number): Promise<boolean> {
    const { train } = this.data;
    const { batchSize, probe, seed } = this.config.training;
    const drawer = new ProbePairDrawer(
      train.map((sample) => sample.angleDeg),
      probeSeed(seed, epoch),
    );
    const plan = planProbe(drawer.validPairs, batchSize, probe, this.probeStopRule !== null);
    this.emitter.emit('probeStart', {
      epoch,
      batches: plan.batches,
      requestedBatches: plan.requestedBatches,
      batchSize,
      validPairs: plan.validPairs,
      until: probe.until,
      mayStopEarly: plan.mayStopEarly,
      minBatches: plan.minBatches,
      note: plan.note,
      parameterLayout: this.model.parameterLayout,
    });
    let stopReason: ProbeStopReason | null = null;
    let done = 0;
    while (stopReason === null && done < plan.batches) {
      if (!(await this.mayContinue())) return false;
      if (probe.distinct === 'batch') drawer.restart();
      const pairs = drawer.next(batchSize);
      const result = this.model.probeGradient(toPairBatch(train, pairs));
      this.emitter.emit('probe', {
        epoch,
        batchIndex: done,
        batchSize,
        loss: result.loss,
        gradientNormSquared: result.gradientNormSquared,
        gradient: result.gradient,
        pairs: toPairRefs(train, pairs),
      });
      done++;
      if (plan.mayStopEarly && done >= plan.minBatches && this.askStopRule(epoch, done)) {
        stopReason = 'precision';
      }
    }
    const byPrecision = probe.until !== null && this.probeStopRule !== null;
    stopReason ??=
      plan.batches < plan.requestedBatches ? 'pairs exhausted' : byPrecision ? 'cap' : 'count';
    this.emitter.emit('probeEnd', { epoch, batches: done, stopReason });
    return true;
  }

  /**
   * Data audit evidence (audit-probe.ts): at analysis epochs one `auditRecording` per training
   * recording (its pairs with its fixed partners, B per pass, at the frozen probe weights), then
   * every epoch the inference scores of all training recordings (`auditScores`). No update.
   */
  private async audit(epoch: number): Promise<boolean> {
    const start = performance.now();
    const { train } = this.data;
    const { batchSize, audit, seed, analysisEpochs } = this.config.training;
    if (analysisEpochs.includes(epoch)) {
      const partners = audit.partners ?? batchSize;
      const plan = planAuditPartners(
        train.map((s) => s.angleDeg),
        partners,
        auditSeed(seed),
      );
      const accumulator = new Float32Array(partners > batchSize ? this.model.parameterCount : 0);
      for (let index = 0; index < train.length; index++) {
        if (!(await this.mayContinue())) return false;
        const result = recordingGradient(this.model, train, plan[index], batchSize, accumulator);
        this.emitter.emit('auditRecording', {
          epoch,
          index,
          recordingId: train[index].id,
          loss: result.loss,
          gradientNormSquared: result.gradientNormSquared,
          gradient: result.gradient,
          pairs: toPairRefs(train, plan[index]),
        });
      }
    }
    const scores = scoreSamples(this.model, train);
    this.emitter.emit('auditScores', {
      epoch,
      ids: train.map((s) => s.id),
      scores,
      angles: train.map((s) => s.angleDeg),
      auditMs: performance.now() - start,
    });
    return true;
  }

  private askStopRule(epoch: number, batchesDone: number): boolean {
    try {
      return this.probeStopRule?.(epoch, batchesDone) === true;
    } catch (error) {
      throw new TrainerError(
        'LISTENER_FAILED',
        `the probe stop rule threw: ${(error as Error)?.message ?? String(error)}`,
        { cause: error },
      );
    }
  }
}
