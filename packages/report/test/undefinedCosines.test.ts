import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { heatmapSpec, renderChart, UNDEFINED_CELL_COLOUR } from '../src/charts.js';
import { readProbeRecord } from '../src/probeRecord.js';
import type { Problem } from '../src/problems.js';
import { renderReport } from '../src/renderReport.js';
import { plantedProbe, writeRun } from './fixtures/runFixture.js';

const root = mkdtempSync(join(tmpdir(), 'report-undefined-cosines-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const labels = {
  title: 't',
  x: 'x',
  y: 'y',
  color: 'cosine',
  colourRange: (low: string, high: string) => `colour range ${low} to ${high}`,
  undefinedCell: 'undefined (zero)',
};

/** Batch 1 of 3 has a zero gradient: its row and column are null (grad-analysis's shape). */
const matrix = [
  [1, null, -0.5],
  [null, null, null],
  [-0.5, null, 1],
];

describe('cosines of a zero gradient (null) in the report', () => {
  it('draws undefined cells in a grey outside the cosine scale, with their own legend entry', async () => {
    type Layer = { data: { values: Record<string, unknown>[] } };
    const spec = heatmapSpec(matrix, labels) as unknown as { layer: Layer[] };
    const [defined, undefinedLayer] = spec.layer;
    expect(defined.data.values.map(({ i, j, cosine }) => ({ i, j, cosine }))).toEqual([
      { i: 0, j: 2, cosine: -0.5 },
      { i: 2, j: 0, cosine: -0.5 },
    ]);
    // Off-diagonal cells of row 1 and column 1: (0,1), (1,0), (1,2), (2,1).
    expect(undefinedLayer.data.values.map(({ i, j }) => [i, j])).toEqual([
      [0, 1],
      [1, 0],
      [1, 2],
      [2, 1],
    ]);
    const { svg } = await renderChart(spec as unknown as Parameters<typeof renderChart>[0]);
    expect(svg).toContain(`fill="${UNDEFINED_CELL_COLOUR}"`);
    expect(svg).toContain('undefined (zero)');
  }, 30_000);

  it('has no undefined layer when every cosine is defined', () => {
    const spec = heatmapSpec(
      [
        [1, 0.2],
        [0.2, 1],
      ],
      labels,
    ) as unknown as { layer: { mark: unknown }[] };
    // The cells and the numbers printed in them.
    expect(spec.layer.map((l) => (typeof l.mark === 'string' ? l.mark : 'text'))).toEqual([
      'rect',
      'text',
    ]);
  });

  it('accepts null for a listed zero-gradient batch, rejects it anywhere else', () => {
    const read = (zeroBatches: number[], undefinedBatches: number[]) => {
      const record = JSON.parse(
        JSON.stringify(plantedProbe({ epoch: 2, bSimple: 20, zeroGradientBatches: zeroBatches })),
      );
      record.probe.similarity.undefinedBatches = undefinedBatches;
      const problems: Problem[] = [];
      return { record: readProbeRecord(record, 'probes/epoch-002.json', problems), problems };
    };
    const ok = read([3], [3]);
    expect(ok.problems).toEqual([]);
    expect(ok.record?.probe.similarity.matrix[3][0]).toBeNull();
    const bad = read([3], []); // the null is not explained by a zero gradient
    expect(bad.record).toBeUndefined();
    expect(bad.problems).toEqual([
      {
        kind: 'invalid-field',
        file: 'probes/epoch-002.json',
        field: 'probe.similarity.matrix[0][3]',
        expected: 'finite-number',
        got: 'null',
      },
    ]);
  });

  it('states the defined-pair summaries, names the zero batches, and says when none is defined', async () => {
    const dir = writeRun(root, 'run-zero-batches', {
      probes: [
        { epoch: 1, bSimple: 30, zeroGradientBatches: [3, 7] },
        { epoch: 2, bSimple: 20, undefinedGns: true },
        { epoch: 3, bSimple: 10 },
      ],
    });
    const result = await renderReport(dir, { lang: 'en' });
    expect(result.problems).toEqual([]);
    const markdown = readFileSync(result.reportPath, 'utf8');
    expect(markdown).toContain(
      'Batch 3, 7: gradient exactly zero, so its cosines are undefined (grey in the figure) and left out of the numbers above.',
    );
    expect(markdown).toContain(
      '12 of 12 batch gradients are exactly zero (e.g. every pair beyond the margin); a zero vector has no direction, so no cosine is defined at this epoch.',
    );
    // The epoch-1 mean is the one over the defined pairs, stated as grad-analysis computed it.
    const summary = JSON.parse(readFileSync(result.summaryPath, 'utf8'));
    const [first, second] = summary.probes;
    const planted = plantedProbe({ epoch: 1, bSimple: 30, zeroGradientBatches: [3, 7] });
    expect(first.similarity.meanOffDiagonal).toBe(planted.probe.similarity.meanOffDiagonal);
    expect(second.similarity.meanOffDiagonal).toBeNull();
    expect(summary.conclusions.directionsAlign.epochs).toEqual([1, 3]);
  }, 60_000);
});
