/**
 * Time to render the full report of a 6-probe run (12 batches of 4 pairs per probe, the seed's
 * analysis epochs 5…30), in both languages; of the same with the probe sizes of a default seed
 * run (48…192 batches: large heatmaps and t-SNE figures); plus the cost of one chart by stage.
 * Prints a table; asserts nothing.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import * as vega from 'vega';
import { compile } from 'vega-lite';
import { heatmapSpec, renderChart } from '../src/charts.js';
import { renderReport } from '../src/index.js';
import { plantedProbe, writeRun } from '../test/fixtures/runFixture.js';

const REPEATS = 3;
// Batches per probe of the default seed run measured for issue 19 (probes stop by precision).
const SEED_RUN_BATCHES = [180, 48, 124, 124, 124, 192];
const root = mkdtempSync(join(tmpdir(), 'ranker-report-bench-'));
const runDir = writeRun(root, 'run-bench', {
  probes: [5, 10, 15, 20, 25, 30].map((epoch, i) => ({
    epoch,
    bSimple: 40 - 4 * i,
    meanCosine: 0.2 + 0.08 * i,
    outlierBatches: i === 2 ? [7] : [],
  })),
});

const seedSizeRun = writeRun(root, 'run-seed-size', {
  probes: SEED_RUN_BATCHES.map((batches, i) => ({
    epoch: 5 * (i + 1),
    bSimple: 300 - 20 * i,
    meanCosine: 0.05,
    batches,
  })),
});

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

async function time(run: () => Promise<unknown>): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < REPEATS; i++) {
    const start = performance.now();
    await run();
    times.push(performance.now() - start);
  }
  return times;
}

const rows: [string, number[]][] = [];
for (const lang of ['en', 'zh-TW'] as const) {
  rows.push([
    `renderReport, 6 probes, 14 charts (${lang})`,
    await time(() => renderReport(runDir, { lang, outDir: join(root, `report-${lang}`) })),
  ]);
}
rows.push([
  `renderReport, 6 probes of ${SEED_RUN_BATCHES.join('/')} batches (en)`,
  await time(() => renderReport(seedSizeRun, { outDir: join(root, 'report-seed-size') })),
]);
const matrix = plantedProbe({ epoch: 5, bSimple: 20 }).probe.similarity.matrix;
const spec = heatmapSpec(matrix, {
  title: 'heatmap',
  x: 'batch',
  y: 'batch',
  color: 'cosine',
  colourRange: (low: string, high: string) => `colour range ${low} to ${high}`,
  undefinedCell: 'undefined',
});
rows.push([
  'one 12×12 heatmap: Vega-Lite → SVG',
  await time(async () => {
    const view = new vega.View(vega.parse(compile(spec).spec), { renderer: 'none' });
    await view.toSVG();
    view.finalize();
  }),
]);
rows.push(['one 12×12 heatmap: Vega-Lite → SVG → PNG', await time(() => renderChart(spec))]);
rmSync(root, { recursive: true, force: true });

console.log(`| case | median ms (of ${REPEATS}) | min ms |`);
console.log('| --- | --- | --- |');
for (const [name, times] of rows) {
  console.log(`| ${name} | ${median(times).toFixed(0)} | ${Math.min(...times).toFixed(0)} |`);
}
