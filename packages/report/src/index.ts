export { hypergeometricUpperTail } from '@ranker/grad-analysis'; // one owner: grad-analysis
export {
  AUDIT_SIGNIFICANCE,
  type AuditEvaluation,
  type AuditVerdict,
  type DataAuditConclusion,
  evaluateAudit,
  judgeDataAudit,
} from './auditEvaluation.js';
export {
  type AuditRecord,
  type AuditRecordingEntry,
  readAuditRecord,
} from './auditRecord.js';
export {
  AUDIT_MESSAGES_EN,
  type AuditMessages,
  type AuditSection,
  type AuditSectionOptions,
  auditReasons,
  hypothesisLine,
  precisionRecallSpec,
  renderAuditSection,
} from './auditSection.js';
export { B_SIMPLE_STYLE, formatBSimple } from './bSimpleFormat.js';
export {
  type BSimpleInterval,
  batchSizesOf,
  bSimpleInterval,
  type IntervalKind,
} from './bSimpleInterval.js';
export { CHART_SIZE, PNG_SCALE, type RenderedChart, renderChart } from './charts.js';
export {
  renderComparison,
  type SweepCellResult,
  type SweepComparisonInput,
  type SweepEpoch,
} from './comparison/index.js';
export { ReportError, type ReportErrorCode } from './errors.js';
export { LANGUAGES, type Language, MESSAGES, type Messages } from './i18n/index.js';
export { formatNumber, NumberBook, type NumberStyle, type StatedNumber } from './numberBook.js';
export { type PlantedFault, readPlantedFaults } from './plantedFaults.js';
export type { PairRef } from './probeRecord.js';
export { type ProbeRecord, probeFile } from './probeRecord.js';
export type { Expectation, Problem, ProblemKind } from './problems.js';
export { type RenderOptions, type ReportResult, renderReport } from './renderReport.js';
export {
  type EpochMetrics,
  type RunData,
  type RunStatus,
  readRunDirectory,
} from './runDirectory.js';
export { linearTrend, MIN_TREND_POINTS, studentT975, type Trend } from './trend.js';
export {
  type BatchSizeAdvice,
  type ConclusionInputs,
  type Conclusions,
  drawConclusions,
  MIN_BATCHES,
  OUTLIER_TEST_ALPHA,
  type OutlierTest,
  type Verdict,
} from './verdicts.js';
