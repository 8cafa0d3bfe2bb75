import type { TopLevelSpec } from 'vega-lite';
import { bSimpleInterval } from './bSimpleInterval.js';
import { CHART_SIZE, chartFrame } from './charts.js';
import type { ProbeRecord } from './probeRecord.js';

/**
 * Series colours of the GNS figure, fixed by role (not by label), so the English and the Chinese
 * figures colour the same series alike (Tableau 10: blue, orange; grey for undefined).
 */
export const GNS_COLOURS = { probe: '#4c78a8', online: '#f58518', undefined: '#7f7f7f' } as const;

export interface GnsLabels {
  title: string;
  x: string;
  y: string;
  series: string;
  probe: string;
  online: string;
  /** Legend entry of probes whose B_simple has no positive value (undefined or negative). */
  undefinedProbe: string;
}

/** One probe's row: where its point, whisker, arrow or undefined marker goes. */
export interface GnsRow {
  epoch: number;
  /** 'two-sided': point and whisker; 'lower-bound': whisker from `low` up with an arrow head;
   *  'no-interval': point only; 'undefined': marker on the axis (no positive value to draw). */
  kind: 'two-sided' | 'lower-bound' | 'no-interval' | 'undefined';
  estimate: number | null;
  low: number | null;
  high: number | null;
  online: number | null;
}

/** The probes as the figure draws them; B_simple ≤ 0 cannot sit on a log axis: 'undefined'. */
export function gnsRows(probes: ProbeRecord[]): GnsRow[] {
  return probes.map((p) => {
    const ns = p.probe.noiseScale;
    const ci = bSimpleInterval(ns);
    const online = p.training?.bSimple ?? null;
    const positiveOnline = online !== null && online > 0 ? online : null;
    if (ns.bSimple === null || ns.bSimple <= 0 || ns.negative) {
      return {
        epoch: p.epoch,
        kind: 'undefined',
        estimate: null,
        low: null,
        high: null,
        online: positiveOnline,
      };
    }
    return {
      epoch: p.epoch,
      kind: ci === null ? 'no-interval' : ci.kind,
      estimate: ns.bSimple,
      low: ci?.low ?? null,
      high: ci?.high ?? null,
      online: positiveOnline,
    };
  });
}

/** Log-axis domain: whole decades around every positive value drawn. */
export function logDomain(rows: GnsRow[]): [number, number] {
  const values = rows
    .flatMap((r) => [r.estimate, r.low, r.high, r.online])
    .filter((v): v is number => v !== null && v > 0);
  if (values.length === 0) return [1, 10];
  const low = 10 ** Math.floor(Math.log10(Math.min(...values)));
  const high = 10 ** Math.ceil(Math.log10(Math.max(...values)));
  return [low, high > low ? high : low * 10];
}

/**
 * B_simple over epochs on a log axis (it spans decades). A two-sided interval is a whisker; a
 * lower bound is a whisker from `low` to the top of the axis ending in an upward arrow head (no
 * upper end); a lower end ≤ 0 is cut at the bottom of the axis; a probe with no positive B_simple
 * is a grey cross on the bottom of the axis (the caption says why). Never a whisker through zero.
 */
export function gnsChartSpec(rows: GnsRow[], labels: GnsLabels): TopLevelSpec {
  const [bottom, top] = logDomain(rows);
  const points = rows.flatMap((r) => [
    ...(r.estimate !== null ? [{ x: r.epoch, y: r.estimate, series: labels.probe }] : []),
    ...(r.online !== null ? [{ x: r.epoch, y: r.online, series: labels.online }] : []),
  ]);
  const whiskers = rows
    .filter((r) => r.kind === 'two-sided' || r.kind === 'lower-bound')
    .map((r) => ({
      x: r.epoch,
      low: r.low !== null && r.low > 0 ? r.low : bottom,
      high: r.high ?? top,
      series: labels.probe,
    }));
  const arrows = rows
    .filter((r) => r.kind === 'lower-bound')
    .map((r) => ({ x: r.epoch, y: top, series: labels.probe }));
  const undefinedMarks = rows
    .filter((r) => r.kind === 'undefined')
    .map((r) => ({ x: r.epoch, y: bottom, series: labels.undefinedProbe }));
  const domain = [labels.probe, labels.online, labels.undefinedProbe];
  const range = [GNS_COLOURS.probe, GNS_COLOURS.online, GNS_COLOURS.undefined];
  const color = {
    field: 'series',
    type: 'nominal',
    title: labels.series,
    scale: { domain, range },
    // One entry per line: labels of any width (CJK included) never run into each other.
    legend: { orient: 'bottom', direction: 'vertical', labelLimit: 560 },
  };
  const x = {
    field: 'x',
    type: 'quantitative',
    title: labels.x,
    axis: { tickMinStep: 1 },
    scale: { nice: false, padding: 16 },
  };
  const y = (field: string) => ({
    field,
    type: 'quantitative',
    title: labels.y,
    scale: { type: 'log', domain: [bottom, top], clamp: true },
  });
  return {
    ...chartFrame(CHART_SIZE.line, labels.title),
    layer: [
      {
        // Points only: a line would bridge probes drawn as undefined and suggest values there.
        data: { values: points },
        mark: { type: 'point', size: 70, filled: true },
        encoding: { x, y: y('y'), color },
      },
      {
        data: { values: whiskers },
        mark: { type: 'rule', strokeWidth: 1.5 },
        encoding: { x, y: y('low'), y2: { field: 'high' }, color },
      },
      {
        data: { values: arrows },
        mark: { type: 'point', shape: 'triangle-up', size: 90, filled: true },
        encoding: { x, y: y('y'), color },
      },
      {
        data: { values: undefinedMarks },
        mark: { type: 'point', shape: 'cross', size: 110, filled: true },
        encoding: { x, y: y('y'), color },
      },
    ],
  } as TopLevelSpec;
}
