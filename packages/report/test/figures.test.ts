import { describe, expect, it } from 'vitest';
import { cosineColourRange, heatmapSpec, renderChart } from '../src/charts.js';
import { EMBEDDING_COLOURS, embeddingChartSpec } from '../src/embeddingChart.js';
import { GNS_COLOURS, gnsChartSpec, gnsRows } from '../src/gnsChart.js';
import { LANGUAGES, MESSAGES } from '../src/i18n/index.js';
import { plantedProbe, seededRandom } from './fixtures/runFixture.js';
import { legendFills, overlappingPairs, textBoxes } from './fixtures/svgText.js';

type Spec = Parameters<typeof renderChart>[0];

/** Translate of every symbol path in the mark layers whose class contains `layer`. */
function symbolPositions(svg: string, layer: string): { x: number; y: number }[] {
  const group = new RegExp(`<g class="mark-symbol role-mark ${layer}"[^>]*>(.*?)</g>`).exec(svg);
  if (!group) return [];
  return [...group[1].matchAll(/transform="translate\(([-\d.e]+),([-\d.e]+)\)"/g)].map((m) => ({
    x: Number(m[1]),
    y: Number(m[2]),
  }));
}

// Epoch 5 two-sided, 10 lower bound, 15 undefined, 20 an interval with a lower end ≤ 0.
const gnsProbes = [
  plantedProbe({ epoch: 5, bSimple: 40 }),
  plantedProbe({ epoch: 10, bSimple: 300, intervalKind: 'lower-bound' }),
  plantedProbe({ epoch: 15, bSimple: 20, undefinedGns: true }),
  plantedProbe({ epoch: 20, bSimple: 8, relativeHalfWidth: 2 }),
];

describe('GNS figure', () => {
  const render = async (lang: (typeof LANGUAGES)[number], horizontal = false) => {
    const spec = gnsChartSpec(gnsRows(gnsProbes), MESSAGES[lang].gnsFigure) as unknown as {
      layer: { encoding: { color: { legend: { direction: string } } } }[];
    };
    if (horizontal) for (const l of spec.layer) l.encoding.color.legend.direction = 'horizontal';
    return (await renderChart(spec as unknown as Spec)).svg;
  };

  it('has legend entries that do not overlap, and the same series colours, in both languages', async () => {
    const fills: string[][] = [];
    for (const lang of LANGUAGES) {
      const svg = await render(lang);
      const legend = textBoxes(svg).filter((b) => b.role === 'mark-text role-legend-label');
      expect(legend.map((b) => b.text)).toEqual([
        MESSAGES[lang].gnsFigure.probe,
        MESSAGES[lang].gnsFigure.online,
        MESSAGES[lang].gnsFigure.undefinedProbe,
      ]);
      expect(overlappingPairs(legend), lang).toEqual([]);
      fills.push(legendFills(svg));
    }
    expect(fills[0]).toEqual([GNS_COLOURS.probe, GNS_COLOURS.online, GNS_COLOURS.undefined]);
    expect(fills[1]).toEqual(fills[0]);
  }, 30_000);

  it('the overlap check catches the old one-row legend in Chinese (control)', async () => {
    const legend = textBoxes(await render('zh-TW', true)).filter(
      (b) => b.role === 'mark-text role-legend-label',
    );
    expect(overlappingPairs(legend).length).toBeGreaterThan(0);
  }, 30_000);

  it('draws a lower bound as an arrow at the top, an undefined probe as a marker on the axis', async () => {
    const svg = await render('en');
    const points = symbolPositions(svg, 'layer_0_marks');
    const arrows = symbolPositions(svg, 'layer_2_marks');
    const undefinedMarks = symbolPositions(svg, 'layer_3_marks');
    expect(arrows).toHaveLength(1);
    expect(undefinedMarks).toHaveLength(1);
    // y grows downwards: the arrow is above every point, the undefined marker below every one.
    for (const p of points) {
      expect(arrows[0].y).toBeLessThan(p.y);
      expect(undefinedMarks[0].y).toBeGreaterThan(p.y);
    }
    // Log axis: decades as ticks.
    const ticks = textBoxes(svg)
      .filter((b) => b.role === 'mark-text role-axis-label')
      .map((b) => b.text);
    expect(ticks).toEqual(expect.arrayContaining(['1', '10', '100', '1,000']));
  }, 30_000);
});

describe('t-SNE figure', () => {
  const random = seededRandom(3);
  // Batches 0, 1, 3, 5 crowd one spot; 4 has a null point and 8–11 sit at the origin (zero gradients).
  const points = Array.from({ length: 12 }, (_, batch) => {
    const crowd = [0, 1, 3, 5].includes(batch);
    const zero = batch === 4 || batch > 7;
    return {
      batch,
      point:
        batch === 4
          ? null
          : batch > 7
            ? ([0, 0] as [number, number])
            : crowd
              ? ([1 + 0.01 * (batch % 2), 1 + 0.01 * (batch > 2 ? 1 : 0)] as [number, number])
              : ([2 * random(), 2 * random()] as [number, number]),
      kind: zero ? ('zero' as const) : batch === 2 ? ('outlier' as const) : ('normal' as const),
    };
  });

  it.each(LANGUAGES)(
    'labels every batch without overprinting, zero gradients apart (%s)',
    async (lang) => {
      const f = MESSAGES[lang].embeddingFigure;
      const { svg } = await renderChart(embeddingChartSpec(points, { ...f, title: f.title('5') }));
      const labels = textBoxes(svg).filter((b) => b.role.startsWith('mark-text role-mark'));
      expect(labels.map((b) => b.text).sort((a, b) => Number(a) - Number(b))).toEqual(
        points.map((p) => String(p.batch)),
      );
      expect(overlappingPairs(labels)).toEqual([]);
      const symbols = symbolPositions(svg, 'layer_0_marks');
      expect(symbols).toHaveLength(12);
      // The zero-gradient row (grey) lies below every batch with a direction.
      const greys = [...svg.matchAll(new RegExp(`fill="${EMBEDDING_COLOURS.zero}"`, 'g'))].length;
      expect(greys).toBeGreaterThanOrEqual(5);
      const ys = symbols.map((s) => s.y).sort((a, b) => a - b);
      const rowY = ys[ys.length - 1];
      expect(ys.filter((y) => y === rowY)).toHaveLength(5);
      const legend = textBoxes(svg).filter((b) => b.role === 'mark-text role-legend-label');
      expect(legend.map((b) => b.text)).toContain(f.zero);
    },
    30_000,
  );
});

describe('cosine heatmap', () => {
  it('chooses a diverging range centred on 0 only when the values span 0', () => {
    expect(
      cosineColourRange([
        [1, -0.3],
        [0.6, 1],
      ]),
    ).toEqual({ low: -0.3, high: 0.6, scheme: 'redblue' });
    expect(
      cosineColourRange([
        [1, -0.3],
        [-0.6, 1],
      ]),
    ).toEqual({ low: -0.6, high: -0.3, scheme: 'reds' });
    expect(
      cosineColourRange([
        [1, null],
        [null, 1],
      ]),
    ).toEqual({ low: -1, high: 1, scheme: 'redblue' });
  });

  const labels = MESSAGES.en.similarityFigure;
  it('spreads the colours over the values present, states the range, prints the numbers', async () => {
    // Cosines 0.45…0.55: on a −1…1 scale these would be one shade of pale blue.
    const matrix = plantedProbe({ epoch: 5, bSimple: 20, batches: 6, meanCosine: 0.5 }).probe
      .similarity.matrix;
    const { svg } = await renderChart(heatmapSpec(matrix, { ...labels, title: labels.title('5') }));
    const cells = /<g class="mark-rect role-mark[^"]*"[^>]*>(.*?)<\/g>/.exec(svg)![1];
    const fills = [...cells.matchAll(/fill="(#[0-9a-f]{6}|rgb\([^)]*\))"/g)].map((m) => m[1]);
    expect(fills).toHaveLength(30);
    expect(new Set(fills).size).toBeGreaterThanOrEqual(10);
    const texts = textBoxes(svg);
    const values = matrix.flatMap((row, i) => row.filter((_, j) => j !== i)) as number[];
    // The range covers every value and is at least 0.1 wide (here the values span < 0.1).
    const range = cosineColourRange(matrix);
    expect(range.low).toBeLessThanOrEqual(Math.min(...values));
    expect(range.high).toBeGreaterThanOrEqual(Math.max(...values));
    expect(range.high - range.low).toBeCloseTo(0.1, 12);
    expect(range.scheme).toBe('blues');
    const stated = `colour range ${range.low.toFixed(2)} to ${range.high.toFixed(2)} (this epoch's cosines)`;
    expect(texts.map((t) => t.text)).toContain(stated);
    const numbers = texts.filter((t) => t.role.startsWith('mark-text role-mark'));
    expect(numbers).toHaveLength(30);
    expect(overlappingPairs(numbers)).toEqual([]);
    expect(numbers.map((t) => Number(t.text)).sort()).toEqual(
      values.map((v) => Number(v.toFixed(2))).sort(),
    );
  }, 30_000);

  it('prints 12 × 12 numbers that do not overprint each other', async () => {
    const matrix = plantedProbe({ epoch: 5, bSimple: 20, meanCosine: 0.5 }).probe.similarity.matrix;
    const { svg } = await renderChart(heatmapSpec(matrix, { ...labels, title: labels.title('5') }));
    const numbers = textBoxes(svg).filter((t) => t.role.startsWith('mark-text role-mark'));
    expect(numbers).toHaveLength(132);
    expect(overlappingPairs(numbers)).toEqual([]);
  }, 30_000);
});
