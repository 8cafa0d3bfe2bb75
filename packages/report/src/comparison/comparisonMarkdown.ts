import type { ComparisonMessages } from '../i18n/comparison-messages.js';
import type { Messages } from '../i18n/messages.js';
import type { NumberBook } from '../numberBook.js';
import { code, describeProblem } from '../reportMarkdown.js';
import { DIFFERENCE_LEVEL, type SeedSummary } from './seedStatistics.js';
import {
  type BatchSizeGroup,
  type ConditionSummary,
  type FactorComparison,
  type SweepAnalysis,
  TRAINING_TARGET,
  WIDE_INTERVAL_RATIO,
} from './sweepAnalysis.js';
import type { ComparisonProblem, ReadSweep } from './sweepInput.js';

/** One problem in the report's language (field defects in the run report's wording). */
export function describeComparisonProblem(
  p: ComparisonProblem,
  cm: ComparisonMessages,
  m: Messages,
): string {
  switch (p.kind) {
    case 'field':
      return describeProblem(p.problem, m);
    case 'duplicate-cell':
      return cm.problemDuplicate(code(p.cellId), p.indices.join(', '));
    case 'not-increasing':
      return cm.problemNotIncreasing(code(`${p.where} ${p.field}`));
    case 'batch-size-mismatch':
      return cm.problemBatchSizeMismatch(code(p.where), code(p.parameter), String(p.batchSize));
    case 'no-epochs':
      return cm.problemNoEpochs(code(p.where));
    case 'cell-not-completed':
      return cm.problemNotCompleted(code(p.cellId), p.status);
    case 'no-usable-cells':
      return cm.problemNoUsableCells;
  }
}

/** Markdown table cells may not contain a bare '|'. */
function cell(text: string): string {
  return text.replaceAll('|', '\\|');
}

function row(cells: string[]): string {
  return `| ${cells.map(cell).join(' | ')} |`;
}

/** report.md of a sweep comparison; every number goes through `book`. */
export function comparisonMarkdown(
  sweep: ReadSweep,
  analysis: SweepAnalysis,
  figure: string | null,
  cm: ComparisonMessages,
  m: Messages,
  book: NumberBook,
): string {
  const lines: string[] = [`# ${cm.title(code(sweep.sweepId))}`, ''];
  if (sweep.problems.length > 0) {
    lines.push(cm.partialBanner, '>');
    for (const p of sweep.problems) lines.push(`> - ${describeComparisonProblem(p, cm, m)}`);
    lines.push('');
  }
  lines.push(
    `- ${cm.label(cm.sweepId)}${code(sweep.sweepId)}`,
    `- ${cm.label(cm.createdAt)}${sweep.createdAt === null ? cm.notRecorded : code(sweep.createdAt)}`,
    `- ${cm.label(cm.cells)}${cm.cellCounts(book.num('cells.total', sweep.totalCells, 'int'), book.num('cells.completed', sweep.completed.length, 'int'))}`,
    `- ${cm.label(cm.spec)}${code(JSON.stringify(sweep.spec))}`,
    '',
    cm.statisticsNote,
    '',
  );
  const summary = (s: SeedSummary | null, key: string) =>
    s === null
      ? cm.none
      : cm.summary(
          book.num(`${key}.mean`, s.mean),
          s.sd === null ? null : book.num(`${key}.sd`, s.sd),
          book.num(`${key}.n`, s.n, 'int'),
        );

  perCondition(lines, analysis, figure, cm, book, summary);
  batchSizeSection(lines, analysis.batchSizeGroups, cm, book, summary);
  factorSection(lines, analysis, cm, book, summary);
  return `${lines.join('\n').trimEnd()}\n`;
}

type Summary = (s: SeedSummary | null, key: string) => string;

function perCondition(
  lines: string[],
  analysis: SweepAnalysis,
  figure: string | null,
  cm: ComparisonMessages,
  book: NumberBook,
  summary: Summary,
): void {
  lines.push(`## 1. ${cm.perConditionHeading}`, '', cm.perConditionIntro, '');
  const c = cm.columns;
  lines.push(row([c.condition, c.runs, c.spearman, c.accuracy, c.loss, c.bSimple, c.cosine]));
  lines.push(row(Array(7).fill('---')));
  analysis.conditions.forEach((cond, i) => {
    const k = `conditions.${i}`;
    lines.push(
      row([
        code(cond.key),
        book.num(`${k}.runs`, cond.cells.length, 'int'),
        summary(cond.metrics.spearman, `${k}.spearman`),
        summary(cond.metrics.pairwiseAccuracy, `${k}.pairwiseAccuracy`),
        summary(cond.metrics.validationLoss, `${k}.validationLoss`),
        summary(cond.metrics.bSimple, `${k}.finalBSimple`),
        summary(cond.metrics.meanCosine, `${k}.finalMeanCosine`),
      ]),
    );
  });
  lines.push('');
  if (figure) {
    const methods = [
      ...new Set(
        analysis.cells.flatMap((c) =>
          c.probes.flatMap((p) =>
            p.level === null || p.method === null
              ? []
              : [`${Math.round(100 * p.level)}% ${p.method}`],
          ),
        ),
      ),
    ];
    lines.push(`![${cm.figureTitle}](${figure})`, '', cm.figureCaption);
    if (methods.length > 0) lines.push('', cm.intervalMethods(methods.map(code).join(', ')));
    lines.push('');
  }
  analysis.cells.forEach((cellSummary, i) => {
    cellSummary.probes.forEach((p, j) => {
      const epoch = () => book.num(`cells.${i}.probes.${j}.epoch`, p.epoch, 'int');
      if (p.bSimple === null) {
        lines.push(`- ${cm.probeUndefined(code(cellSummary.cellId), epoch(), p.undefinedReason)}`);
      } else if (p.bSimple <= 0) {
        const value = book.num(`cells.${i}.probes.${j}.bSimple`, p.bSimple);
        lines.push(`- ${cm.probeNonPositive(code(cellSummary.cellId), epoch(), value)}`);
      }
    });
  });
  if (lines[lines.length - 1] !== '') lines.push('');
  lines.push(`### ${cm.notesHeading}`, '');
  for (const cond of analysis.conditions) lines.push(`- ${code(cond.key)}: ${notes(cond, cm)}`);
  lines.push('');
}

function notes(cond: ConditionSummary, cm: ComparisonMessages): string {
  return cond.notes.length === 0 ? cm.noteMissing : cond.notes.map(code).join('; ');
}

function batchSizeSection(
  lines: string[],
  groups: BatchSizeGroup[],
  cm: ComparisonMessages,
  book: NumberBook,
  summary: Summary,
): void {
  lines.push(`## 2. ${cm.batchSizeHeading}`, '');
  lines.push(cm.targetStatement(book.num('target.threshold', TRAINING_TARGET.threshold)), '');
  lines.push(cm.fitMethod, '');
  groups.forEach((g, gi) => {
    const k = `batchSize.${gi}`;
    lines.push(`### ${cm.groupHeading(code(g.key))}`, '');
    const c = cm.batchColumns;
    lines.push(row([c.batchSize, c.runs, c.reached, c.steps, c.examples, c.bSimple]));
    lines.push(row(Array(6).fill('---')));
    g.rows.forEach((r, ri) => {
      const rk = `${k}.rows.${ri}`;
      lines.push(
        row([
          book.num(`${rk}.batchSize`, r.batchSize),
          book.num(`${rk}.runs`, r.runs, 'int'),
          book.num(`${rk}.reached`, r.reached, 'int'),
          summary(r.steps, `${rk}.steps`),
          summary(r.examples, `${rk}.examples`),
          summary(r.bSimple, `${rk}.bSimple`),
        ]),
      );
    });
    lines.push('');
    for (const [ri, r] of g.rows.entries()) {
      for (const [ci, x] of r.censored.entries()) {
        const ck = `${k}.rows.${ri}.censored.${ci}`;
        const epochs = book.num(`${ck}.epochs`, x.epochs, 'int');
        const steps = book.num(`${ck}.steps`, x.steps, 'int');
        const examples = book.num(`${ck}.examples`, x.examples, 'int');
        lines.push(`- ${cm.censored(code(x.cellId), epochs, steps, examples)}`);
      }
    }
    if (g.rows.some((r) => r.censored.length > 0)) lines.push('');
    const fit = g.fit;
    if (fit.status === 'ok' && fit.interval && fit.bCrit !== null) {
      const n = (name: string, v: number | null) => book.num(`${k}.fit.${name}`, v as number);
      lines.push(
        cm.fitOk(
          n('bCrit', fit.bCrit),
          n('interval.low', fit.interval.low),
          n('interval.high', fit.interval.high),
          book.num(`${k}.fit.interval.levelPercent`, 100 * fit.interval.level, 'int'),
          n('sMin', fit.sMin),
          n('sMinStandardError', fit.sMinStandardError),
          n('eMin', fit.eMin),
          n('eMinStandardError', fit.eMinStandardError),
          book.num(`${k}.fit.points`, fit.points, 'int'),
        ),
      );
    } else {
      lines.push(cm.fitUndefined(fit.undefinedReason ?? ''));
    }
    const bSimple = g.bSimple ? book.num(`${k}.bSimple.mean`, g.bSimple.mean) : null;
    const ratio =
      g.bSimple && fit.bCrit !== null && g.bSimple.mean > 0
        ? book.num(`${k}.bCritOverBSimple`, fit.bCrit / g.bSimple.mean)
        : null;
    lines.push('', `**${cm.noiseScaleVerdict[g.verdict](bSimple, ratio)}**`);
    if (g.sameTargetEpoch !== null) {
      lines.push(
        '',
        cm.sameTargetEpoch(book.num(`${k}.sameTargetEpoch`, g.sameTargetEpoch, 'int')),
      );
    }
    if (g.wideInterval) {
      lines.push(
        '',
        cm.wideInterval(book.num('method.wideIntervalRatio', WIDE_INTERVAL_RATIO, 'int')),
      );
    }
    lines.push('');
  });
}

function factorSection(
  lines: string[],
  analysis: SweepAnalysis,
  cm: ComparisonMessages,
  book: NumberBook,
  summary: Summary,
): void {
  lines.push(`## 3. ${cm.factorHeading}`, '');
  lines.push(
    cm.factorIntro(book.num('method.differenceLevelPercent', 100 * DIFFERENCE_LEVEL, 'int')),
    '',
  );
  if (analysis.factors.length === 0) {
    lines.push(cm.noFactors, '');
    return;
  }
  analysis.factors.forEach((f, fi) => {
    lines.push(`### ${cm.factorSubheading(code(f.factor))}`, '');
    const c = cm.factorColumns;
    // One table per pair of levels (the column heads name the levels).
    const pairs = [...new Set(f.comparisons.map((x) => JSON.stringify([x.levelA, x.levelB])))];
    for (const pair of pairs) {
      const [a, b] = JSON.parse(pair) as [string | number, string | number];
      lines.push(
        row([c.fixed, c.quantity, c.a(code(String(a))), c.b(code(String(b))), c.test, c.verdict]),
        row(Array(6).fill('---')),
      );
      for (const [ci, cmp] of f.comparisons.entries()) {
        if (JSON.stringify([cmp.levelA, cmp.levelB]) !== pair) continue;
        const k = `factors.${fi}.comparisons.${ci}`;
        for (const q of ['bSimple', 'meanCosine', 'spearman'] as const) {
          lines.push(row(comparisonRow(cmp, q, `${k}.${q}`, cm, book, summary)));
        }
      }
      lines.push('');
    }
    lines.push(`**${cm.physicalHeading(code(f.factor))}**`, '');
    for (const cond of analysis.conditions) {
      if (cond.parameters.some(([name]) => name === f.factor)) {
        lines.push(`- ${code(cond.key)}: ${notes(cond, cm)}`);
      }
    }
    lines.push('');
  });
}

function comparisonRow(
  cmp: FactorComparison,
  q: 'bSimple' | 'meanCosine' | 'spearman',
  key: string,
  cm: ComparisonMessages,
  book: NumberBook,
  summary: Summary,
): string[] {
  const t = cmp.tests[q];
  const fixed =
    cmp.fixed.length === 0 ? cm.none : code(cmp.fixed.map(([n, v]) => `${n}=${v}`).join(', '));
  const test =
    t.t === null || t.df === null || t.critical === null
      ? cm.noTest
      : cm.welch(
          book.num(`${key}.t`, t.t),
          book.num(`${key}.df`, t.df),
          book.num(`${key}.critical`, t.critical),
        );
  const higher = t.verdict === 'a-higher' ? cmp.levelA : cmp.levelB;
  return [
    fixed,
    cm.quantities[q],
    summary(t.a, `${key}.a`),
    summary(t.b, `${key}.b`),
    test,
    cm.differenceVerdict(q, t.verdict, code(`${cmp.factor}=${higher}`), t.reason),
  ];
}
