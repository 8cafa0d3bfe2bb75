/** The trainer's run config, exit codes and signal handling, so that callers of an experiment depend on this package only. */
export {
  DEFAULT_PROBE,
  EXIT_CODES,
  exitCodeFor,
  type RunConfigInput,
  resolveRunConfig,
  stopOnSignals,
} from '@ranker/trainer';
export { AUDIT_FILE, AUDIT_SCORES_FILE, DataAudit, PLANTED_FILE } from './data-audit.js';
export { ExperimentError, type ExperimentErrorCode } from './errors.js';
export type { AuditEventRecording, ExperimentCommand, ExperimentEvent } from './events.js';
export {
  Experiment,
  type ExperimentOptions,
  type ExperimentResult,
  type ExperimentSource,
} from './experiment.js';
export { LocalExecutor } from './local-executor.js';
export {
  QueueExecutor,
  type QueueTiming,
  type QueueWorker,
  type QueueWorkerOptions,
  RUN_QUEUE,
  type RunJobData,
  type RunJobResult,
  startQueueWorker,
} from './queue.js';
export { connectRedis } from './redis-connection.js';
export { type RunCellOptions, runCell } from './run-cell.js';
export type { EpochSummary, RunSummary } from './run-summary.js';
export type { RunTimings } from './run-timings.js';
export { runSweep, type SweepEvent, type SweepOptions, type SweepOutcome } from './sweep.js';
export { type CellStatus, SweepDirectory, type SweepFile } from './sweep-directory.js';
export type { SweepExecutor, SweepHooks } from './sweep-executor.js';
export { cellId, cellRunId, type SweepCell, type SweepPlan } from './sweep-plan.js';
export { EXPERIMENT_VERSION } from './version.js';
