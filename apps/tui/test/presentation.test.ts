import { describe, expect, it } from 'vitest';
import { formatDuration, formatNumber } from '../src/format.js';
import { COSINE_SCALE, cosineBin, scaleLegend } from '../src/heatmapScale.js';
import { layoutFor } from '../src/layout.js';
import { lineChart } from '../src/lineChart.js';
import { progressBar, rateAndEta } from '../src/progress.js';
import { scatterPlot } from '../src/scatter.js';
import { sparkline } from '../src/sparkline.js';

describe('cosine scale', () => {
  it('maps values to bins by their lower edges', () => {
    expect(cosineBin(1)).toMatchObject({ glyph: '█', color: 'green' });
    expect(cosineBin(0.95)).toMatchObject({ glyph: '█', color: 'green' });
    expect(cosineBin(0.949)).toMatchObject({ glyph: '▓', color: 'green' });
    expect(cosineBin(0.6)).toMatchObject({ glyph: '▒', color: 'cyan' });
    expect(cosineBin(0.1)).toMatchObject({ glyph: '░', color: 'cyan' });
    expect(cosineBin(0)).toMatchObject({ glyph: '·', color: 'gray' });
    expect(cosineBin(-0.3)).toMatchObject({ glyph: '▓', color: 'red' });
    expect(cosineBin(-1)).toMatchObject({ glyph: '█', color: 'red' });
    expect(cosineBin(-1.0000001)).toMatchObject({ glyph: '█', color: 'red' }); // rounding below -1
    expect(cosineBin(Number.NaN).glyph).toBe('?');
    expect(cosineBin(null)).toMatchObject({ glyph: '?', color: 'magenta' }); // not the 0 bin ('·')
  });

  it('has a legend that covers [-1, 1] without gaps', () => {
    const legend = scaleLegend();
    expect(legend).toHaveLength(COSINE_SCALE.length);
    expect(legend[0].range).toBe('[-1, -0.5)');
    expect(legend.at(-1)?.range).toBe('[0.95, 1]');
  });
});

describe('sparkline', () => {
  it('scales linearly from min (▁) to max (█)', () => {
    expect(sparkline([0, 1, 2, 3, 4, 5, 6, 7])).toBe('▁▂▃▄▅▆▇█');
    expect(sparkline([10, 0, 5])).toBe('█▁▅'); // 5 is 0.5 → level round(3.5) = 4
  });
  it('shows a constant series mid-height and marks non-finite values', () => {
    expect(sparkline([2, 2, 2])).toBe('▄▄▄');
    expect(sparkline([1, Number.NaN, 3])).toBe('▁×█');
    expect(sparkline([])).toBe('');
  });
});

describe('progress', () => {
  it('fills the bar in proportion', () => {
    expect(progressBar(0, 10, 10)).toBe('░'.repeat(10));
    expect(progressBar(5, 10, 10)).toBe('█████░░░░░');
    expect(progressBar(12, 10, 4)).toBe('████');
  });
  it('estimates rate and ETA from the mean rate so far', () => {
    expect(rateAndEta(30, 120, 60)).toEqual({ perSecond: 0.5, etaSeconds: 180 });
    expect(Number.isNaN(rateAndEta(0, 120, 60).etaSeconds)).toBe(true);
  });
  it('formats durations and numbers', () => {
    expect(formatDuration(42)).toBe('42s');
    expect(formatDuration(75)).toBe('1m15s');
    expect(formatDuration(3725)).toBe('1h02m');
    expect(formatDuration(Number.NaN)).toBe('?');
    expect(formatNumber(1.7e-5)).toBe('1.700e-5');
    expect(formatNumber(0.123456)).toBe('0.1235');
    expect(formatNumber(12345.6)).toBe('12350');
    expect(formatNumber(Number.NaN)).toBe('NaN');
    expect(formatNumber(null)).toBe('—');
  });
});

describe('lineChart', () => {
  it('puts the max on the top row and the min on the bottom row', () => {
    const { rows, min, max } = lineChart([{ values: [4, 0, 2], glyph: '*' }], 3, 3);
    expect([min, max]).toEqual([0, 4]);
    expect(rows).toEqual(['*  ', '  *', ' * ']);
  });
  it('averages values that share a column and draws later series on top', () => {
    const { rows } = lineChart(
      [
        { values: [0, 2, 4, 6], glyph: '·' },
        { values: [Number.NaN, 1, Number.NaN, 5], glyph: 'o' },
      ],
      2,
      7,
    );
    // column 0 = mean(0, 2) = 1 and o at 1; column 1 = mean(4, 6) = 5 and o at 5 (y range 0..6)
    expect(rows.map((r) => r.trimEnd())).toEqual(['', ' o', '', '', '', 'o', '']);
  });
});

describe('scatterPlot', () => {
  it('places planted points at the corners and counts collisions', () => {
    const rows = scatterPlot(
      [
        [0, 0],
        [10, 10],
        [10, 0],
        [0, 10],
        [0.1, 0.1],
      ],
      5,
      3,
      (i) => String.fromCharCode(97 + i),
    );
    expect(rows).toEqual(['d   b', '     ', '2   c']);
  });
});

describe('layoutFor', () => {
  it('shows one panel at 80×24 and fits the rows', () => {
    expect(layoutFor(80, 24)).toEqual({
      mode: 'single',
      columns: 80,
      panelWidth: 79,
      panelHeight: 19,
    });
  });
  it('uses the extra room: taller panels, then a 2×2 grid', () => {
    expect(layoutFor(100, 40).panelHeight).toBe(35);
    expect(layoutFor(160, 50)).toEqual({
      mode: 'grid',
      columns: 160,
      panelWidth: 79,
      panelHeight: 22,
    });
  });
});

describe('expectation', () => {
  it('counts training steps plus probe batches of the seed data', async () => {
    const { gradientCount, expectationLine } = await import('../src/expectation.js');
    const { defaultOptions, QUICK_PRESET } = await import('../src/options.js');
    // 30 epochs × 12 batches + 6 probes × 12 batches
    expect(gradientCount(defaultOptions())).toBe(432);
    // 432 × 0.44 s = 190 s → 3 min
    expect(expectationLine(defaultOptions())).toMatch(
      /^ranker: expect about 3 min for 30 epochs of ResNet-18/,
    );
    // (4 + 2) × 12 × 0.07 s = 5.04 s → 5 s
    expect(expectationLine({ ...defaultOptions(), ...QUICK_PRESET })).toMatch(
      /expect about 5 s for 4 epochs/,
    );
  });
});
