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
  type PlantedEntry,
  readAuditRecord,
} from './auditRecord.js';
export {
  AUDIT_MESSAGES_EN,
  type AuditMessages,
  type AuditSection,
  type AuditSectionOptions,
  auditReasons,
  precisionRecallSpec,
  renderAuditSection,
} from './auditSection.js';
export { CHART_SIZE, PNG_SCALE, type RenderedChart, renderChart } from './charts.js';
export { ReportError, type ReportErrorCode } from './errors.js';
export { LANGUAGES, type Language, MESSAGES, type Messages } from './i18n/index.js';
export { formatNumber, NumberBook, type NumberStyle, type StatedNumber } from './numberBook.js';
export type { PairRef, ProbeRecord } from './probeRecord.js';
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
  type Conclusions,
  drawConclusions,
  MIN_BATCHES,
  type Verdict,
} from './verdicts.js';
