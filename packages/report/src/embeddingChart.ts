import type { TopLevelSpec } from 'vega-lite';
import { CHART_SIZE, chartFrame } from './charts.js';

export interface EmbeddingLabels {
  title: string;
  x: string;
  y: string;
  kind: string;
  normal: string;
  outlier: string;
  /** Legend entry of zero-gradient batches, drawn apart (they have no direction). */
  zero: string;
}

export interface EmbeddingPoint {
  batch: number;
  /** null for a zero-gradient batch written without a position. */
  point: [number, number] | null;
  kind: 'normal' | 'outlier' | 'zero';
}

/** Colours by role, identical in every language. */
export const EMBEDDING_COLOURS = { normal: '#4c78a8', outlier: '#d62728', zero: '#7f7f7f' };

// Plot area of the scatter chart inside CHART_SIZE.scatter (axes, title and legend take the
// rest), measured from the rendered SVG; label placement works in these pixels.
const PLOT = { width: 515, height: 325 };
const FONT_SIZE = 11;
const POINT_RADIUS = 6;

interface Box {
  left: number;
  right: number;
  top: number;
  bottom: number;
}

const overlap = (a: Box, b: Box) =>
  a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;

/**
 * Label positions that do not overprint: for each point in turn, the first of 8 directions (then
 * at twice and three times the distance) whose box meets no other point and no placed label;
 * the least-crowded candidate when none is free. Pixel boxes, y down.
 */
export function placeLabels(
  anchors: { x: number; y: number; text: string }[],
): { x: number; y: number }[] {
  const width = (text: string) => 0.62 * FONT_SIZE * text.length + 2;
  const pointBoxes = anchors.map(
    (a): Box => ({
      left: a.x - POINT_RADIUS,
      right: a.x + POINT_RADIUS,
      top: a.y - POINT_RADIUS,
      bottom: a.y + POINT_RADIUS,
    }),
  );
  const placed: Box[] = [];
  const directions = [
    [1, -1],
    [-1, -1],
    [1, 1],
    [-1, 1],
    [1, 0],
    [-1, 0],
    [0, -1],
    [0, 1],
  ];
  return anchors.map((a) => {
    const w = width(a.text);
    const h = FONT_SIZE + 2;
    let best: { x: number; y: number; hits: number } | null = null;
    for (const distance of [11, 22, 33]) {
      for (const [dx, dy] of directions) {
        const x = a.x + dx * (distance + (dx === 0 ? 0 : w / 2 - 3));
        const y = a.y + dy * distance;
        const box = { left: x - w / 2, right: x + w / 2, top: y - h / 2, bottom: y + h / 2 };
        const hits =
          pointBoxes.filter((p) => overlap(p, box)).length +
          placed.filter((p) => overlap(p, box)).length;
        if (!best || hits < best.hits) best = { x, y, hits };
        if (hits === 0) break;
      }
      if (best?.hits === 0) break;
    }
    const { x, y } = best as { x: number; y: number };
    placed.push({ left: x - w / 2, right: x + w / 2, top: y - h / 2, bottom: y + h / 2 });
    return { x, y };
  });
}

/**
 * t-SNE of the batch-gradient directions: one point per batch labelled with its index; outliers
 * in red. Zero-gradient batches have no direction, so t-SNE's position for them (often the
 * origin, or null) means nothing: they are drawn in a separate row under a dashed line, grey
 * crosses, never among the others.
 */
export function embeddingChartSpec(
  points: EmbeddingPoint[],
  labels: EmbeddingLabels,
): TopLevelSpec {
  const defined = points.filter((p) => p.kind !== 'zero' && p.point !== null);
  const zero = points.filter((p) => p.kind === 'zero' || p.point === null);
  const xs = defined.map((p) => (p.point as [number, number])[0]);
  const ys = defined.map((p) => (p.point as [number, number])[1]);
  const [x0, x1] = xs.length > 0 ? [Math.min(...xs), Math.max(...xs)] : [0, 1];
  const [y0, y1] = ys.length > 0 ? [Math.min(...ys), Math.max(...ys)] : [0, 1];
  const xSpan = x1 - x0 || 1;
  const ySpan = y1 - y0 || 1;
  const rowY = y0 - (zero.length > 0 ? 0.3 : 0) * ySpan;
  const separator = y0 - 0.15 * ySpan;
  const xDomain = [x0 - 0.12 * xSpan, x1 + 0.12 * xSpan];
  const yDomain = [rowY - 0.12 * ySpan, y1 + 0.12 * ySpan];
  const label = { normal: labels.normal, outlier: labels.outlier, zero: labels.zero };
  const drawn = [
    ...defined.map((p) => ({
      x: (p.point as [number, number])[0],
      y: (p.point as [number, number])[1],
      batch: p.batch,
      kind: label[p.kind],
    })),
    ...zero.map((p, i) => ({
      x: zero.length === 1 ? (x0 + x1) / 2 : x0 + (i * xSpan) / (zero.length - 1),
      y: rowY,
      batch: p.batch,
      kind: labels.zero,
    })),
  ];
  const toPx = (x: number, y: number) => ({
    x: ((x - xDomain[0]) / (xDomain[1] - xDomain[0])) * PLOT.width,
    y: (1 - (y - yDomain[0]) / (yDomain[1] - yDomain[0])) * PLOT.height,
  });
  const placed = placeLabels(drawn.map((d) => ({ ...toPx(d.x, d.y), text: String(d.batch) })));
  const texts = drawn.map((d, i) => ({
    x: xDomain[0] + (placed[i].x / PLOT.width) * (xDomain[1] - xDomain[0]),
    y: yDomain[0] + (1 - placed[i].y / PLOT.height) * (yDomain[1] - yDomain[0]),
    text: String(d.batch),
  }));
  const axis = (field: 'x' | 'y', title: string, domain: number[]) => ({
    field,
    type: 'quantitative',
    title,
    scale: { domain, nice: false, zero: false },
    axis: { labels: false, ticks: false },
  });
  const [x, y] = [axis('x', labels.x, xDomain), axis('y', labels.y, yDomain)];
  const domain = [labels.normal, labels.outlier, labels.zero];
  return {
    ...chartFrame(CHART_SIZE.scatter, labels.title),
    layer: [
      {
        data: { values: drawn },
        mark: { type: 'point', filled: true, size: 90 },
        encoding: {
          x,
          y,
          color: {
            field: 'kind',
            type: 'nominal',
            title: labels.kind,
            scale: {
              domain,
              range: [EMBEDDING_COLOURS.normal, EMBEDDING_COLOURS.outlier, EMBEDDING_COLOURS.zero],
            },
            legend: { orient: 'bottom', direction: 'vertical', labelLimit: 520 },
          },
          shape: {
            field: 'kind',
            type: 'nominal',
            title: labels.kind,
            scale: { domain, range: ['circle', 'circle', 'cross'] },
            legend: { orient: 'bottom', direction: 'vertical', labelLimit: 520 },
          },
        },
      },
      ...(zero.length > 0
        ? [
            {
              data: { values: [{ y: separator }] },
              mark: { type: 'rule', strokeDash: [4, 4], color: '#999' },
              encoding: { y: { field: 'y', type: 'quantitative' } },
            },
          ]
        : []),
      {
        data: { values: texts },
        mark: { type: 'text', fontSize: FONT_SIZE, align: 'center', baseline: 'middle' },
        encoding: { x, y, text: { field: 'text' } },
      },
    ],
  } as TopLevelSpec;
}
