import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { Resvg } from '@resvg/resvg-js';
import * as vega from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';

/** PNG pixels per SVG pixel: charts are drawn at 2× so text stays sharp at 100% zoom. */
export const PNG_SCALE = 2;

/** Overall chart sizes in SVG pixels (axes, legends and titles included: autosize 'fit'). */
export const CHART_SIZE = {
  line: { width: 640, height: 380 },
  scatter: { width: 560, height: 460 },
  heatmap: { width: 560, height: 480 },
} as const;

export interface RenderedChart {
  svg: string;
  png: Buffer;
  width: number;
  height: number;
}

// Noto Sans Hant (OFL-1.1) covers Latin and Traditional Chinese; shipping it keeps the PNGs
// identical on machines without CJK (or any) system fonts.
const FONT_FAMILY = 'Noto Sans Hant';
const fontDir = join(
  dirname(createRequire(import.meta.url).resolve('@embedpdf/fonts-tc')),
  '..',
  'fonts',
);
const FONT_FILES = ['NotoSansHant-Regular.otf', 'NotoSansHant-Bold.otf'].map((f) =>
  join(fontDir, f),
);

const BASE_CONFIG = {
  font: FONT_FAMILY,
  title: { fontSize: 15 },
  axis: { labelFontSize: 12, titleFontSize: 13 },
  legend: { labelFontSize: 12, titleFontSize: 12, labelLimit: 400 },
};

function frame(size: { width: number; height: number }, title: string) {
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    ...size,
    autosize: { type: 'fit', contains: 'padding' },
    padding: 12,
    background: 'white',
    title,
    config: BASE_CONFIG,
  };
}

export interface LineLabels {
  title: string;
  x: string;
  y: string;
  series: string;
}

/** Points joined by lines per series, with an optional vertical interval (low–high) per point. */
export function lineChartSpec(
  rows: { x: number; y: number; low?: number; high?: number; series: string }[],
  labels: LineLabels,
): TopLevelSpec {
  const x = { field: 'x', type: 'quantitative', title: labels.x, axis: { tickMinStep: 1 } };
  const color = {
    field: 'series',
    type: 'nominal',
    title: labels.series,
    legend: { orient: 'bottom' },
  };
  return {
    ...frame(CHART_SIZE.line, labels.title),
    data: { values: rows },
    layer: [
      {
        mark: { type: 'line', point: { size: 60, filled: true } },
        encoding: { x, y: { field: 'y', type: 'quantitative', title: labels.y }, color },
      },
      {
        transform: [{ filter: 'isValid(datum.low) && isValid(datum.high)' }],
        mark: { type: 'rule', strokeWidth: 1.5 },
        encoding: { x, y: { field: 'low', type: 'quantitative' }, y2: { field: 'high' }, color },
      },
    ],
  } as TopLevelSpec;
}

/** 2-D embedding, one labelled point per batch, outliers in red. */
export function scatterChartSpec(
  points: { x: number; y: number; batch: number; kind: string }[],
  labels: { title: string; x: string; y: string; kind: string; normal: string; outlier: string },
): TopLevelSpec {
  const axis = (field: 'x' | 'y', title: string) => ({
    field,
    type: 'quantitative',
    title,
    scale: { zero: false, padding: 20 },
  });
  const [x, y] = [axis('x', labels.x), axis('y', labels.y)];
  return {
    ...frame(CHART_SIZE.scatter, labels.title),
    data: { values: points },
    layer: [
      {
        mark: { type: 'point', filled: true, size: 90 },
        encoding: {
          x,
          y,
          color: {
            field: 'kind',
            type: 'nominal',
            title: labels.kind,
            // Fixed colours: outliers are red whichever kind comes first in the data.
            scale: { domain: [labels.normal, labels.outlier], range: ['#4c78a8', '#d62728'] },
            legend: { orient: 'bottom' },
          },
        },
      },
      {
        mark: { type: 'text', dx: 9, dy: -7, fontSize: 11 },
        encoding: { x, y, text: { field: 'batch' } },
      },
    ],
  } as TopLevelSpec;
}

/**
 * N × N cosine matrix on a fixed diverging scale −1…1 (comparable across epochs) with a colour
 * bar. The diagonal (always 1) is left blank so the eye goes to the off-diagonal entries. An
 * undefined cosine (null: a zero gradient has no direction) is drawn in grey with its own legend
 * entry, never as a colour of the scale (white would read as cosine 0).
 */
export function heatmapSpec(
  matrix: (number | null)[][],
  labels: { title: string; x: string; y: string; color: string; undefinedCell: string },
): TopLevelSpec {
  const offDiagonal = matrix.flatMap((row, i) =>
    row.flatMap((cosine, j) => (i === j ? [] : [{ i, j, cosine }])),
  );
  const cells = offDiagonal.filter((c) => c.cosine !== null);
  const undefinedCells = offDiagonal
    .filter((c) => c.cosine === null)
    .map(({ i, j }) => ({ i, j, kind: labels.undefinedCell }));
  // Every index on both axes; labels thin out when there are too many to read.
  const indexAxis = (field: 'i' | 'j', title: string) => ({
    field,
    type: 'ordinal',
    title,
    scale: { domain: matrix.map((_, i) => i) },
    axis: { labelAngle: 0, labelOverlap: true },
  });
  const encoding = { x: indexAxis('j', labels.x), y: indexAxis('i', labels.y) };
  const defined = {
    data: { values: cells },
    mark: 'rect',
    encoding: {
      ...encoding,
      color: {
        field: 'cosine',
        type: 'quantitative',
        title: labels.color,
        scale: { scheme: 'redblue', domain: [-1, 1] },
        legend: { gradientLength: 300, orient: 'right' },
      },
    },
  };
  if (undefinedCells.length === 0) {
    return { ...frame(CHART_SIZE.heatmap, labels.title), ...defined } as TopLevelSpec;
  }
  return {
    ...frame(CHART_SIZE.heatmap, labels.title),
    layer: [
      defined,
      {
        data: { values: undefinedCells },
        mark: 'rect',
        encoding: {
          ...encoding,
          color: {
            field: 'kind',
            type: 'nominal',
            title: null,
            scale: { domain: [labels.undefinedCell], range: [UNDEFINED_CELL_COLOUR] },
            legend: { orient: 'right' },
          },
        },
      },
    ],
    resolve: { scale: { color: 'independent' } },
  } as TopLevelSpec;
}

/** Mid grey: outside the red–white–blue cosine scale, so an undefined cell never reads as a value. */
export const UNDEFINED_CELL_COLOUR = '#8c8c8c';

/** Vega-Lite → Vega → SVG (headless, no canvas) → PNG (resvg, bundled font). */
export async function renderChart(spec: TopLevelSpec): Promise<RenderedChart> {
  const view = new vega.View(vega.parse(compile(spec).spec), { renderer: 'none' });
  try {
    const svg = await view.toSVG();
    const image = new Resvg(svg, {
      fitTo: { mode: 'zoom', value: PNG_SCALE },
      background: 'white',
      font: { loadSystemFonts: false, fontFiles: FONT_FILES, defaultFontFamily: FONT_FAMILY },
    }).render();
    return { svg, png: image.asPng(), width: image.width, height: image.height };
  } finally {
    view.finalize();
  }
}
