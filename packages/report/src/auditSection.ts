import { AUDIT_SIGNAL_DIRECTION, type AuditSignal } from '@ranker/grad-analysis';
import type { TopLevelSpec } from 'vega-lite';
import {
  AUDIT_SIGNIFICANCE,
  type AuditEvaluation,
  type DataAuditConclusion,
  judgeDataAudit,
} from './auditEvaluation.js';
import type { AuditRecord, AuditRecordingEntry } from './auditRecord.js';
import { en } from './i18n/en.js';
import { NumberBook, type NumberStyle } from './numberBook.js';

/** The English catalogue's audit words (the default of the functions below). */
export const AUDIT_MESSAGES_EN: AuditMessages = en.audit;

/**
 * Every word of the audit section; the catalogues live with the report's (`src/i18n/en.ts`,
 * `zh-TW.ts`, key `audit`). Numbers come in already formatted, by the report's NumberBook.
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
    flaggedPlanted: string,
    flagged: string,
    planted: string,
    audited: string,
    p: string,
    level: string,
  ) => string;
  detector: (names: string, recordings: string, threshold: string, calibration: string) => string;
  evidence: (scoreEpochs: string, gradients: string | null) => string;
  gradients: (epochs: string, path: string) => string;
  exactPath: string;
  sketchPath: (k: string) => string;
  flagged: (count: string, total: string, percent: string) => string;
  listenFirst: string;
  noneFlagged: (shown: string) => string;
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
  /** `outside`: planted faults in the validation split ('0' when none). */
  groundTruthIntro: (planted: string, audited: string, outside: string, chance: string) => string;
  measureColumns: { measure: string; value: string; definition: string };
  precisionAtK: (k: string) => string;
  precisionAtKDefinition: (p: string) => string;
  averagePrecision: string;
  averagePrecisionDefinition: string;
  auroc: string;
  aurocDefinition: string;
  flaggedPlanted: string;
  flaggedPlantedValue: (planted: string, flagged: string) => string;
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
  /**
   * Where every number of the section is printed and recorded (keys `audit.…`): the report's,
   * so that summary.json holds them; default: a book of its own.
   */
  book?: NumberBook;
}

/** Prints through `book` under `audit.<key>`. */
type AuditNumber = (key: string, value: number, style: NumberStyle) => string;

const auditNumbers =
  (book: NumberBook): AuditNumber =>
  (key, value, style) =>
    book.num(`audit.${key}`, value, style);

/** Why a recording scores high: each detector signal with its oriented robust z. */
export function auditReasons(
  recording: AuditRecordingEntry,
  signals: AuditSignal[],
  m: AuditMessages = AUDIT_MESSAGES_EN,
  book: NumberBook = new NumberBook(),
): string {
  const n = auditNumbers(book);
  return signals
    .map((s) => {
      const z = recording.z[s];
      if (z === null || z === undefined) return `${m.signal[s]}: ${m.undefinedSignal}`;
      const side = AUDIT_SIGNAL_DIRECTION[s] < 0 ? m.below : m.above;
      // z is oriented (positive = suspicious): on the raw scale that is |z| on the named side.
      const value = n(`recordings.${recording.rank}.z.${s}`, z, 'fixed1');
      return z >= 0 ? `${m.signal[s]} ${value} ${side}` : `${m.signal[s]} ${m.typical(value)}`;
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
  const book = options.book ?? new NumberBook();
  const n = auditNumbers(book);
  const conclusion = judgeDataAudit(record);
  const heading = options.heading ?? `## ${m.title}`;
  const sub = `${heading.split(' ')[0]}#`;
  const lines = [heading, ''];
  if (!record) {
    lines.push(hypothesisLine(conclusion, m, book));
    return { lines, conclusion, chart: null };
  }
  const { detector, recordings } = record;
  const names = detector.signals.map((s) => m.signal[s]).join(' + ');
  const flagged = recordings.filter((r) => r.flagged);
  const path = record.gradientPath;
  const gradients =
    record.gradientEpochs.length > 0
      ? m.gradients(
          record.gradientEpochs.map((e, i) => n(`gradientEpochs.${i}`, e, 'int')).join(', '),
          path?.path === 'sketch'
            ? m.sketchPath(n('sketchDimension', path.sketchDimension, 'int'))
            : m.exactPath,
        )
      : null;
  const audited = n('audited', recordings.length, 'int');
  const share = flagged.length / Math.max(1, recordings.length);
  const percent = n('flaggedPercent', 100 * share, 'fixed1');
  lines.push(
    m.detector(names, audited, n('threshold', detector.threshold, 'sig'), detector.calibration),
    '',
    m.evidence(n('scoreEpochs', record.scoreEpochs.length, 'int'), gradients),
    '',
    m.flagged(n('flagged', flagged.length, 'int'), audited, `${percent} %`),
    '',
    `${sub} ${m.listenFirst}`,
    '',
  );
  const listed =
    flagged.length > 0 ? flagged : recordings.slice(0, options.topWhenNoneFlagged ?? 5);
  if (flagged.length === 0) lines.push(m.noneFlagged(n('listed', listed.length, 'int')), '');
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
      ? ` | ${planted.kind}${planted.kind === 'mislabel' ? m.mislabelCell(n(`recordings.${r.rank}.trueLabel`, planted.trueLabel, 'sig')) : ''}`
      : withTruth
        ? ` | ${m.notPlanted}`
        : '';
    const where =
      r.source && r.source !== r.id && !r.source.startsWith('synthetic:') ? r.source : r.id;
    const rank = n(`recordings.${r.rank}.rank`, r.rank, 'int');
    const label = n(`recordings.${r.rank}.recordedLabel`, r.recordedLabel, 'sig');
    const score = n(`recordings.${r.rank}.score`, r.score, 'fixed2');
    lines.push(
      `| ${rank} | \`${where}\` | ${label}° | ${score} | ${auditReasons(r, detector.signals, m, book)}${cell} |`,
    );
  }
  const evaluation = conclusion.evaluation;
  if (evaluation) {
    lines.push('', ...groundTruthLines(record, evaluation, options.figurePath, sub, m, book));
  }
  lines.push('', hypothesisLine(conclusion, m, book));
  return { lines, conclusion, chart: evaluation ? precisionRecallSpec(evaluation, m) : null };
}

/** Hypothesis 3 as the audit decides it: verdict, reason and the test behind it. */
export function hypothesisLine(
  conclusion: DataAuditConclusion,
  m: AuditMessages,
  book: NumberBook = new NumberBook(),
): string {
  const e = conclusion.evaluation;
  const n = auditNumbers(book);
  const test =
    e && conclusion.test !== null
      ? m.test(
          n('flaggedPlanted', e.flaggedPlanted, 'int'),
          n('flagged', e.flagged, 'int'),
          n('planted', e.planted, 'int'),
          n('audited', e.audited, 'int'),
          n('flaggedTestP', e.flaggedTestP, 'p'),
          n('significance', AUDIT_SIGNIFICANCE, 'sig'),
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
  book: NumberBook,
): string[] {
  const n = auditNumbers(book);
  const measure = (key: string, value: number | null) =>
    value === null ? '—' : n(key, value, 'fixed3');
  const outside = n('plantedInValidation', record.groundTruth?.validation.length ?? 0, 'int');
  const planted = n('planted', e.planted, 'int');
  const audited = n('audited', e.audited, 'int');
  const c = m.measureColumns;
  const lines = [
    `${sub} ${m.groundTruthHeading}`,
    '',
    m.groundTruthIntro(
      planted,
      audited,
      outside,
      n('chancePrecision', e.planted / e.audited, 'fixed3'),
    ),
    '',
    `| ${c.measure} | ${c.value} | ${c.definition} |`,
    '| --- | --: | --- |',
    `| ${m.precisionAtK(planted)} | ${measure('precisionAtK', e.precisionAtK)} | ${m.precisionAtKDefinition(n('topKTestP', e.topKTestP, 'p'))} |`,
    `| ${m.averagePrecision} | ${measure('averagePrecision', e.averagePrecision)} | ${m.averagePrecisionDefinition} |`,
    `| ${m.auroc} | ${measure('auroc', e.auroc)} | ${m.aurocDefinition} |`,
    `| ${m.flaggedPlanted} | ${m.flaggedPlantedValue(n('flaggedPlanted', e.flaggedPlanted, 'int'), n('flagged', e.flagged, 'int'))} | ${m.flaggedPlantedDefinition(n('flaggedTestP', e.flaggedTestP, 'p'), n('significance', AUDIT_SIGNIFICANCE, 'sig'))} |`,
  ];
  if (e.byKind.length > 1) {
    const k = m.kindColumns;
    lines.push('', `| ${k.kind} | ${k.planted} | ${k.auroc} |`, '| --- | --: | --: |');
    e.byKind.forEach((row, i) => {
      const kindPlanted = n(`byKind.${i}.planted`, row.planted, 'int');
      lines.push(`| ${row.kind} | ${kindPlanted} | ${measure(`byKind.${i}.auroc`, row.auroc)} |`);
    });
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
