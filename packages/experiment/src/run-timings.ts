/**
 * Where a run's wall time went, in milliseconds, measured where it is spent (not estimated):
 * what `runEnd` carries, what a bench prints next to PyTorch doing the same compute. Parts
 * measured inside the trainer are summed over this process's epochs.
 */
export interface RunTimings {
  /** Loading (or generating) the data, building the model, reading a resumed checkpoint. */
  openMs: number;
  /** Training steps of all epochs, with the batchEnd listeners and metric lines. */
  trainMs: number;
  /** Probe batches, with their listeners (gradient collector). */
  probeMs: number;
  /** The data audit's gradients and scores (trainer's `auditScores.auditMs`); 0 without an audit. */
  auditMs: number;
  validationMs: number;
  /**
   * The training thread's share of the checkpoints: capturing the state after every epoch and
   * waiting for the previous checkpoint, whose hashing, writing and syncing run on a helper thread
   * while the next epoch trains (the trainer's `epochEnd.timings.checkpointMs`).
   */
  checkpointMs: number;
  /**
   * Of trainMs + probeMs: the gradient analysis (online noise scale, collector, probe result,
   * `--probe-until`'s interval after each probe batch).
   */
  analysisMs: number;
  /**
   * Rendering the final report (after the probe records in flight are written), with audit.json
   * before it when the run has a data audit.
   */
  reportMs: number;
}

export const noTimings = (): RunTimings => ({
  openMs: 0,
  trainMs: 0,
  probeMs: 0,
  auditMs: 0,
  validationMs: 0,
  checkpointMs: 0,
  analysisMs: 0,
  reportMs: 0,
});

/** Runs `work` and adds its wall milliseconds to `timings[part]`. */
export function timed<T>(timings: RunTimings, part: keyof RunTimings, work: () => T): T {
  const start = performance.now();
  try {
    return work();
  } finally {
    timings[part] += performance.now() - start;
  }
}
