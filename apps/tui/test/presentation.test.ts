import { describe, expect, it } from 'vitest';
import { formatDuration, formatNumber } from '../src/format.js';
import { COSINE_SCALE, cosineBin, scaleLegend } from '../src/heatmapScale.js';
import { layoutFor } from '../src/layout.js';
import { lineChart } from '../src/lineChart.js';
import { progressBar, ratePerSecond } from '../src/progress.js';
import { scatterPlot } from '../src/scatter.js';
import { sparkline } from '../src/sparkline.js';

describe('cosine scale', () => {
  it('maps values to bins by their lower edges', () => {
    expect(cosineBin(1)).toMatchObject({ glyph: '█', color: 'yellow' });
    expect(cosineBin(0.95)).toMatchObject({ glyph: '█', color: 'yellow' });
    expect(cosineBin(0.949)).toMatchObject({ glyph: '▓', color: 'yellow' });
    expect(cosineBin(0.6)).toMatchObject({ glyph: '▒', color: 'yellow' });
    expect(cosineBin(0.1)).toMatchObject({ glyph: '░', color: 'yellow' });
    expect(cosineBin(0)).toMatchObject({ glyph: '·', color: 'gray' });
    expect(cosineBin(-0.3)).toMatchObject({ glyph: '-', color: 'blue' });
    expect(cosineBin(-1)).toMatchObject({ glyph: '=', color: 'blue' });
    expect(cosineBin(-1.0000001)).toMatchObject({ glyph: '=', color: 'blue' }); // rounding below -1
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
    expect(ratePerSecond(30, 60)).toBe(0.5);
    expect(Number.isNaN(ratePerSecond(0, 60))).toBe(true);
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
  const points: [number, number][] = [
    [0, 0],
    [10, 10],
    [10, 0],
    [0, 10],
    [0.1, 0.1],
  ];
  it('places planted points at the corners and counts collisions', () => {
    expect(scatterPlot(points, 5, 3)).toEqual(['•   •', '     ', '2   •']);
  });
  it('marks outliers with X even in a shared cell; no mark is a digit but a count', () => {
    const rows = scatterPlot(points, 5, 3, new Set([1, 4]));
    expect(rows).toEqual(['•   X', '     ', 'X   •']);
    // 40 batches: no label collides with X or a count (the old base-36 labels made batch 33 an 'x')
    const many = Array.from({ length: 40 }, (_, i): [number, number] => [i, (i * 7) % 40]);
    const marks = new Set(
      scatterPlot(many, 40, 40, new Set([33]))
        .join('')
        .replace(/ /g, ''),
    );
    expect([...marks].sort()).toEqual(['X', '•']);
  });
  it('leaves zero-gradient batches out and stretches the axes to the rest', () => {
    // batch 4 (zero gradient) sits at the origin in the embedding: not drawn
    const rows = scatterPlot(
      [
        [5, 5],
        [10, 10],
        [10, 5],
        [5, 10],
        [0, 0],
      ],
      5,
      3,
      new Set(),
      new Set([4]),
    );
    expect(rows).toEqual(['•   •', '     ', '•   •']);
  });
});

describe('layoutFor', () => {
  it('shows one panel at 80×24 in a frame one row shorter than the screen', () => {
    // header 4 + body 17 + footer 2 = 23 rows: Ink never clears the scrollback
    expect(layoutFor(80, 24)).toEqual({
      mode: 'single',
      columns: 80,
      rows: 23,
      panelWidth: 79,
      panelHeight: 17,
    });
  });
  it('uses the extra room: taller panels, then a 2×2 grid', () => {
    expect(layoutFor(100, 40)).toMatchObject({ mode: 'single', panelHeight: 33 });
    expect(layoutFor(160, 50)).toEqual({
      mode: 'grid',
      columns: 160,
      rows: 49,
      panelWidth: 79,
      panelHeight: 21,
    });
  });
  it('says when the terminal is below 80×24', () => {
    expect(layoutFor(60, 18).mode).toBe('too-small');
    expect(layoutFor(80, 23).mode).toBe('too-small');
    expect(layoutFor(79, 24).mode).toBe('too-small');
  });
});

describe('expectation', () => {
  const started = (
    over: {
      startEpoch?: number;
      epochs?: number;
      batchesPerEpoch?: number;
      probeEpochs?: number[];
      backend?: string;
    } = {},
  ) => ({
    probeEpochs: [5, 10, 15, 20, 25, 30],
    runId: 'r',
    runDir: '/r',
    backend: 'cpu-onednn',
    backendReason: 'fastest available',
    dataset: 'synthetic',
    trainSamples: 48,
    validationSamples: 6,
    batchesPerEpoch: 12,
    epochs: 30,
    startEpoch: 1,
    ...over,
    type: 'started' as const,
  });
  it('counts this session’s training steps plus probe batches from the loaded data', async () => {
    const { gradientCount } = await import('../src/expectation.js');
    const { defaultOptions, QUICK_PRESET } = await import('../src/options.js');
    const seed = { ...defaultOptions(), probeUntil: null };
    // 30 epochs × 12 batches + 6 probes × probeBatches
    expect(gradientCount(seed, started())).toBe(360 + 6 * seed.probeBatches);
    // resumed at epoch 21: 10 epochs and the probes at 25 and 30
    expect(gradientCount(seed, started({ startEpoch: 21 }))).toBe(120 + 2 * seed.probeBatches);
    // a real folder of 200 training samples: 50 batches per epoch
    expect(gradientCount(seed, started({ batchesPerEpoch: 50 }))).toBe(
      1500 + 6 * seed.probeBatches,
    );
    // the default stops by precision: 48 (the floor) to 192 (the cap) batches a probe
    const byPrecision = defaultOptions();
    expect(byPrecision.probeUntil).toBe(0.5);
    expect(gradientCount(byPrecision, started(), 'fewest')).toBe(360 + 6 * 48);
    expect(gradientCount(byPrecision, started(), 'most')).toBe(360 + 6 * 192);
    const quick = { ...seed, ...QUICK_PRESET };
    expect(gradientCount(quick, started({ epochs: 4, probeEpochs: [2, 4] }))).toBe(48 + 2 * 12);
  });
  it('reproduces the two measured runs it is fitted to, and scales with the model', async () => {
    const { gradientCost, expectedSeconds, expectationLine } = await import(
      '../src/expectation.js'
    );
    const { defaultOptions, QUICK_PRESET } = await import('../src/options.js');
    const seed = { ...defaultOptions(), probeBatches: 12, probeUntil: null };
    expect(gradientCost(seed)).toBe(1);
    expect(gradientCost({ ...seed, ...QUICK_PRESET })).toBeCloseTo(1 / 512, 12);
    // the reference runs: the default seed run, 152.6 s for 360 steps + 804 probe batches
    // (134 a probe on average), and --quick at 0.05 s a gradient
    expect(expectedSeconds({ ...seed, probeBatches: 134 }, started())).toBeCloseTo(152.6, 0);
    const quick = { ...seed, ...QUICK_PRESET };
    expect(expectedSeconds(quick, started()) / 432).toBeCloseTo(0.05, 3);
    expect(gradientCost({ ...seed, depth: 34 })).toBe(2);
    expect(gradientCost({ ...seed, input: [128, 64] })).toBe(2);
    const line = expectationLine(seed, started({ startEpoch: 21, backend: 'wasm' }));
    expect(line).toMatch(/^expect about \d+ s for 10 epochs \(resuming at epoch 21\)/);
    expect(line).toContain('this run uses wasm');
    expect(expectationLine(defaultOptions(), started())).toMatch(
      /^expect \d+ (s|min) to \d+ min for 30 epochs: 648–1512 gradients of ResNet-18 width 1, 64x64, B=4, probes stop once B_simple is within ±50%/,
    );
  });
});
