import { describe, expect, it } from 'vitest';
import { renderChart } from '../src/charts.js';
import { type BSimplePoint, bSimpleChartSpec } from '../src/comparison/comparisonChart.js';

const labels = { title: 'B_simple', x: 'Epoch', y: 'B_simple (pairs)', series: 'Condition' };
const point = (p: Partial<BSimplePoint>): BSimplePoint => ({
  condition: 'frequency=1000',
  cellId: 'frequency=1000,seed=1',
  epoch: 1,
  x: 1,
  bSimple: 20,
  low: 15,
  high: 25,
  kind: 'two-sided',
  ...p,
});

describe('the B_simple figure (log axis)', () => {
  const points = [
    point({}),
    point({ epoch: 2, x: 2, bSimple: 40, low: 30, high: null, kind: 'lower-bound' }),
    point({ epoch: 3, x: 3, bSimple: null, low: null, high: null, kind: null }),
    point({ epoch: 4, x: 4, bSimple: -5, low: -9, high: 2, kind: 'two-sided' }),
  ];
  const spec = bSimpleChartSpec(points, labels) as unknown as {
    data: { values: Record<string, unknown>[] };
    layer: { encoding: { y: { scale?: { type: string; domain: number[] } } } }[];
  };
  const rows = spec.data.values;

  it('puts a decade of room around the positive values: domain 0.1…1000 for values 2…40', () => {
    // 10^(⌊log₁₀ 2⌋ − 1) = 0.1 and 10^(⌈log₁₀ 40⌉ + 1) = 1000.
    expect(spec.layer[0].encoding.y.scale).toMatchObject({ type: 'log', domain: [0.1, 1000] });
  });

  it('draws a two-sided interval as low–high, a lower bound from low to the top edge', () => {
    expect(rows[0]).toMatchObject({ y: 20, yLow: 15, yHigh: 25 });
    expect(rows[1]).toMatchObject({ y: 40, yLow: 30, yHigh: 1000, kind: 'lower-bound' });
  });

  it('has no line point for an undefined or non-positive B_simple (they get the bottom cross)', () => {
    expect(rows[2]).toMatchObject({ y: null, yBottom: 0.1 });
    expect(rows[3]).toMatchObject({ y: null, yLow: 0.1, yBottom: 0.1 }); // low ≤ 0 clamps to the edge
  });

  it('renders to SVG and PNG with the cross and the triangle marks', async () => {
    const chart = await renderChart(bSimpleChartSpec(points, labels));
    expect(chart.svg).toContain('<svg');
    expect(chart.png.subarray(1, 4).toString()).toBe('PNG');
    // Vega draws 'cross' and 'triangle-up' point shapes as paths of their own.
    expect((chart.svg.match(/class="mark-symbol/g) ?? []).length).toBeGreaterThanOrEqual(3);
  });
});
