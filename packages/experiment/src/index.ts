/** The trainer's run config input, so that callers of an experiment depend on this package only. */
export { DEFAULT_PROBE, type RunConfigInput } from '@ranker/trainer';
export { ExperimentError, type ExperimentErrorCode } from './errors.js';
export type { ExperimentCommand, ExperimentEvent } from './events.js';
export {
  Experiment,
  type ExperimentOptions,
  type ExperimentResult,
  type ExperimentSource,
} from './experiment.js';
export type { EpochSummary, RunSummary } from './run-summary.js';
export type { RunTimings } from './run-timings.js';
