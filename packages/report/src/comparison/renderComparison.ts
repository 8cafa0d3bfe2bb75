import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { renderChart } from '../charts.js';
import { ReportError } from '../errors.js';
import { comparisonEn } from '../i18n/comparison-en.js';
import type { ComparisonMessages } from '../i18n/comparison-messages.js';
import { comparisonZhTW } from '../i18n/comparison-zh-TW.js';
import { LANGUAGES, type Language, MESSAGES } from '../i18n/index.js';
import { NumberBook } from '../numberBook.js';
import { replaceDirectory } from '../replaceDirectory.js';
import { type BSimplePoint, bSimpleChartSpec } from './comparisonChart.js';
import { comparisonMarkdown, describeComparisonProblem } from './comparisonMarkdown.js';
import { DIFFERENCE_LEVEL } from './seedStatistics.js';
import { analyseSweep, type SweepAnalysis, TRAINING_TARGET } from './sweepAnalysis.js';
import { readSweepInput, type SweepComparisonInput } from './sweepInput.js';

const COMPARISON_MESSAGES: Record<Language, ComparisonMessages> = {
  en: comparisonEn,
  'zh-TW': comparisonZhTW,
};

const FIGURE = 'bsimple_vs_epoch';

/**
 * Writes the sweep comparison into `outDir`: report.md (en or zh-TW), the B_simple figure (PNG and
 * SVG) and comparison.json (the analysis plus every number the text states, `numbers`). Built in
 * a temporary sibling folder and renamed into place: `outDir` never holds a half-written report.
 * Bad cells never throw: they are named in `problems` and the report is marked partial.
 */
export async function renderComparison(
  input: SweepComparisonInput,
  outDir: string,
  options: { lang?: Language } = {},
): Promise<{ reportPath: string; partial: boolean; problems: string[] }> {
  const lang = options.lang ?? 'en';
  if (!LANGUAGES.includes(lang)) {
    throw new ReportError(
      'BAD_OPTION',
      `option lang is '${lang}'; expected one of ${LANGUAGES.join(', ')}`,
    );
  }
  const sweep = readSweepInput(input);
  const analysis = analyseSweep(sweep.completed);
  const cm = COMPARISON_MESSAGES[lang];
  const target = resolve(outDir);
  mkdirSync(dirname(target), { recursive: true });
  const staging = mkdtempSync(join(dirname(target), `.${basename(target)}.tmp-`));
  try {
    let figure: string | null = null;
    const points = chartPoints(analysis);
    if (points.length > 0) {
      const chart = await renderChart(
        bSimpleChartSpec(points, {
          title: cm.figureTitle,
          x: cm.figureX,
          y: cm.figureY,
          series: cm.figureSeries,
        }),
      );
      writeFileSync(join(staging, `${FIGURE}.png`), chart.png);
      writeFileSync(join(staging, `${FIGURE}.svg`), chart.svg);
      figure = `${FIGURE}.png`;
    }
    const book = new NumberBook();
    const markdown = comparisonMarkdown(sweep, analysis, figure, cm, MESSAGES[lang], book);
    writeFileSync(join(staging, 'report.md'), markdown);
    const problems = sweep.problems.map((p) =>
      describeComparisonProblem(p, comparisonEn, MESSAGES.en).replaceAll('`', ''),
    );
    const json = {
      sweepId: sweep.sweepId,
      createdAt: sweep.createdAt,
      language: lang,
      partial: sweep.problems.length > 0,
      problems: sweep.problems,
      problemMessages: problems,
      target: TRAINING_TARGET,
      differenceTest: { test: 'Welch t, two-sided', level: DIFFERENCE_LEVEL },
      ...analysis,
      figures: { bSimple: figure },
      numbers: book.toJSON(),
    };
    writeFileSync(join(staging, 'comparison.json'), `${JSON.stringify(json, null, 2)}\n`);
    replaceDirectory(staging, target);
    return { reportPath: join(target, 'report.md'), partial: json.partial, problems };
  } catch (error) {
    rmSync(staging, { recursive: true, force: true });
    throw error;
  }
}

/** Runs of a condition sit side by side around their epoch (at most ±0.3 of an epoch). */
function chartPoints(analysis: SweepAnalysis): BSimplePoint[] {
  return analysis.conditions.flatMap((cond) =>
    cond.cells.flatMap((c, i) => {
      const offset = cond.cells.length < 2 ? 0 : -0.3 + (0.6 * i) / (cond.cells.length - 1);
      return c.probes.map((p) => ({
        condition: cond.key,
        cellId: c.cellId,
        epoch: p.epoch,
        x: p.epoch + offset,
        bSimple: p.bSimple,
        low: p.low,
        high: p.high,
        kind: p.kind,
      }));
    }),
  );
}
