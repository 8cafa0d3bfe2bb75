export {
  type AuditConfig,
  auditSeed,
  planAuditPartners,
  type RecordingGradient,
  recordingGradient,
} from './audit-probe.js';
export { checkpointPath, KEPT_CHECKPOINTS } from './checkpoints.js';
export type { BuiltModel, PlantedFault, SplitData, TrainerComponents } from './components.js';
export {
  type BackendName,
  type DataConfig,
  DEFAULT_AUDIT,
  DEFAULT_PROBE,
  DEFAULT_PROBE_BATCHES,
  DEFAULT_TRAINING,
  type ModelConfig,
  PROBE_MIN_BATCHES,
  type ProbeConfig,
  type ProbeDistinct,
  type RunConfig,
  type RunConfigInput,
  resolveRunConfig,
  type TrainingConfig,
  type TrainingConfigInput,
} from './config.js';
export { SPACE_MARGIN_BYTES } from './disk-space.js';
export { epochSeed, planEpoch, toPairBatch, toPairRefs } from './epoch-plan.js';
export { TrainerError, type TrainerErrorCode } from './errors.js';
export {
  type Listener,
  type PairRef,
  TrainerEmitter,
  type TrainerEventName,
  type TrainerEvents,
  type TrainerNotice,
  type TrainerNoticeKind,
} from './events.js';
export { EXIT_CODES, exitCodeFor } from './exit-codes.js';
export { type Stoppable, stopOnSignals } from './interrupts.js';
export type { BatchMetric, EpochMetric, MetricRecord } from './metrics-record.js';
export type {
  GradientResult,
  IndexPair,
  PairBatch,
  PairSampler,
  TrainableModel,
  TrainingSample,
} from './model-port.js';
export {
  countValidPairs,
  ProbePairDrawer,
  type ProbePlan,
  type ProbeStopReason,
  type ProbeStopRule,
  planProbe,
  probeSeed,
} from './probe-plan.js';
export { averageRanks, pairwiseAccuracy, spearman } from './ranking-metrics.js';
export { type MetricsRead, RunDirectory, type RunState, type RunStatus } from './run-directory.js';
export { LOCK_FILE, type RunLockHolder } from './run-lock.js';
export { scoreSamples } from './score-samples.js';
export { resumeRun, type StoredRunConfig, startRun } from './start-run.js';
export { type RunFacts, type RunSession, type RunSummary, Trainer } from './trainer.js';
export { allValidationPairs, evaluateValidation, type ValidationMetrics } from './validation.js';
