export {
  type AddOptions,
  type CollectedGradients,
  createGradientCollector,
  type GradientCollector,
  type GradientCollectorOptions,
} from './collector.js';
export { cosineImpliedNoiseScale, cosineSimilarity, sketchCosineErrorBound } from './cosine.js';
export { type CriticalBatchOptions, readCriticalBatch } from './critical-batch.js';
export {
  CRITICAL_BATCH_MODEL,
  type CriticalBatchFit,
  type CriticalBatchFitOptions,
  type CriticalBatchInterval,
  fitCriticalBatch,
  type StepsToTarget,
} from './critical-batch-fit.js';
export {
  auroc,
  averagePrecision,
  hypergeometricUpperTail,
  precisionAtK,
} from './detection-metrics.js';
export { type EmbeddingOptions, embedDirections } from './embedding.js';
export { GradAnalysisError, type GradAnalysisErrorCode } from './errors.js';
export {
  estimateNoiseScale,
  NOISE_SCALE_ESTIMATOR,
  type NoiseScaleInput,
  type NoiseScaleOptions,
  relativeHalfWidth,
  type TwoBatchSizeEstimate,
  twoBatchSizeEstimate,
} from './noise-scale.js';
export {
  createOnlineNoiseScale,
  ONLINE_NOISE_SCALE_ESTIMATOR,
  type OnlineNoiseScale,
  type OnlineNoiseScaleOptions,
} from './online-noise-scale.js';
export { detectOutliers, type OutlierInput, robustZScores } from './outliers.js';
export { type PrincipalComponents, principalComponents } from './pca.js';
export { analyseProbe, type ProbeAnalysisOptions } from './probe-analysis.js';
export { type RankingMargins, rankingMargins, type ScoredEpoch } from './ranking-margin.js';
export {
  AUDIT_SIGNAL_DIRECTION,
  AUDIT_SIGNALS,
  type AuditDetector,
  type AuditedRecording,
  type AuditScores,
  type AuditSignal,
  DEFAULT_AUDIT_DETECTOR,
  scoreRecordings,
} from './recording-audit.js';
export {
  createRecordingGradientCollector,
  type RecordingGradientCollector,
  type RecordingGradientEvidence,
  type RecordingGradientOptions,
  type RecordingGradientResult,
} from './recording-gradients.js';
export { studentTQuantile } from './student-t.js';
export { trustworthiness } from './trustworthiness.js';
export { capPerplexity, type TsneMethod, type TsneOptions, type TsneResult, tsne } from './tsne.js';
export type * from './types.js';
