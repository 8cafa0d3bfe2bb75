import { renderAuditSection } from './auditSection.js';
import { B_SIMPLE_STYLE } from './bSimpleFormat.js';
import { type BSimpleInterval, bSimpleInterval, intervalNote } from './bSimpleInterval.js';
import { cosineColourRange, HEATMAP_MAX_NUMBERED } from './charts.js';
import { gnsRows } from './gnsChart.js';
import type { Messages } from './i18n/messages.js';
import type { NumberBook } from './numberBook.js';
import type { ProbeRecord } from './probeRecord.js';
import type { Problem } from './problems.js';
import type { RunData } from './runDirectory.js';
import { MIN_TREND_POINTS } from './trend.js';
import {
  type Conclusions,
  MIN_BATCHES,
  type OutlierVerdict,
  type TrendVerdict,
} from './verdicts.js';

/** Figure paths relative to the report directory; null when the figure could not be drawn. */
export interface FigureLinks {
  gns: string | null;
  loss: string | null;
  embedding: Map<number, string>;
  similarity: Map<number, string>;
  /** Precision–recall of the data audit against planted faults; null without one. */
  audit: string | null;
}

/** Confidence level of the slope intervals, in percent (trend.ts uses t₀.₉₇₅). */
const TREND_LEVEL_PERCENT = 95;

/** Inline code: user data (ids, descriptions, paths) is shown verbatim, never as prose. */
export function code(text: string): string {
  const clean = text.replace(/[\r\n]+/g, ' ');
  const fence = clean.includes('`') ? '``' : '`';
  return `${fence}${clean}${fence}`;
}

/** Markdown for one problem, in the report's language. */
export function describeProblem(p: Problem, m: Messages): string {
  const where = code(p.field ? `${p.file} ${p.field}` : p.file);
  return m.problem(
    where,
    m.problemKinds[p.kind],
    p.expected ? m.expectations[p.expected] : null,
    p.got !== undefined ? code(p.got) : null,
  );
}

/** report.md: the seed report's six sections, one function each, every number printed through `book`. */
export function reportMarkdown(
  run: RunData,
  conclusions: Conclusions,
  figures: FigureLinks,
  m: Messages,
  book: NumberBook,
): string {
  return [
    `# ${m.reportTitle(code(run.runId))}`,
    '',
    ...partialBanner(run, m),
    ...metadataSection(run, m, book),
    ...backgroundSection(m),
    ...purposeSection(run, m, book),
    ...methodSection(run.config ?? {}, m, book),
    ...resultsSection(run, conclusions, figures, m, book),
    ...auditSection(run, figures, m, book),
    ...conclusionsSection(conclusions, m, book),
  ].join('\n');
}

const capitalize = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

/** 5.5: the data audit (audit.json), when the run has one. */
function auditSection(run: RunData, figures: FigureLinks, m: Messages, book: NumberBook): string[] {
  if (!run.audit) return [];
  const { lines } = renderAuditSection(run.audit, {
    heading: `### 5.5 ${m.audit.title}`,
    messages: m.audit,
    book,
    ...(figures.audit && { figurePath: figures.audit }),
  });
  return [...lines, ''];
}

/** Epochs as a comma-separated list, each recorded in the book under `key.i`. */
function epochList(epochs: number[], key: string, book: NumberBook): string {
  return epochs.map((e, i) => book.num(`${key}.${i}`, e, 'int')).join(', ');
}

/** Every problem of the run directory, at the top, before anything else is read. */
function partialBanner(run: RunData, m: Messages): string[] {
  if (run.problems.length === 0) return [];
  return [m.partialBanner, '>', ...run.problems.map((p) => `> - ${describeProblem(p, m)}`), ''];
}

/** 1: what ran, where and with what (config.json, state.json). */
function metadataSection(run: RunData, m: Messages, book: NumberBook): string[] {
  const config = run.config ?? {};
  const lines = [`## 1. ${m.metadataHeading}`, ''];
  const meta = (label: string, value: unknown, key: string) =>
    lines.push(
      `- ${m.label(label)}${value === undefined ? m.notRecorded : renderValue(value, key, book)}`,
    );
  meta(m.runId, run.runId, 'runId');
  meta(m.timestamp, config.createdAt, 'config.createdAt');
  meta(m.description, config.description, 'config.description');
  lines.push(`- ${m.label(m.status)}${m.statuses[run.status ?? 'unknown']}`);
  if (run.error !== null) lines.push(`- ${m.label(m.runError)}${code(run.error)}`);
  if (run.lastCompletedEpoch !== null) {
    lines.push(
      `- ${m.label(m.lastCompletedEpoch)}${book.num('state.lastCompletedEpoch', run.lastCompletedEpoch, 'int')}`,
    );
  }
  meta(m.machine, config.machine, 'config.machine');
  meta(m.backend, config.backend, 'config.backend');
  const used = config.backendUsed as { name?: unknown; reason?: unknown } | undefined;
  if (typeof used?.name === 'string') {
    const reason = typeof used.reason === 'string' ? ` (${code(used.reason)})` : '';
    lines.push(`- ${m.label(m.backendUsed)}${code(used.name)}${reason}`);
  }
  meta(m.versions, config.versions, 'config.versions');
  return [...lines, ''];
}

function backgroundSection(m: Messages): string[] {
  return [`## 2. ${m.backgroundHeading}`, '', ...m.background.flatMap((p) => [p, ''])];
}

function purposeSection(run: RunData, m: Messages, book: NumberBook): string[] {
  const analysed = epochList(
    run.probes.map((p) => p.epoch),
    'analysedEpochs',
    book,
  );
  return [
    `## 3. ${m.purposeHeading}`,
    '',
    `**${m.purposeLabel}**`,
    '',
    ...numbered(m.purposes(analysed || m.notRecorded)),
    '',
    `**${m.hypothesesLabel}**`,
    '',
    ...numbered(m.hypotheses),
    '',
  ];
}

/** 4: the recorded configuration, then how each analysis quantity is defined and tested. */
function methodSection(config: Record<string, unknown>, m: Messages, book: NumberBook): string[] {
  const configSection = (heading: string, section: string, extra: string[] = []) => {
    const value = config[section];
    return [
      `### ${heading}`,
      '',
      ...(value === undefined || value === null
        ? [m.configSectionMissing(section)]
        : renderLeaves(value, `config.${section}`, book)),
      ...extra,
      '',
    ];
  };
  const method = [
    m.analysisProbe,
    m.analysisEstimator,
    m.analysisEstimatorParts,
    m.analysisInterval,
    m.analysisOnline,
    m.analysisCosine,
    m.analysisEmbedding,
    m.analysisOutliers,
    m.analysisTrend(
      book.num('method.minBatches', MIN_BATCHES, 'int'),
      book.num('method.trendLevelPercent', TREND_LEVEL_PERCENT, 'int'),
      book.num('method.minTrendPoints', MIN_TREND_POINTS, 'int'),
    ),
  ];
  return [
    `## 4. ${m.methodHeading}`,
    '',
    ...configSection(m.datasetHeading, 'data', datasetDetails(config, m, book)),
    ...configSection(m.modelHeading, 'model'),
    ...configSection(m.trainingHeading, 'training'),
    `### ${m.analysisHeading}`,
    '',
    ...numbered(method),
    '',
  ];
}

/** 5: GNS, t-SNE, cosine matrices and loss, one subsection each. */
function resultsSection(
  run: RunData,
  conclusions: Conclusions,
  figures: FigureLinks,
  m: Messages,
  book: NumberBook,
): string[] {
  return [
    `## 5. ${m.resultsHeading}`,
    '',
    ...gnsResults(run, conclusions, figures, m, book),
    `### 5.2 ${m.embeddingHeading}`,
    '',
    m.embeddingIntro,
    '',
    ...run.probes.flatMap((probe) => embeddingSection(probe, figures, m, book)),
    `### 5.3 ${m.similarityHeading}`,
    '',
    m.similarityIntro(book.num('method.heatmapMaxNumbered', HEATMAP_MAX_NUMBERED, 'int')),
    '',
    ...run.probes.flatMap((probe, i) =>
      similaritySection(probe, run.probes[i - 1], figures, m, book),
    ),
    `### 5.4 ${m.lossHeading}`,
    '',
    ...(figures.loss ? [`![${m.lossFigure.title}](./${figures.loss})`, ''] : []),
    lossParagraph(run, m, book),
    '',
  ];
}

/** 5.1: the table, the epochs without analysis, the figure and its caption, the trend. */
function gnsResults(
  run: RunData,
  conclusions: Conclusions,
  figures: FigureLinks,
  m: Messages,
  book: NumberBook,
): string[] {
  const lines = [`### 5.1 ${m.gnsHeading}`, ''];
  if (run.probes.length === 0) lines.push(m.noProbes, '');
  else lines.push(...gnsTable(run.probes, m, book), '');
  if (run.missingProbeEpochs.length > 0) {
    lines.push(m.probesMissing(epochList(run.missingProbeEpochs, 'missingProbeEpochs', book)), '');
  }
  if (figures.gns) lines.push(...gnsFigureCaption(run, figures.gns, m, book));
  if (run.probes.length > 0) {
    lines.push(
      `${m.gnsAnalysis} ${trendSentence(conclusions.gnsDecreases, m.gnsQuantity, 'gnsTrend', m, book)}`,
      '',
    );
  }
  return lines;
}

/** The GNS figure with what it draws specially: the axis, undefined probes, lower bounds. */
function gnsFigureCaption(run: RunData, link: string, m: Messages, book: NumberBook): string[] {
  const rows = gnsRows(run.probes);
  const level = rows.length > 0 ? bSimpleInterval(run.probes[0].probe.noiseScale)?.level : null;
  const epochsOf = (kind: string, key: string) =>
    epochList(
      rows.filter((r) => r.kind === kind).map((r) => r.epoch),
      key,
      book,
    );
  const omitted = epochsOf('undefined', 'gnsFigure.undefinedEpochs');
  const lowerBound = epochsOf('lower-bound', 'gnsFigure.lowerBoundEpochs');
  return [
    `![${m.gnsFigure.title}](./${link})`,
    '',
    m.gnsFigureAxis(book.num('gns.intervalLevelPercent', (level ?? 0.95) * 100, 'int')),
    ...(omitted ? [m.gnsFigureOmits(omitted)] : []),
    ...(lowerBound ? [m.gnsFigureLowerBound(lowerBound)] : []),
    '',
  ];
}

/** 6: one line per hypothesis with its test and result, the batch size, future work. */
function conclusionsSection(c: Conclusions, m: Messages, book: NumberBook): string[] {
  const verdictLine = (n: number, verdict: keyof Messages['verdicts'], reasoning: string) =>
    m.hypothesisLine(String(n), m.hypotheses[n - 1], m.verdicts[verdict], reasoning);
  const future = [
    ...(hasUndecided(c) ? [m.futureMoreData] : []),
    ...((c.dataAudit ?? c.outliers).verdict === 'not-tested' ? [m.futurePlanted] : []),
    ...(c.outliers.samples.length > 0 ? [m.futureOutliers] : []),
    ...m.futureStatic,
  ];
  return [
    `## 6. ${m.conclusionsHeading}`,
    '',
    `### 6.1 ${m.conclusionsSubheading}`,
    '',
    ...(c.tooFewBatchEpochs.length > 0
      ? [
          m.tooFewBatches(
            epochList(c.tooFewBatchEpochs, 'conclusions.tooFewBatchEpochs', book),
            book.num('method.minBatches', MIN_BATCHES, 'int'),
          ),
          '',
        ]
      : []),
    verdictLine(1, c.gnsDecreases.verdict, gnsReasoning(c, m, book)),
    verdictLine(
      2,
      c.directionsAlign.verdict,
      trendSentence(c.directionsAlign, m.alignmentQuantity, 'alignmentTrend', m, book),
    ),
    c.dataAudit
      ? m.hypothesisLine(
          '3',
          m.hypotheses[2],
          m.verdicts[c.dataAudit.verdict],
          `${capitalize(m.audit.reason[c.dataAudit.reason])} (${m.audit.title}, 5.5). ${outlierReasoning(c, m, book, true)}`.trim(),
        )
      : verdictLine(3, c.outliers.verdict, outlierReasoning(c, m, book)),
    '',
    `### 6.2 ${m.batchSizeHeading}`,
    '',
    batchSizeParagraph(c, m, book),
    '',
    `### 6.3 ${m.futureHeading}`,
    '',
    ...numbered(future),
    '',
  ];
}

/** Hypothesis 1: the trend test, then each kind of epoch left out of it and why. */
function gnsReasoning(c: Conclusions, m: Messages, book: NumberBook): string {
  const v = c.gnsDecreases;
  const parts = [trendSentence(v, m.gnsQuantity, 'gnsTrend', m, book)];
  if (v.undefinedEpochs.length > 0) {
    const reasons = [...new Set(v.undefinedEpochs.map((e) => e.reason ?? m.gnsUndefinedLegacy))];
    parts.push(
      m.undefinedExcluded(
        epochList(
          v.undefinedEpochs.map((e) => e.epoch),
          'gnsTrend.undefinedEpochs',
          book,
        ),
        reasons.join('; '),
      ),
    );
  }
  if (v.oneSidedEpochs.length > 0) {
    parts.push(m.oneSidedExcluded(epochList(v.oneSidedEpochs, 'gnsTrend.oneSidedEpochs', book)));
  }
  if (v.negativeEpochs.length > 0) {
    parts.push(m.negativeExcluded(epochList(v.negativeEpochs, 'gnsTrend.negativeEpochs', book)));
  }
  return parts.join(' ');
}

/** The dataset's own description and the sizes of the split (trainer's config.json). */
function datasetDetails(config: Record<string, unknown>, m: Messages, book: NumberBook): string[] {
  const details: string[] = [];
  if (typeof config.dataDescription === 'string') details.push(`- ${code(config.dataDescription)}`);
  const split = config.split as { train?: unknown; validation?: unknown } | undefined;
  if (Array.isArray(split?.train) && Array.isArray(split.validation)) {
    details.push(
      `- ${m.splitSizes(
        book.num('config.split.train.length', split.train.length, 'int'),
        book.num('config.split.validation.length', split.validation.length, 'int'),
      )}`,
    );
  }
  return details;
}

/** A Markdown numbered list. */
function numbered(items: string[]): string[] {
  return items.map((item, i) => `${i + 1}. ${item}`);
}

function hasUndecided(c: Conclusions): boolean {
  return [c.gnsDecreases, c.directionsAlign, c.outliers].some((v) => v.verdict === 'inconclusive');
}

function onlineCell(p: ProbeRecord, k: string, m: Messages, book: NumberBook): string {
  if (!p.training) return '—';
  if (p.training.bSimple === null)
    return m.gnsUndefined(p.training.undefinedReason ?? m.gnsUndefinedLegacy);
  return book.num(`${k}.onlineBSimple`, p.training.bSimple, B_SIMPLE_STYLE);
}

function gnsTable(probes: ProbeRecord[], m: Messages, book: NumberBook): string[] {
  const c = m.gnsColumns;
  const intervals = probes.map((p) => bSimpleInterval(p.probe.noiseScale));
  const level = intervals.find((i) => i !== null)?.level;
  const levelText =
    level === undefined ? '' : book.num('gns.intervalLevelPercent', level * 100, 'int');
  const header = [
    c.epoch,
    c.batches,
    c.batchSize,
    c.gradientNormSquared,
    c.traceCovariance,
    c.bSimple,
    c.bSimplePerParameter,
    c.interval(levelText),
    c.online,
  ];
  const rows = probes.map((p, i) => {
    const ns = p.probe.noiseScale;
    const interval = intervals[i];
    const k = `gns.epoch${p.epoch}`;
    const parts = [
      book.num(`${k}.epoch`, p.epoch, 'int'),
      book.num(`${k}.batches`, p.probe.batches, 'int'),
      // A short last batch makes B a harmonic mean (3.667): printed as such, not rounded to 4.
      book.num(
        `${k}.batchSize`,
        p.probe.batchSize,
        Number.isInteger(p.probe.batchSize) ? 'int' : 'sig',
      ),
      book.num(`${k}.gradientNormSquared`, ns.gradientNormSquared),
      book.num(`${k}.traceCovariance`, ns.traceCovariance),
    ];
    if (ns.bSimple === null) {
      const why = m.gnsUndefined(ns.undefinedReason ?? m.gnsUndefinedLegacy);
      return [...parts, why, m.gnsUndefinedShort, m.gnsUndefinedShort, onlineCell(p, k, m, book)];
    }
    const bSimple = book.num(`${k}.bSimple`, ns.bSimple, B_SIMPLE_STYLE);
    return [
      ...parts,
      ns.negative ? `${bSimple} (${m.negativeEstimate})` : bSimple,
      book.num(`${k}.bSimplePerParameter`, ns.bSimplePerParameter as number),
      intervalCell(interval, k, m, book),
      onlineCell(p, k, m, book),
    ];
  });
  // A literal '|' (as in |G|²) would end a table cell.
  const cell = (text: string) => text.replaceAll('|', '\\|');
  const table = [header, header.map(() => '---'), ...rows].map(
    (r) => `| ${r.map(cell).join(' | ')} |`,
  );
  const first = probes[0].probe.noiseScale;
  const method = intervals.find((i) => i !== null)?.method;
  const notes = probes.flatMap((p) => {
    const note = intervalNote(p.probe.noiseScale);
    if (note === null) return [];
    const epoch = book.num(`gns.epoch${p.epoch}.epoch`, p.epoch, 'int');
    return [`- ${m.intervalNoteLine(epoch, code(note))}`];
  });
  // How each interval's inner products were obtained (grad-analysis's `path`, when recorded).
  const onPath = (path: 'exact' | 'sketch') =>
    probes
      .filter((_, i) => intervals[i]?.path === path)
      .map((p, i) => book.num(`gns.intervalPath.${path}.${i}`, p.epoch, 'int'));
  const exact = onPath('exact');
  const sketch = onPath('sketch');
  return [
    ...table,
    '',
    m.estimatorUsed(code(first.estimator), method ? code(method) : m.intervalMissing),
    ...(exact.length + sketch.length > 0
      ? [m.intervalPaths(exact.join(', ') || null, sketch.join(', ') || null)]
      : []),
    ...(notes.length > 0 ? ['', ...notes] : []),
  ];
}

/** Two-sided: `low – high`; lower bound: `≥ low` (nothing bounds B_simple above). */
function intervalCell(
  interval: BSimpleInterval | null,
  k: string,
  m: Messages,
  book: NumberBook,
): string {
  if (!interval) return m.intervalMissing;
  const low = book.num(`${k}.interval.low`, interval.low, B_SIMPLE_STYLE);
  if (interval.high === null) return m.intervalLowerBound(low);
  return `${low} – ${book.num(`${k}.interval.high`, interval.high, B_SIMPLE_STYLE)}`;
}

function trendSentence(
  v: TrendVerdict,
  quantity: string,
  key: string,
  m: Messages,
  book: NumberBook,
): string {
  if (!v.trend) {
    return m.tooFewProbes(
      book.num(`${key}.usableEpochs`, v.epochs.length, 'int'),
      book.num('method.minTrendPoints', MIN_TREND_POINTS, 'int'),
    );
  }
  return m.trendReasoning({
    quantity,
    slope: book.num(`${key}.slope`, v.trend.slope),
    low: book.num(`${key}.low`, v.trend.low),
    high: book.num(`${key}.high`, v.trend.high),
    level: book.num('method.trendLevelPercent', TREND_LEVEL_PERCENT, 'int'),
    epochs: v.epochs.map((e, i) => book.num(`${key}.epochs.${i}`, e, 'int')).join(', '),
    direction: v.reason === 'too-few-probes' ? 'no-clear-trend' : v.reason,
  });
}

function outlierList(probe: ProbeRecord, m: Messages, book: NumberBook): string {
  const flagged = probe.probe.outliers.batches;
  if (flagged.length === 0) return m.noOutliers;
  const k = `outliers.epoch${probe.epoch}`;
  return m.outlierList(
    flagged
      .map((b, i) =>
        m.outlierBatch(
          book.num(`${k}.${i}.index`, b.index, 'int'),
          b.similarityZ === null
            ? m.gnsUndefinedShort
            : book.num(`${k}.${i}.similarityZ`, b.similarityZ),
          book.num(`${k}.${i}.normZ`, b.normZ),
        ),
      )
      .join('; '),
  );
}

function embeddingSection(
  probe: ProbeRecord,
  figures: FigureLinks,
  m: Messages,
  book: NumberBook,
): string[] {
  const k = `embedding.epoch${probe.epoch}`;
  const lines = [`#### ${m.epochHeading(book.num(`${k}.epoch`, probe.epoch, 'int'))}`, ''];
  const embedding = probe.probe.embedding;
  const link = figures.embedding.get(probe.epoch);
  if (!embedding) {
    return [...lines, m.embeddingMissing(book.num(`${k}.batches`, probe.probe.batches, 'int')), ''];
  }
  if (link) lines.push(`![${m.embeddingFigure.title(String(probe.epoch))}](./${link})`, '');
  lines.push(
    m.embeddingAnalysis({
      batches: book.num(`${k}.batches`, probe.probe.batches, 'int'),
      method: code(embedding.method),
      kl: book.num(`${k}.klDivergence`, embedding.klDivergence),
      outliers: outlierList(probe, m, book),
    }),
    '',
  );
  return lines;
}

function similaritySection(
  probe: ProbeRecord,
  previous: ProbeRecord | undefined,
  figures: FigureLinks,
  m: Messages,
  book: NumberBook,
): string[] {
  const k = `similarity.epoch${probe.epoch}`;
  const lines = [`#### ${m.epochHeading(book.num(`${k}.epoch`, probe.epoch, 'int'))}`, ''];
  const link = figures.similarity.get(probe.epoch);
  if (link) {
    const range = cosineColourRange(probe.probe.similarity.matrix);
    lines.push(
      `![${m.similarityFigure.title(String(probe.epoch))}](./${link})`,
      '',
      m.similarityColourRange(
        book.num(`${k}.colourRange.low`, range.low),
        book.num(`${k}.colourRange.high`, range.high),
      ),
      '',
    );
  }
  if (probe.probe.batches < 2) return [...lines, m.similarityOneBatch, ''];
  const s = probe.probe.similarity;
  const zero = s.undefinedBatches ?? [];
  if (s.meanOffDiagonal === null || s.minOffDiagonal === null || s.fractionNegative === null) {
    const n = probe.probe.batches;
    return [
      ...lines,
      m.similarityUndefined(book.num(`${k}.zeroGradientBatches`, zero.length, 'int'), String(n)),
      '',
    ];
  }
  const previousMean = previous?.probe.similarity.meanOffDiagonal ?? null;
  const comparable = previous && previous.probe.batches >= 2 && previousMean !== null;
  lines.push(
    `${m.similarityAnalysis({
      mean: book.num(`${k}.meanOffDiagonal`, s.meanOffDiagonal),
      min: book.num(`${k}.minOffDiagonal`, s.minOffDiagonal),
      negative: book.num(`${k}.fractionNegative`, s.fractionNegative),
      change: comparable ? book.num(`${k}.changeOfMean`, s.meanOffDiagonal - previousMean) : null,
      previousEpoch: comparable ? book.num(`${k}.previousEpoch`, previous.epoch, 'int') : null,
      outliers: outlierList(probe, m, book),
    })}`,
    '',
  );
  if (zero.length > 0) {
    const list = zero.map((b, i) => book.num(`${k}.zeroGradientBatch.${i}`, b, 'int'));
    lines.push(m.similarityZeroBatches(list.join(', ')), '');
  }
  if (s.path === 'sketch' && s.errorBound !== null) {
    lines.push(m.sketchedCosines(book.num(`${k}.errorBound`, s.errorBound)), '');
  }
  return lines;
}

function lossParagraph(run: RunData, m: Messages, book: NumberBook): string {
  const epochs = run.epochs;
  if (epochs.length === 0) return m.lossMissing;
  const first = epochs[0];
  const last = epochs[epochs.length - 1];
  return m.lossAnalysis({
    firstEpoch: book.num('loss.firstEpoch', first.epoch, 'int'),
    lastEpoch: book.num('loss.lastEpoch', last.epoch, 'int'),
    firstLoss: book.num('loss.firstTrainLoss', first.trainLoss),
    lastLoss: book.num('loss.lastTrainLoss', last.trainLoss),
    validation:
      last.validationLoss === null
        ? null
        : book.num('loss.lastValidationLoss', last.validationLoss),
    accuracy:
      last.pairwiseAccuracy === null
        ? null
        : book.num('loss.lastPairwiseAccuracy', last.pairwiseAccuracy),
    spearman: last.spearman === null ? null : book.num('loss.lastSpearman', last.spearman),
  });
}

/** `flagsOnly`: just the flagged batches (the data audit decides the hypothesis). */
function outlierReasoning(
  c: Conclusions,
  m: Messages,
  book: NumberBook,
  flagsOnly = false,
): string {
  const o = c.outliers;
  if (o.reason === 'too-few-batches') return flagsOnly ? '' : m.outliersTooFew;
  const flagged =
    o.batches.length === 0
      ? m.outliersNoneFlagged(
          book.num('outlierVerdict.threshold', o.threshold ?? 0),
          c.usableEpochs.map((e, i) => book.num(`outlierVerdict.epochs.${i}`, e, 'int')).join(', '),
        )
      : m.outliersFlagged(
          o.batches
            .map((b, i) =>
              m.outlierItem(
                book.num(`outlierVerdict.batches.${i}.epoch`, b.epoch, 'int'),
                book.num(`outlierVerdict.batches.${i}.index`, b.index, 'int'),
              ),
            )
            .join(', '),
          samplesByProbe(o.samples, m, book) || null,
        );
  if (flagsOnly) return flagged;
  if (o.reason === 'no-ground-truth') return `${m.outliersNotTested} ${flagged}`;
  if (o.reason === 'no-sample-ids') return `${m.outliersNoSampleIds} ${flagged}`;
  if (o.reason === 'no-planted-in-probes') return `${m.outliersNoPlantedInProbes} ${flagged}`;
  const t = o.test as NonNullable<typeof o.test>;
  const test = m.outliersTest({
    population: book.num('outlierVerdict.test.population', t.population, 'int'),
    planted: book.num('outlierVerdict.test.planted', t.planted, 'int'),
    flagged: book.num('outlierVerdict.test.flagged', t.flagged, 'int'),
    plantedFlagged: book.num('outlierVerdict.test.plantedFlagged', t.plantedFlagged, 'int'),
    pValue: book.num('outlierVerdict.test.pValue', t.pValue),
    alpha: book.num('outlierVerdict.test.alpha', t.alpha),
    enriched: o.reason === 'enriched',
  });
  return `${test} ${flagged}`;
}

/** Section 6.2: advice only where B_simple's interval excludes B, capped by pairs per epoch. */
function batchSizeParagraph(c: Conclusions, m: Messages, book: NumberBook): string {
  const a = c.batchSize;
  if (!a) return m.batchSizeUnknown;
  const size = (key: string, v: number) => book.num(key, v, Number.isInteger(v) ? 'int' : 'sig');
  return m.batchSizeAdvice(a.advice, {
    epoch: book.num('batchSize.epoch', a.epoch, 'int'),
    batchSize: size('batchSize.batchSize', a.batchSize),
    bNoise: book.num('batchSize.bNoise', a.bNoise),
    level: book.num('batchSize.interval.levelPercent', a.interval.level * 100, 'int'),
    low: book.num('batchSize.interval.low', a.interval.low),
    high: a.interval.high === null ? null : book.num('batchSize.interval.high', a.interval.high),
    fraction:
      a.learningRateFraction === null
        ? null
        : book.num('batchSize.learningRateFraction', a.learningRateFraction),
    pairsPerEpoch:
      a.pairsPerEpoch === null ? null : size('batchSize.pairsPerEpoch', a.pairsPerEpoch),
    upTo: a.upTo === null ? null : size('batchSize.upTo', a.upTo),
    cappedByData: a.cappedByData,
  });
}

/** A config value: numbers through the book, everything else verbatim in code spans. */
function renderValue(value: unknown, key: string, book: NumberBook): string {
  if (typeof value === 'number' && Number.isFinite(value)) {
    return book.num(key, value, Number.isInteger(value) ? 'int' : 'sig');
  }
  if (Array.isArray(value) && value.every((v) => typeof v === 'number' && Number.isFinite(v))) {
    return `[${value.map((v, i) => renderValue(v, `${key}.${i}`, book)).join(', ')}]`;
  }
  if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
    return Object.entries(value)
      .map(([k, v]) => `${code(k)}: ${renderValue(v, `${key}.${k}`, book)}`)
      .join(', ');
  }
  return code(typeof value === 'string' ? value : JSON.stringify(value));
}

/** Bullet list of an object's leaves (`depth`: 18); nested objects flatten to dotted keys. */
function renderLeaves(value: unknown, key: string, book: NumberBook, prefix = ''): string[] {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return [`- ${prefix ? `${code(prefix)}: ` : ''}${renderValue(value, key, book)}`];
  }
  return Object.entries(value).flatMap(([k, v]) =>
    typeof v === 'object' && v !== null && !Array.isArray(v)
      ? renderLeaves(v, `${key}.${k}`, book, prefix ? `${prefix}.${k}` : k)
      : [`- ${code(prefix ? `${prefix}.${k}` : k)}: ${renderValue(v, `${key}.${k}`, book)}`],
  );
}

/**
 * The flagged batches' samples, grouped by probe ('epoch 15: `a` (score 0.2), …; epoch 20: …'):
 * a score is the share of the sample's batches flagged in one probe, so an id recurs per probe.
 */
function samplesByProbe(samples: OutlierVerdict['samples'], m: Messages, book: NumberBook): string {
  const epochs = [...new Set(samples.map((s) => s.epoch))];
  return epochs
    .map((epoch, e) =>
      m.samplesOfEpoch(
        book.num(`outlierVerdict.sampleEpochs.${e}`, epoch, 'int'),
        samples
          .map((s, i) => ({ s, i }))
          .filter(({ s }) => s.epoch === epoch)
          .map(({ s, i }) =>
            m.sampleItem(code(s.sampleId), book.num(`outlierVerdict.samples.${i}.score`, s.score)),
          )
          .join(', '),
      ),
    )
    .join('; ');
}
