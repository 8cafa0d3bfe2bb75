import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { type ResvgRenderOptions, renderAsync } from '@resvg/resvg-js';
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

/** Size, title, font and padding every chart shares. */
export function chartFrame(size: { width: number; height: number }, title: string) {
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

/** Points joined by lines per series (the loss curves). */
export function lineChartSpec(
  rows: { x: number; y: number; series: string }[],
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
    ...chartFrame(CHART_SIZE.line, labels.title),
    data: { values: rows },
    mark: { type: 'line', point: { size: 60, filled: true } },
    encoding: { x, y: { field: 'y', type: 'quantitative', title: labels.y }, color },
  } as TopLevelSpec;
}

/** Numbers are printed in the cells up to this many batches (beyond, they would not fit). */
export const HEATMAP_MAX_NUMBERED = 16;

/**
 * The colour range of a cosine heatmap: the smallest and largest defined off-diagonal cosine (at
 * least 0.1 wide), so the colours spread over the values actually present rather than over −1…1,
 * where cosines of 0.45…0.55 would all look alike. Diverging red–white–blue centred on 0 when the
 * range spans 0; otherwise one hue, darker away from 0. Not comparable across epochs: the report
 * states each figure's range.
 */
export interface ColourRange {
  low: number;
  high: number;
  scheme: 'redblue' | 'blues' | 'reds';
}

export function cosineColourRange(matrix: (number | null)[][]): ColourRange {
  const values = matrix.flatMap((row, i) =>
    row.filter((v, j): v is number => i !== j && v !== null),
  );
  if (values.length === 0) return { low: -1, high: 1, scheme: 'redblue' };
  let low = Math.min(...values);
  let high = Math.max(...values);
  if (high - low < 0.1) {
    const mid = (high + low) / 2;
    low = Math.max(-1, mid - 0.05);
    high = Math.min(1, mid + 0.05);
  }
  const scheme = low < 0 && high > 0 ? 'redblue' : high <= 0 ? 'reds' : 'blues';
  return { low, high, scheme };
}

/**
 * N × N cosine matrix with a colour bar over `cosineColourRange` (stated in the legend title) and,
 * up to HEATMAP_MAX_NUMBERED batches, the cosine printed in each cell. The diagonal (always 1) is
 * left blank so the eye goes to the off-diagonal entries. An undefined cosine (null: a zero
 * gradient has no direction) is drawn in grey with its own legend entry, never as a colour of the
 * scale.
 */
export function heatmapSpec(
  matrix: (number | null)[][],
  labels: {
    title: string;
    x: string;
    y: string;
    color: string;
    /** Subtitle stating the colour range (values already formatted). */
    colourRange: (low: string, high: string) => string;
    undefinedCell: string;
  },
): TopLevelSpec {
  const range = cosineColourRange(matrix);
  const offDiagonal = matrix.flatMap((row, i) =>
    row.flatMap((cosine, j) => (i === j ? [] : [{ i, j, cosine }])),
  );
  // Text on the darkest third of the scale is white, elsewhere black.
  const dark = (v: number) => {
    if (range.scheme === 'redblue') {
      return v > 0 ? v / range.high > 0.6 : v / range.low > 0.6;
    }
    const t = (v - range.low) / (range.high - range.low);
    return range.scheme === 'blues' ? t > 0.6 : t < 0.4;
  };
  const cells = offDiagonal
    .filter((c): c is { i: number; j: number; cosine: number } => c.cosine !== null)
    .map((c) => ({ ...c, ink: dark(c.cosine) ? 'white' : 'black' }));
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
  const fmt = (v: number) => v.toFixed(2);
  const defined = {
    data: { values: cells },
    mark: 'rect',
    encoding: {
      ...encoding,
      color: {
        field: 'cosine',
        type: 'quantitative',
        title: labels.color,
        scale:
          range.scheme === 'redblue'
            ? { scheme: 'redblue', domain: [range.low, range.high], domainMid: 0 }
            : {
                scheme: range.scheme,
                domain: [range.low, range.high],
                reverse: range.scheme === 'reds',
              },
        legend: { gradientLength: 300, orient: 'right' },
      },
    },
  };
  const numbers =
    matrix.length <= HEATMAP_MAX_NUMBERED
      ? [
          {
            data: { values: cells },
            mark: { type: 'text', fontSize: matrix.length <= 8 ? 11 : 8 },
            encoding: {
              ...encoding,
              text: { field: 'cosine', type: 'quantitative', format: '.2f' },
              color: { field: 'ink', type: 'nominal', scale: null },
            },
          },
        ]
      : [];
  const undefinedLayer =
    undefinedCells.length === 0
      ? []
      : [
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
                // Below, not right: vega measures CJK text too narrow and would clip it there.
                legend: { orient: 'bottom' },
              },
            },
          },
        ];
  return {
    ...chartFrame(CHART_SIZE.heatmap, labels.title),
    // The colour range under the title: a long legend title would squeeze the matrix.
    title: { text: labels.title, subtitle: labels.colourRange(fmt(range.low), fmt(range.high)) },
    layer: [defined, ...undefinedLayer, ...numbers],
    resolve: { scale: { color: 'independent' } },
  } as TopLevelSpec;
}

/** Mid grey: outside the red–white–blue cosine scale, so an undefined cell never reads as a value. */
export const UNDEFINED_CELL_COLOUR = '#8c8c8c';

/** Vega-Lite → Vega → SVG (headless, no canvas) → PNG (resvg, bundled font). */
export async function renderChart(spec: TopLevelSpec): Promise<RenderedChart> {
  const svg = await chartSvg(spec);
  return { svg, ...(await svgToPng(svg)) };
}

/** Vega-Lite → Vega → SVG, headless (no canvas); runs on the main thread. */
export async function chartSvg(spec: TopLevelSpec): Promise<string> {
  const view = new vega.View(vega.parse(compile(spec).spec), { renderer: 'none' });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

/** resvg's options for every chart: PNG_SCALE, white background, the bundled font only. */
export const RESVG_OPTIONS: ResvgRenderOptions = {
  fitTo: { mode: 'zoom', value: PNG_SCALE },
  background: 'white',
  font: { loadSystemFonts: false, fontFiles: FONT_FILES, defaultFontFamily: FONT_FAMILY },
};

/**
 * SVG → PNG at PNG_SCALE with the bundled font, on libuv's thread pool (resvg's renderAsync), so
 * several charts rasterise at once while the main thread lays out the next. Text drawn at
 * opacity 0 (axis labels vega hid to avoid overlap) is left out of resvg's input: it draws no
 * pixel, and resvg-js 2.6.2 reads the whole 5.6 MB font file again for every glyph it outlines.
 */
export async function svgToPng(svg: string): Promise<Omit<RenderedChart, 'svg'>> {
  const image = await renderAsync(withoutInvisibleText(svg), RESVG_OPTIONS);
  return { png: image.asPng(), width: image.width, height: image.height };
}

/** Vega's SVG without its `<text … opacity="0">…</text>` elements (vega escapes `<` in text). */
export function withoutInvisibleText(svg: string): string {
  return svg.replace(/<text [^>]* opacity="0"[^>]*>[^<]*<\/text>/g, '');
}
