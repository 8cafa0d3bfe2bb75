import { TrainerError } from './errors.js';
import type { ProbeStopReason } from './probe-plan.js';
import type { RunStatus } from './run-directory.js';

/** A pair by sample ids; `target` +1 when `left` has the larger angle. */
export interface PairRef {
  left: string;
  right: string;
  target: 1 | -1;
}

/**
 * What a consumer must show its user about how a run was opened: `checkpoint-fallback` (the
 * newest checkpoint failed to load; an epoch is trained again), `lock-taken-over` (a stale
 * lock of a dead process), `dead-run` (state.json said running, nobody was), `leftovers-removed`
 * (temporary files and report staging folders of an earlier process), `probe-defaults` (an
 * older config.json without `training.probe`: the defaults are used).
 */
export type TrainerNoticeKind =
  | 'checkpoint-fallback'
  | 'lock-taken-over'
  | 'dead-run'
  | 'leftovers-removed'
  | 'probe-defaults';

export interface TrainerNotice {
  kind: TrainerNoticeKind;
  /** One line for the user, naming the files involved. */
  message: string;
}

/** Payloads of the trainer's events (docs/architecture.md). `gradient` views are valid only during the call. */
export interface TrainerEvents {
  /** Emitted at the start of `run()`, once per entry of `Trainer.notices`. */
  notice: TrainerNotice;
  batchEnd: {
    epoch: number;
    step: number;
    batchIndex: number;
    /** Pairs in this step's batch: B, or fewer in an epoch's last batch. */
    batchSize: number;
    loss: number;
    gradientNormSquared: number;
    gradient: Float32Array;
    pairs: PairRef[];
  };
  probeStart: {
    epoch: number;
    /** Batches the probe draws, at most (it may end sooner when `mayStopEarly`). */
    batches: number;
    /** `training.probe.batches`, or `training.probe.maxBatches` when `until` is set. */
    requestedBatches: number;
    /** Pairs per probe batch: always the training batch size B. */
    batchSize: number;
    /** Distinct valid pairs (two samples of different angles) of the training set. */
    validPairs: number;
    /** `training.probe.until`: target relative half-width, or null (fixed count). */
    until: number | null;
    /** True when the stop rule is asked after each batch from `minBatches` on. */
    mayStopEarly: boolean;
    /** The fewest batches before the stop rule is asked (`PROBE_MIN_BATCHES`). */
    minBatches: number;
    /** Why `batches` differs from the request (pairs exhausted, no stop rule), or null. */
    note: string | null;
    parameterLayout: { name: string; length: number }[];
  };
  probe: {
    epoch: number;
    /** 0-based within the probe. */
    batchIndex: number;
    /** Always the training batch size B: probe batches are full. */
    batchSize: number;
    loss: number;
    gradientNormSquared: number;
    gradient: Float32Array;
    pairs: PairRef[];
  };
  probeEnd: {
    epoch: number;
    /** Batches drawn (= `probe` events of this probe). */
    batches: number;
    stopReason: ProbeStopReason;
  };
  /**
   * Data audit (`training.audit.enabled`), at analysis epochs after `probeEnd`, once per training
   * recording in training order: the gradient of its pairs with its fixed reference partners at
   * the frozen probe weights. `gradient` is valid only during the call.
   */
  auditRecording: {
    epoch: number;
    /** 0-based position in the training split. */
    index: number;
    recordingId: string;
    /** Mean margin-ranking loss of the recording's audit pairs. */
    loss: number;
    gradientNormSquared: number;
    gradient: Float32Array;
    /** The recording's audit pairs (`left` = the recording). */
    pairs: PairRef[];
  };
  /**
   * Data audit, every epoch after its training steps (and the probe/audit gradients): the
   * inference-mode scores of every training recording at the end-of-epoch weights, with the
   * recorded labels, for the ranking Area Under the Margin. Arrays are fresh (may be kept).
   */
  auditScores: {
    epoch: number;
    ids: string[];
    scores: Float32Array;
    /** Recorded labels (degrees), i.e. what the model is trained to rank by. */
    angles: number[];
    /** Wall time of this epoch's audit (gradients + scores), milliseconds. */
    auditMs: number;
  };
  epochEnd: {
    epoch: number;
    train: { loss: number };
    validation: { loss: number; pairwiseAccuracy: number; spearman: number };
    /**
     * Wall milliseconds of the epoch's parts: training steps (with their batchEnd listeners and
     * metric lines), the probe (with its listeners), validation, and the training thread's share
     * of the checkpoint: waiting for the previous one and copying the state (the write itself
     * runs while the next epoch trains; the last epoch's is waited for, so it counts in full).
     */
    timings: { trainMs: number; validationMs: number; probeMs: number; checkpointMs: number };
  };
  runEnd: {
    status: Exclude<RunStatus, 'running'>;
    epochsCompleted: number;
    error?: string;
  };
}

export type TrainerEventName = keyof TrainerEvents;
export type Listener<K extends TrainerEventName> = (payload: TrainerEvents[K]) => void;

/**
 * Synchronous typed emitter. Every listener gets the same payload object (no copy per
 * listener). A listener that throws does not stop the others; the first such error is kept as
 * a `LISTENER_FAILED` TrainerError for the trainer to end the run with.
 */
export class TrainerEmitter {
  private readonly listeners = new Map<TrainerEventName, Set<(payload: never) => void>>();
  private firstFailure: TrainerError | null = null;

  /** Subscribes; returns the function that unsubscribes. */
  on<K extends TrainerEventName>(event: K, listener: Listener<K>): () => void {
    let set = this.listeners.get(event);
    if (!set) {
      set = new Set();
      this.listeners.set(event, set);
    }
    set.add(listener as (payload: never) => void);
    return () => set.delete(listener as (payload: never) => void);
  }

  emit<K extends TrainerEventName>(event: K, payload: TrainerEvents[K]): void {
    for (const listener of this.listeners.get(event) ?? []) {
      try {
        (listener as Listener<K>)(payload);
      } catch (error) {
        this.firstFailure ??= new TrainerError(
          'LISTENER_FAILED',
          `a '${event}' listener threw: ${(error as Error)?.message ?? String(error)}`,
          { cause: error },
        );
      }
    }
  }

  /** The first listener error since the start, or null. */
  get failure(): TrainerError | null {
    return this.firstFailure;
  }
}
