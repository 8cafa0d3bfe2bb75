import type { TopLevelSpec } from 'vega-lite';
import { CHART_SIZE } from '../charts.js';

/** One probe of one run on the B_simple figure. */
export interface BSimplePoint {
  condition: string;
  cellId: string;
  epoch: number;
  /** Horizontal position: the epoch, nudged per seed so runs of a condition do not overlap. */
  x: number;
  bSimple: number | null; // null: undefined at this probe
  low: number | null;
  high: number | null; // null with a lower-bound interval
  kind: 'two-sided' | 'lower-bound' | null;
}

export interface BSimpleChartLabels {
  title: string;
  x: string;
  y: string;
  series: string;
}

/**
 * B_simple per probe for every run, coloured by condition, on a log axis. Two-sided intervals are
 * solid bars; a lower bound (B_simple ≥ low, unbounded above) is a dashed bar to the top edge
 * ending in an upward triangle; an undefined B_simple is a cross on the bottom edge. Values ≤ 0
 * cannot sit on a log axis: they are drawn like undefined ones (the text lists them).
 */
export function bSimpleChartSpec(points: BSimplePoint[], labels: BSimpleChartLabels): TopLevelSpec {
  const positive = points.flatMap((p) =>
    [p.bSimple, p.low, p.high].filter((v): v is number => v !== null && v > 0),
  );
  const lo = positive.length > 0 ? Math.min(...positive) : 1;
  const hi = positive.length > 0 ? Math.max(...positive) : 10;
  // A decade of room below and above: the edges carry the undefined crosses and open bounds.
  const bottom = 10 ** (Math.floor(Math.log10(lo)) - 1);
  const top = 10 ** (Math.ceil(Math.log10(hi)) + 1);
  const onAxis = (v: number | null) => (v !== null && v > 0 ? v : bottom);
  const values = points.map((p) => ({
    ...p,
    y: p.bSimple !== null && p.bSimple > 0 ? p.bSimple : null,
    yLow: p.low === null ? null : onAxis(p.low),
    yHigh: p.kind === 'lower-bound' ? top : p.high,
    yTop: top,
    yBottom: bottom,
  }));
  const x = {
    field: 'x',
    type: 'quantitative',
    title: labels.x,
    axis: { tickMinStep: 1, format: 'd' },
  };
  const y = {
    type: 'quantitative',
    title: labels.y,
    scale: { type: 'log', domain: [bottom, top], clamp: true },
  };
  const color = {
    field: 'condition',
    type: 'nominal',
    title: labels.series,
    // Legend in the order the conditions come (the report's table order), not alphabetical.
    scale: { scheme: 'category20', domain: [...new Set(points.map((p) => p.condition))] },
    legend: { orient: 'bottom', columns: 1, labelLimit: 600 },
  };
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    ...CHART_SIZE.line,
    // One legend row per condition below the plot.
    height: CHART_SIZE.line.height + 22 * new Set(points.map((p) => p.condition)).size,
    autosize: { type: 'fit', contains: 'padding' },
    padding: 12,
    background: 'white',
    title: labels.title,
    config: {
      font: 'Noto Sans Hant',
      title: { fontSize: 15 },
      axis: { labelFontSize: 12, titleFontSize: 13 },
      legend: { labelFontSize: 12, titleFontSize: 12, labelLimit: 400 },
    },
    data: { values },
    layer: [
      {
        transform: [{ filter: 'isValid(datum.y)' }],
        mark: { type: 'line', point: { size: 40, filled: true }, strokeWidth: 1.2 },
        encoding: { x, y: { ...y, field: 'y' }, color, detail: { field: 'cellId' } },
      },
      {
        transform: [{ filter: "datum.kind === 'two-sided' && isValid(datum.yHigh)" }],
        mark: { type: 'rule', strokeWidth: 1.5 },
        encoding: { x, y: { ...y, field: 'yLow' }, y2: { field: 'yHigh' }, color },
      },
      {
        transform: [{ filter: "datum.kind === 'lower-bound'" }],
        mark: { type: 'rule', strokeWidth: 1.5, strokeDash: [4, 3] },
        encoding: { x, y: { ...y, field: 'yLow' }, y2: { field: 'yHigh' }, color },
      },
      {
        transform: [{ filter: "datum.kind === 'lower-bound'" }],
        mark: { type: 'point', shape: 'triangle-up', filled: true, size: 60 },
        encoding: { x, y: { ...y, field: 'yTop' }, color },
      },
      {
        transform: [{ filter: '!isValid(datum.y)' }],
        mark: { type: 'point', shape: 'cross', filled: true, size: 90 },
        encoding: { x, y: { ...y, field: 'yBottom' }, color },
      },
    ],
  } as TopLevelSpec;
}
