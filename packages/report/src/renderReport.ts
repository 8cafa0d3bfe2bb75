import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import type { TopLevelSpec } from 'vega-lite';
import { renderAuditSection } from './auditSection.js';
import { batchSizesOf } from './bSimpleInterval.js';
import { chartSvg, heatmapSpec, lineChartSpec, svgToPng } from './charts.js';
import { embeddingChartSpec } from './embeddingChart.js';
import { ReportError } from './errors.js';
import { gnsChartSpec, gnsRows } from './gnsChart.js';
import { en } from './i18n/en.js';
import { LANGUAGES, type Language, MESSAGES, type Messages } from './i18n/index.js';
import { NumberBook } from './numberBook.js';
import type { Problem } from './problems.js';
import { replaceDirectory } from './replaceDirectory.js';
import { describeProblem, type FigureLinks, reportMarkdown } from './reportMarkdown.js';
import { type RunData, readRunDirectory } from './runDirectory.js';
import { type Conclusions, drawConclusions } from './verdicts.js';

export interface RenderOptions {
  /** Report language (default 'en'); 'zh-TW' is the seed report's language. */
  lang?: Language;
  /** Where the report goes (default `<runDir>/report`); replaced as a whole. */
  outDir?: string;
}

export interface ReportResult {
  outDir: string;
  reportPath: string;
  summaryPath: string;
  /** Every PNG and SVG written, absolute paths. */
  figures: string[];
  /** True when anything in the run directory was missing, invalid or the run is unfinished. */
  partial: boolean;
  problems: Problem[];
  /** The problems as English sentences (for stderr and logs). */
  problemMessages: string[];
  conclusions: Conclusions;
}

/**
 * Renders report.md, summary.json and the figures for a run directory. Everything is built in a
 * temporary sibling folder and renamed into place, so `outDir` holds either the previous report
 * or the complete new one, never a half-written mix.
 */
export async function renderReport(
  runDir: string,
  options: RenderOptions = {},
): Promise<ReportResult> {
  const lang = options.lang ?? 'en';
  if (!LANGUAGES.includes(lang)) {
    throw new ReportError(
      'BAD_OPTION',
      `option lang is '${lang}'; expected one of ${LANGUAGES.join(', ')}`,
    );
  }
  const run = readRunDirectory(resolve(runDir));
  const outDir = resolve(options.outDir ?? join(runDir, 'report'));
  const m = MESSAGES[lang];
  const conclusions = drawConclusions(run.probes, {
    planted: run.planted,
    audit: run.audit,
    pairsPerEpoch: run.pairsPerEpoch,
  });

  mkdirSync(dirname(outDir), { recursive: true });
  const staging = mkdtempSync(join(dirname(outDir), `.${basename(outDir)}.tmp-`));
  try {
    const { links, written } = await writeFigures(run, m, staging);
    const book = new NumberBook();
    const markdown = reportMarkdown(run, conclusions, links, m, book);
    writeFileSync(join(staging, 'report.md'), markdown);
    const summary = reportSummary(run, conclusions, links, lang, book);
    writeFileSync(join(staging, 'summary.json'), `${JSON.stringify(summary, null, 2)}\n`);
    replaceDirectory(staging, outDir);
    return {
      outDir,
      reportPath: join(outDir, 'report.md'),
      summaryPath: join(outDir, 'summary.json'),
      figures: written.map((f) => join(outDir, f)),
      partial: run.problems.length > 0,
      problems: run.problems,
      problemMessages: run.problems.map((p) => describeProblem(p, en).replaceAll('`', '')),
      conclusions,
    };
  } catch (error) {
    rmSync(staging, { recursive: true, force: true });
    throw error;
  }
}

/**
 * Writes every figure into `dir`: the SVGs are laid out one after another on the main thread
 * while their PNGs rasterise on the thread pool; returns once every PNG is written.
 */
async function writeFigures(run: RunData, m: Messages, dir: string) {
  const written: string[] = [];
  const pngs: Promise<void>[] = [];
  const save = async (name: string, spec: TopLevelSpec) => {
    const svg = await chartSvg(spec);
    writeFileSync(join(dir, `${name}.svg`), svg);
    pngs.push(svgToPng(svg).then(({ png }) => writeFileSync(join(dir, `${name}.png`), png)));
    written.push(`${name}.png`, `${name}.svg`);
    return `${name}.png`;
  };
  // Every PNG settles (also after a failed SVG) before the caller may remove the folder.
  const links = await drawFigures(run, m, dir, save).finally(() => Promise.allSettled(pngs));
  const failed = (await Promise.allSettled(pngs)).find((r) => r.status === 'rejected');
  if (failed) throw failed.reason;
  return { links, written };
}

/** Builds each figure's spec and hands it to `save`, which returns the PNG's relative path. */
async function drawFigures(
  run: RunData,
  m: Messages,
  dir: string,
  save: (name: string, spec: TopLevelSpec) => Promise<string>,
): Promise<FigureLinks> {
  const links: FigureLinks = {
    gns: null,
    loss: null,
    embedding: new Map(),
    similarity: new Map(),
    audit: null,
  };
  const audit = run.audit ? renderAuditSection(run.audit, { messages: m.audit }) : null;
  if (audit?.chart) links.audit = await save('audit_precision_recall', audit.chart);
  if (run.probes.length > 0) {
    links.gns = await save('gns_vs_epoch', gnsChartSpec(gnsRows(run.probes), m.gnsFigure));
  }
  if (run.epochs.length > 0) {
    const f = m.lossFigure;
    const rows = run.epochs.flatMap((e) => [
      { x: e.epoch, y: e.trainLoss, series: f.train },
      ...(e.validationLoss === null
        ? []
        : [{ x: e.epoch, y: e.validationLoss, series: f.validation }]),
    ]);
    links.loss = await save('loss', lineChartSpec(rows, f));
  }
  mkdirSync(join(dir, 'images'));
  for (const p of run.probes) {
    const { embedding, similarity, outliers } = p.probe;
    if (embedding) {
      const flagged = new Set(outliers.batches.map((b) => b.index));
      const zero = new Set(similarity.undefinedBatches ?? []);
      const f = m.embeddingFigure;
      const points = (embedding.points as ([number, number] | null)[]).map((point, batch) => ({
        batch,
        point,
        kind: zero.has(batch)
          ? ('zero' as const)
          : flagged.has(batch)
            ? ('outlier' as const)
            : ('normal' as const),
      }));
      const spec = embeddingChartSpec(points, { ...f, title: f.title(String(p.epoch)) });
      links.embedding.set(
        p.epoch,
        await save(`images/gradient_directions_tsne_epoch_${p.epoch}`, spec),
      );
    }
    const f = m.similarityFigure;
    const spec = heatmapSpec(similarity.matrix, { ...f, title: f.title(String(p.epoch)) });
    links.similarity.set(
      p.epoch,
      await save(`images/gradient_similarities_epoch_${p.epoch}`, spec),
    );
  }
  return links;
}

/** summary.json: the structured results plus every number the text states (`numbers`). */
function reportSummary(
  run: RunData,
  conclusions: Conclusions,
  links: FigureLinks,
  lang: Language,
  book: NumberBook,
) {
  return {
    runId: run.runId,
    language: lang,
    partial: run.problems.length > 0,
    status: run.status,
    lastCompletedEpoch: run.lastCompletedEpoch,
    problems: run.problems,
    // Analysis epochs the run completed, and those of them with no valid probe (partial).
    expectedProbeEpochs: run.expectedProbeEpochs,
    missingProbeEpochs: run.missingProbeEpochs,
    probes: run.probes.map((p) => ({
      epoch: p.epoch,
      batches: p.probe.batches,
      batchSize: p.probe.batchSize,
      batchSizes: batchSizesOf(p.probe),
      parameterCount: p.probe.parameterCount,
      noiseScale: p.probe.noiseScale,
      onlineNoiseScale: p.training,
      cosineImpliedNoiseScale: p.probe.cosineImpliedNoiseScale,
      similarity: {
        meanOffDiagonal: p.probe.similarity.meanOffDiagonal,
        minOffDiagonal: p.probe.similarity.minOffDiagonal,
        fractionNegative: p.probe.similarity.fractionNegative,
        // Batches with a zero gradient: their cosines are undefined, left out of the above.
        undefinedBatches: p.probe.similarity.undefinedBatches ?? [],
        undefinedReason: p.probe.similarity.undefinedReason ?? null,
      },
      embedding: p.probe.embedding && {
        method: p.probe.embedding.method,
        klDivergence: p.probe.embedding.klDivergence,
      },
      outliers: p.probe.outliers,
      criticalBatch: p.probe.criticalBatch,
    })),
    epochs: run.epochs,
    conclusions,
    figures: {
      audit: links.audit,
      gns: links.gns,
      loss: links.loss,
      embedding: Object.fromEntries(links.embedding),
      similarity: Object.fromEntries(links.similarity),
    },
    numbers: book.toJSON(),
  };
}
