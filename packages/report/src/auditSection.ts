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
import { en } from './i18n/en.js';

/** The English catalogue's audit words (the default of the functions below). */
export const AUDIT_MESSAGES_EN: AuditMessages = en.audit;

/**
 * Every word of the audit section; the catalogues live with the report's (`src/i18n/en.ts`,
 * `zh-TW.ts`, key `audit`). Numbers come in already formatted.
 */
export interface AuditMessages {
  title: string;
  signal: Record<AuditSignal, string>;
  below: string;
  above: string;
  undefinedSignal: string;
  typical: (z: string) => string;
  verdict: Record<DataAuditConclusion['verdict'], string>;
  reason: Record<DataAuditConclusion['reason'], string>;
  hypothesis: (verdict: string, reason: string, test: string | null) => string;
  /** The test behind the verdict: flagged planted of flagged, planted of audited, p, level. */
  test: (
    flaggedPlanted: number,
    flagged: number,
    planted: number,
    audited: number,
    p: string,
    level: string,
  ) => string;
  detector: (names: string, recordings: number, threshold: string, calibration: string) => string;
  evidence: (scoreEpochs: number, gradients: string | null) => string;
  gradients: (epochs: string, path: string) => string;
  exactPath: string;
  sketchPath: (k: number) => string;
  flagged: (count: number, total: number, percent: string) => string;
  listenFirst: string;
  noneFlagged: (shown: number) => string;
  columns: {
    rank: string;
    recording: string;
    label: string;
    score: string;
    why: string;
    planted: string;
  };
  notPlanted: string;
  mislabelCell: (trueLabel: string) => string;
  groundTruthHeading: string;
  groundTruthIntro: (planted: number, audited: number, outside: number, chance: string) => string;
  measureColumns: { measure: string; value: string; definition: string };
  precisionAtK: (k: number) => string;
  precisionAtKDefinition: (p: string) => string;
  averagePrecision: string;
  averagePrecisionDefinition: string;
  auroc: string;
  aurocDefinition: string;
  flaggedPlanted: string;
  flaggedPlantedValue: (planted: number, flagged: number) => string;
  flaggedPlantedDefinition: (p: string, level: string) => string;
  kindColumns: { kind: string; planted: string; auroc: string };
  figureAlt: string;
  figureTitle: (ap: string, planted: number) => string;
  figureRecall: string;
  figurePrecision: string;
}

export interface AuditSection {
  lines: string[];
  conclusion: DataAuditConclusion;
  /** Precision–recall figure (Vega-Lite; render with `renderChart`), null without ground truth. */
  chart: TopLevelSpec | null;
}

export interface AuditSectionOptions {
  /** Path of the rendered precision–recall figure relative to the report (e.g. 'figures/audit-pr.svg'). */
  figurePath?: string;
  /** Heading of the section (default `## <title>`); its subsections get one more '#'. */
  heading?: string;
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
      if (z === null || z === undefined) return `${m.signal[s]}: ${m.undefinedSignal}`;
      const side = AUDIT_SIGNAL_DIRECTION[s] < 0 ? m.below : m.above;
      // z is oriented (positive = suspicious): on the raw scale that is |z| on the named side.
      const value = Math.abs(z).toFixed(1);
      return z >= 0
        ? `${m.signal[s]} ${value} ${side}`
        : `${m.signal[s]} ${m.typical(z.toFixed(1))}`;
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
  const heading = options.heading ?? `## ${m.title}`;
  const sub = `${heading.split(' ')[0]}#`;
  const lines = [heading, ''];
  if (!record) {
    lines.push(hypothesisLine(conclusion, m));
    return { lines, conclusion, chart: null };
  }
  const { detector, recordings } = record;
  const names = detector.signals.map((s) => m.signal[s]).join(' + ');
  const flagged = recordings.filter((r) => r.flagged);
  const path = record.gradientPath;
  const gradients =
    record.gradientEpochs.length > 0
      ? m.gradients(
          record.gradientEpochs.join(', '),
          path?.path === 'sketch' ? m.sketchPath(path.sketchDimension) : m.exactPath,
        )
      : null;
  lines.push(
    m.detector(names, recordings.length, String(detector.threshold), detector.calibration),
    '',
    m.evidence(record.scoreEpochs.length, gradients),
    '',
    m.flagged(
      flagged.length,
      recordings.length,
      pct(flagged.length / Math.max(1, recordings.length)),
    ),
    '',
    `${sub} ${m.listenFirst}`,
    '',
  );
  const listed =
    flagged.length > 0 ? flagged : recordings.slice(0, options.topWhenNoneFlagged ?? 5);
  if (flagged.length === 0) lines.push(m.noneFlagged(listed.length), '');
  const truth = new Map((record.groundTruth?.audited ?? []).map((p) => [p.recordingId, p]));
  const withTruth = record.groundTruth !== null;
  const c = m.columns;
  lines.push(
    `| ${c.rank} | ${c.recording} | ${c.label} | ${c.score} | ${c.why}${withTruth ? ` | ${c.planted}` : ''} |`,
    `| --: | --- | --: | --: | ---${withTruth ? ' | ---' : ''} |`,
  );
  for (const r of listed) {
    const planted = truth.get(r.id);
    const cell = planted
      ? ` | ${planted.kind}${planted.kind === 'mislabel' ? m.mislabelCell(String(planted.trueLabel)) : ''}`
      : withTruth
        ? ` | ${m.notPlanted}`
        : '';
    const where =
      r.source && r.source !== r.id && !r.source.startsWith('synthetic:') ? r.source : r.id;
    lines.push(
      `| ${r.rank} | \`${where}\` | ${r.recordedLabel}° | ${r.score.toFixed(2)} | ${auditReasons(r, detector.signals, m)}${cell} |`,
    );
  }
  const evaluation = conclusion.evaluation;
  if (evaluation) {
    lines.push('', ...groundTruthLines(record, evaluation, options.figurePath, sub, m));
  }
  lines.push('', hypothesisLine(conclusion, m));
  return { lines, conclusion, chart: evaluation ? precisionRecallSpec(evaluation, m) : null };
}

/** Hypothesis 3 as the audit decides it: verdict, reason and the test behind it. */
export function hypothesisLine(conclusion: DataAuditConclusion, m: AuditMessages): string {
  const e = conclusion.evaluation;
  const test =
    e && conclusion.test !== null
      ? m.test(
          e.flaggedPlanted,
          e.flagged,
          e.planted,
          e.audited,
          formatP(e.flaggedTestP),
          String(AUDIT_SIGNIFICANCE),
        )
      : null;
  return m.hypothesis(m.verdict[conclusion.verdict], m.reason[conclusion.reason], test);
}

function groundTruthLines(
  record: AuditRecord,
  e: AuditEvaluation,
  figurePath: string | undefined,
  sub: string,
  m: AuditMessages,
): string[] {
  const outside = record.groundTruth?.validation.length ?? 0;
  const c = m.measureColumns;
  const lines = [
    `${sub} ${m.groundTruthHeading}`,
    '',
    m.groundTruthIntro(e.planted, e.audited, outside, (e.planted / e.audited).toFixed(3)),
    '',
    `| ${c.measure} | ${c.value} | ${c.definition} |`,
    '| --- | --: | --- |',
    `| ${m.precisionAtK(e.planted)} | ${num(e.precisionAtK)} | ${m.precisionAtKDefinition(formatP(e.topKTestP))} |`,
    `| ${m.averagePrecision} | ${num(e.averagePrecision)} | ${m.averagePrecisionDefinition} |`,
    `| ${m.auroc} | ${num(e.auroc)} | ${m.aurocDefinition} |`,
    `| ${m.flaggedPlanted} | ${m.flaggedPlantedValue(e.flaggedPlanted, e.flagged)} | ${m.flaggedPlantedDefinition(formatP(e.flaggedTestP), String(AUDIT_SIGNIFICANCE))} |`,
  ];
  if (e.byKind.length > 1) {
    const k = m.kindColumns;
    lines.push('', `| ${k.kind} | ${k.planted} | ${k.auroc} |`, '| --- | --: | --: |');
    for (const row of e.byKind) lines.push(`| ${row.kind} | ${row.planted} | ${num(row.auroc)} |`);
  }
  if (figurePath) lines.push('', `![${m.figureAlt}](${figurePath})`);
  return lines;
}

/** Precision against recall, one step per distinct score, with the chance level as a rule. */
export function precisionRecallSpec(
  e: AuditEvaluation,
  m: AuditMessages = AUDIT_MESSAGES_EN,
): TopLevelSpec {
  const chance = e.planted / e.audited;
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    width: 480,
    height: 360,
    padding: 12,
    background: 'white',
    title: m.figureTitle(e.averagePrecision.toFixed(3), e.planted),
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
            title: m.figureRecall,
          },
          y: {
            field: 'precision',
            type: 'quantitative',
            scale: { domain: [0, 1] },
            title: m.figurePrecision,
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
