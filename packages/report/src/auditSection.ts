import { AUDIT_SIGNAL_DIRECTION, type AuditSignal } from '@ranker/grad-analysis';
import type { TopLevelSpec } from 'vega-lite';
import {
  AUDIT_SIGNIFICANCE,
  type AuditEvaluation,
  type DataAuditConclusion,
  formatP,
  judgeDataAudit,
} from './auditEvaluation.js';
import type { AuditRecord, AuditRecordingEntry } from './auditRecord.js';

/** Words of the audit section (English; a zh-TW catalogue can supply the same shape). */
export interface AuditMessages {
  title: string;
  signal: Record<AuditSignal, string>;
  below: string;
  above: string;
  verdict: Record<DataAuditConclusion['verdict'], string>;
  reason: Record<DataAuditConclusion['reason'], string>;
}

export const AUDIT_MESSAGES_EN: AuditMessages = {
  title: 'Data audit',
  signal: {
    margin: 'ranking margin (AUM)',
    misordered: 'mis-ordered partners',
    classMargin: 'class margin (AUM)',
    alignment: 'gradient alignment with the rest',
    selfInfluence: 'self-influence (TracIn Σ‖g‖²)',
    loss: 'loss of its audit pairs',
  },
  below: 'robust SD below the median',
  above: 'robust SD above the median',
  verdict: { supported: 'supported', 'not-supported': 'not supported', 'not-tested': 'not tested' },
  reason: {
    'no-audit': 'the run has no data audit (audit.json)',
    'no-ground-truth':
      'nothing was planted, so there is no ground truth: flagged recordings may be chance (the calibrated rate)',
    'nothing-planted-audited':
      'every planted fault fell in the validation split, which the audit does not score',
    'beyond-chance': 'the flagged recordings hold more planted faults than chance',
    'not-beyond-chance': 'the flagged recordings do not hold more planted faults than chance',
  },
};

export interface AuditSection {
  lines: string[];
  conclusion: DataAuditConclusion;
  /** Precision–recall figure (Vega-Lite; render with `renderChart`), null without ground truth. */
  chart: TopLevelSpec | null;
}

export interface AuditSectionOptions {
  /** Path of the rendered precision–recall figure relative to the report (e.g. 'figures/audit-pr.svg'). */
  figurePath?: string;
  /** Recordings listed when none is flagged. Default 5. */
  topWhenNoneFlagged?: number;
  messages?: AuditMessages;
}

const pct = (x: number) => `${(100 * x).toFixed(1)} %`;
const num = (x: number | null, digits = 3) => (x === null ? '—' : x.toFixed(digits));

/** Why a recording scores high: each detector signal with its oriented robust z. */
export function auditReasons(
  recording: AuditRecordingEntry,
  signals: AuditSignal[],
  m: AuditMessages = AUDIT_MESSAGES_EN,
): string {
  return signals
    .map((s) => {
      const z = recording.z[s];
      if (z === null || z === undefined) return `${m.signal[s]}: undefined`;
      const side = AUDIT_SIGNAL_DIRECTION[s] < 0 ? m.below : m.above;
      // z is oriented (positive = suspicious): on the raw scale that is |z| on the named side.
      const value = Math.abs(z).toFixed(1);
      return z >= 0
        ? `${m.signal[s]} ${value} ${side}`
        : `${m.signal[s]} typical (z ${z.toFixed(1)})`;
    })
    .join('; ');
}

/**
 * The report's "Data audit" section (Markdown lines, no trailing blank line), hypothesis 3's
 * conclusion, and the precision–recall figure when ground truth (planted faults) exists.
 */
export function renderAuditSection(
  record: AuditRecord | null | undefined,
  options: AuditSectionOptions = {},
): AuditSection {
  const m = options.messages ?? AUDIT_MESSAGES_EN;
  const conclusion = judgeDataAudit(record);
  const lines = [`## ${m.title}`, ''];
  if (!record) {
    lines.push(
      `Hypothesis 3 (outliers point at problem samples): **${m.verdict['not-tested']}** — ${m.reason['no-audit']}.`,
    );
    return { lines, conclusion, chart: null };
  }
  const { detector, recordings } = record;
  const names = detector.signals.map((s) => m.signal[s]).join(' + ');
  const flagged = recordings.filter((r) => r.flagged);
  lines.push(
    `Detector: ${names} — each signal as a robust z-score over the ${recordings.length} training recordings (median/MAD, oriented so that larger is more suspicious), the score their mean; a recording is flagged at score ≥ ${detector.threshold}. Calibration: ${detector.calibration}.`,
    '',
    `Evidence: inference scores at ${record.scoreEpochs.length} epochs${record.gradientEpochs.length > 0 ? `; per-recording gradients at epochs ${record.gradientEpochs.join(', ')} (${record.gradientPath?.path === 'sketch' ? `cosines from a CountSketch of dimension ${record.gradientPath.sketchDimension}` : 'exact cosines'})` : ''}. Validation recordings are not audited.`,
    '',
    `Flagged: ${flagged.length} of ${recordings.length} (${pct(flagged.length / Math.max(1, recordings.length))}).`,
    '',
    '### Recordings to listen to first',
    '',
  );
  const listed =
    flagged.length > 0 ? flagged : recordings.slice(0, options.topWhenNoneFlagged ?? 5);
  if (flagged.length === 0) {
    lines.push(`None is flagged; the ${listed.length} highest scores, for reference:`, '');
  }
  const truth = new Map((record.groundTruth?.audited ?? []).map((p) => [p.recordingId, p]));
  const withTruth = record.groundTruth !== null;
  lines.push(
    `| rank | recording | label | score | why${withTruth ? ' | planted' : ''} |`,
    `| --: | --- | --: | --: | ---${withTruth ? ' | ---' : ''} |`,
  );
  for (const r of listed) {
    const planted = truth.get(r.id);
    const cell = planted
      ? ` | ${planted.kind}${planted.kind === 'mislabel' ? ` (recorded at ${planted.trueLabel}°)` : ''}`
      : withTruth
        ? ' | no'
        : '';
    const where =
      r.source && r.source !== r.id && !r.source.startsWith('synthetic:') ? r.source : r.id;
    lines.push(
      `| ${r.rank} | \`${where}\` | ${r.recordedLabel}° | ${r.score.toFixed(2)} | ${auditReasons(r, detector.signals, m)}${cell} |`,
    );
  }
  const evaluation = conclusion.evaluation;
  if (evaluation) lines.push('', ...groundTruthLines(record, evaluation, options.figurePath));
  lines.push(
    '',
    `Hypothesis 3 (outliers point at problem samples): **${m.verdict[conclusion.verdict]}** — ${m.reason[conclusion.reason]}${conclusion.test ? ` (${conclusion.test})` : ''}.`,
  );
  return { lines, conclusion, chart: evaluation ? precisionRecallSpec(evaluation) : null };
}

function groundTruthLines(
  record: AuditRecord,
  e: AuditEvaluation,
  figurePath: string | undefined,
): string[] {
  const outside = record.groundTruth?.validation.length ?? 0;
  const lines = [
    '### Against the planted faults',
    '',
    `${e.planted} planted faults among the ${e.audited} audited recordings${outside > 0 ? ` (${outside} more fell in the validation split and are not audited)` : ''}. Chance levels: precision ${(e.planted / e.audited).toFixed(3)}, AUROC 0.5.`,
    '',
    '| measure | value | definition |',
    '| --- | --: | --- |',
    `| precision@k (k = ${e.planted}) | ${num(e.precisionAtK)} | planted among the k highest scores; hypergeometric p = ${formatP(e.topKTestP)} |`,
    `| average precision | ${num(e.averagePrecision)} | Σ (recall step × precision), highest score first |`,
    `| AUROC | ${num(e.auroc)} | P(planted scores above unplanted), ties ½ |`,
    `| flagged that are planted | ${e.flaggedPlanted} of ${e.flagged} | one-sided hypergeometric p = ${formatP(e.flaggedTestP)} (level ${AUDIT_SIGNIFICANCE}) |`,
  ];
  if (e.byKind.length > 1) {
    lines.push('', '| fault kind | planted | AUROC against unplanted |', '| --- | --: | --: |');
    for (const k of e.byKind) lines.push(`| ${k.kind} | ${k.planted} | ${num(k.auroc)} |`);
  }
  if (figurePath)
    lines.push(
      '',
      `![Precision–recall of the data audit against the planted faults](${figurePath})`,
    );
  return lines;
}

/** Precision against recall, one step per distinct score, with the chance level as a rule. */
export function precisionRecallSpec(e: AuditEvaluation): TopLevelSpec {
  const chance = e.planted / e.audited;
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    width: 480,
    height: 360,
    padding: 12,
    background: 'white',
    title: `Data audit: precision–recall (AP ${e.averagePrecision.toFixed(3)}, ${e.planted} planted)`,
    config: { font: 'Noto Sans Hant' },
    layer: [
      {
        data: { values: [{ recall: 0, precision: 1 }, ...e.precisionRecall] },
        mark: { type: 'line', interpolate: 'step-before', point: true },
        encoding: {
          x: {
            field: 'recall',
            type: 'quantitative',
            scale: { domain: [0, 1] },
            title: 'recall (planted found)',
          },
          y: {
            field: 'precision',
            type: 'quantitative',
            scale: { domain: [0, 1] },
            title: 'precision',
          },
        },
      },
      {
        data: { values: [{ chance }] },
        mark: { type: 'rule', strokeDash: [4, 4], color: '#888' },
        encoding: { y: { field: 'chance', type: 'quantitative' } },
      },
    ],
  } as TopLevelSpec;
}
