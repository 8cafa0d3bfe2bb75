import {
  auroc,
  averagePrecision,
  hypergeometricUpperTail,
  precisionAtK,
} from '@ranker/grad-analysis';
import type { AuditRecord } from './auditRecord.js';
import { formatNumber } from './numberBook.js';

/** One-sided level of the test behind hypothesis 3's "supported". */
export const AUDIT_SIGNIFICANCE = 0.05;

/** How well the audit's ranking and flags find the planted faults among the audited recordings. */
export interface AuditEvaluation {
  /** Audited (training) recordings. */
  audited: number;
  /** Planted faults among them (k). */
  planted: number;
  flagged: number;
  flaggedPlanted: number;
  /** P(≥ flaggedPlanted planted among `flagged` recordings drawn at random): hypergeometric. */
  flaggedTestP: number;
  /** Precision among the k highest scores, and its hypergeometric p-value. */
  precisionAtK: number;
  topKTestP: number;
  /** null when undefined (every audited recording planted). */
  auroc: number | null;
  averagePrecision: number;
  /** Per planted kind: that kind against the unplanted recordings. */
  byKind: { kind: string; planted: number; auroc: number | null }[];
  /** Precision–recall steps from the highest score down (one point per distinct score). */
  precisionRecall: { recall: number; precision: number }[];
}

/**
 * Scores of the audit against its ground truth (`groundTruth.audited`); null when there is no
 * ground truth or nothing was planted among the audited recordings. Metrics are
 * @ranker/grad-analysis's (checked against scikit-learn there).
 */
export function evaluateAudit(record: AuditRecord): AuditEvaluation | null {
  const truth = record.groundTruth?.audited ?? [];
  if (truth.length === 0) return null;
  const kindOf = new Map(truth.map((p) => [p.recordingId, p.kind]));
  const scores = record.recordings.map((r) => r.score);
  const positive = record.recordings.map((r) => kindOf.has(r.id));
  const k = truth.length;
  const n = record.recordings.length;
  const flaggedList = record.recordings.filter((r) => r.flagged);
  const flaggedPlanted = flaggedList.filter((r) => kindOf.has(r.id)).length;
  const atK = precisionAtK(scores, positive, k);
  const kinds = [...new Set(truth.map((p) => p.kind))].sort();
  return {
    audited: n,
    planted: k,
    flagged: flaggedList.length,
    flaggedPlanted,
    flaggedTestP: hypergeometricUpperTail(n, k, flaggedList.length, flaggedPlanted),
    precisionAtK: atK,
    // Expected hits under random tie-breaking may be fractional; the test takes the whole part.
    topKTestP: hypergeometricUpperTail(n, k, k, Math.floor(atK * k + 1e-9)),
    auroc: auroc(scores, positive),
    averagePrecision: averagePrecision(scores, positive) ?? 0,
    byKind: kinds.map((kind) => {
      const keep = record.recordings.filter((r) => !kindOf.has(r.id) || kindOf.get(r.id) === kind);
      return {
        kind,
        planted: truth.filter((p) => p.kind === kind).length,
        auroc: auroc(
          keep.map((r) => r.score),
          keep.map((r) => kindOf.has(r.id)),
        ),
      };
    }),
    precisionRecall: precisionRecallSteps(scores, positive, k),
  };
}

function precisionRecallSteps(
  scores: number[],
  positive: boolean[],
  planted: number,
): { recall: number; precision: number }[] {
  const order = scores.map((_, i) => i).sort((a, b) => scores[b] - scores[a]);
  const points: { recall: number; precision: number }[] = [];
  let hits = 0;
  for (let i = 0; i < order.length; i++) {
    if (positive[order[i]]) hits++;
    const last = i + 1 === order.length || scores[order[i + 1]] !== scores[order[i]];
    if (last) points.push({ recall: hits / planted, precision: hits / (i + 1) });
  }
  return points;
}

export type AuditVerdict = 'supported' | 'not-supported' | 'not-tested';

/** Hypothesis 3 ("outliers point at problem samples"), answered from the data audit. */
export interface DataAuditConclusion {
  verdict: AuditVerdict;
  reason:
    | 'no-audit' // the run has no audit.json
    | 'no-ground-truth' // nothing was planted: no truth to test the flags against
    | 'nothing-planted-audited' // faults were planted, but all in the validation split
    | 'beyond-chance' // flagged recordings hold more planted faults than chance (p < 0.05)
    | 'not-beyond-chance';
  /** The test behind the verdict, in words (null when not tested). */
  test: string | null;
  evaluation: AuditEvaluation | null;
  /** Fraction of audited recordings flagged (compare with the detector's calibration). */
  flagRate: number | null;
}

/**
 * "supported" only when planted ground truth shows the flagged recordings are the bad ones
 * beyond chance: the one-sided hypergeometric test (Fisher's exact test) that `flagged`
 * recordings drawn at random would hold at least `flaggedPlanted` of the k planted ones, at
 * p < AUDIT_SIGNIFICANCE. No flags, or a p-value at or above it: "not supported". No audit or no
 * ground truth: "not tested" — flags on unplanted data can be chance (the calibration's ~5 %).
 */
export function judgeDataAudit(record: AuditRecord | null | undefined): DataAuditConclusion {
  if (!record) {
    return {
      verdict: 'not-tested',
      reason: 'no-audit',
      test: null,
      evaluation: null,
      flagRate: null,
    };
  }
  const flagRate =
    record.recordings.length === 0
      ? null
      : record.recordings.filter((r) => r.flagged).length / record.recordings.length;
  if (record.groundTruth === null) {
    return {
      verdict: 'not-tested',
      reason: 'no-ground-truth',
      test: null,
      evaluation: null,
      flagRate,
    };
  }
  const evaluation = evaluateAudit(record);
  if (evaluation === null) {
    return {
      verdict: 'not-tested',
      reason: 'nothing-planted-audited',
      test: null,
      evaluation: null,
      flagRate,
    };
  }
  const supported = evaluation.flaggedTestP < AUDIT_SIGNIFICANCE;
  return {
    verdict: supported ? 'supported' : 'not-supported',
    reason: supported ? 'beyond-chance' : 'not-beyond-chance',
    test: `one-sided hypergeometric test: ${evaluation.flaggedPlanted} of ${evaluation.flagged} flagged recordings planted, ${evaluation.planted} planted among ${evaluation.audited}; p = ${formatNumber(evaluation.flaggedTestP, 'p')} (supported when p < ${AUDIT_SIGNIFICANCE})`,
    evaluation,
    flagRate,
  };
}
