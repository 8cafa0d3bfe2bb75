import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ReportError } from '../src/errors.js';
import { renderComparison } from '../src/index.js';
import { plantedCell, sweepInput } from './fixtures/sweepFixture.js';

const root = mkdtempSync(join(tmpdir(), 'comparison-input-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const good = (frequency: number, seed: number, batchSize = 4) =>
  plantedCell({
    parameters: { frequency, 'batch-size': batchSize },
    seed,
    batchSize,
    steps: [100, 200],
    accuracy: [0.8, 0.95],
    bSimple: [6, 5],
  });

describe('renderComparison with bad, failed and interrupted cells', () => {
  it('names every bad cell with each defect, lists failed/interrupted ones and marks the report partial', async () => {
    const cells = [good(1000, 1), good(1000, 2), good(3000, 1), good(3000, 2)];
    const badBatch = { ...good(1000, 3), batchSize: 0 };
    const perEpochSteps = good(3000, 3);
    perEpochSteps.epochs[1] = { ...perEpochSteps.epochs[1], steps: 100 }; // per-epoch, not cumulative
    const noSpearman = good(1000, 4) as unknown as { epochs: Record<string, unknown>[] };
    delete noSpearman.epochs[0].spearman;
    const mismatch = { ...good(3000, 4), batchSize: 8 }; // parameters say batch-size 4
    const failed = { ...good(1000, 5), status: 'failed' as const };
    const interrupted = { ...good(3000, 5), status: 'interrupted' as const };
    const duplicate = good(1000, 1);
    const notAnObject = 42;
    const input = sweepInput([
      ...cells,
      badBatch,
      perEpochSteps,
      noSpearman as never,
      mismatch,
      failed,
      interrupted,
      duplicate,
      notAnObject as never,
    ]);
    const outDir = join(root, 'bad', 'comparison');
    const result = await renderComparison(input, outDir);
    expect(result.partial).toBe(true);
    expect(result.problems).toEqual([
      "cells[4] 'frequency=1000,batch-size=4,seed=3' batchSize: invalid value; expected a positive integer, found 0",
      "cells[5] 'frequency=3000,batch-size=4,seed=3' epochs[1].steps: does not increase over the previous epoch; expected epochs ascending and steps/examples counted cumulatively from the start of the run",
      "cells[6] 'frequency=1000,batch-size=4,seed=4' epochs[0].spearman: field missing; expected a finite number, found undefined",
      "cells[7] 'frequency=3000,batch-size=4,seed=4': parameters.batch-size is 4 but batchSize is 8; expected the same value",
      'cells[11] (cell): invalid value; expected an object, found 42',
      'frequency=1000,batch-size=4,seed=1: the same cellId appears at cells[0, 10]; all of them are left out',
      'frequency=1000,batch-size=4,seed=5: the run failed; it is left out of the statistics',
      'frequency=3000,batch-size=4,seed=5: the run was interrupted; it is left out of the statistics',
    ]);
    const markdown = readFileSync(result.reportPath, 'utf8');
    expect(markdown).toContain('> **Partial report.**');
    expect(markdown).toContain('**Cells:** 12 in the input, 3 completed and valid (used below)');
    // The statistics use only the valid completed cells: 1000 Hz keeps seed 2, 3000 Hz seeds 1, 2.
    expect(markdown).toContain('| `batch-size=4, frequency=1000` | 1 |');
    expect(markdown).toContain('| `batch-size=4, frequency=3000` | 2 |');
    const json = JSON.parse(readFileSync(join(outDir, 'comparison.json'), 'utf8'));
    expect(json.partial).toBe(true);
    expect(json.problemMessages).toEqual(result.problems);
  });

  it('accepts a lower-bound interval (high null) and refuses a two-sided one without high', async () => {
    const lower = plantedCell({
      parameters: { frequency: 1000 },
      seed: 1,
      batchSize: 4,
      steps: [100, 200],
      accuracy: [0.8, 0.95],
      bSimple: [6, 5],
      lowerBoundEpochs: [2],
    });
    const broken = plantedCell({
      parameters: { frequency: 1000 },
      seed: 2,
      batchSize: 4,
      steps: [100, 200],
      accuracy: [0.8, 0.95],
      bSimple: [6, 5],
    });
    (broken.probes[0].probe.noiseScale.interval as unknown as { high: null }).high = null;
    const result = await renderComparison(sweepInput([lower, broken]), join(root, 'ci', 'c'));
    expect(result.problems).toEqual([
      "cells[1] 'frequency=1000,seed=2' probes[0].probe.noiseScale.interval.high: invalid value; expected a finite number, found null",
    ]);
  });

  it('writes a report that says there is nothing to compare when no cell is usable', async () => {
    const result = await renderComparison(
      { sweepId: 'empty', createdAt: 'x', spec: {}, cells: [] },
      join(root, 'empty', 'comparison'),
    );
    expect(result.partial).toBe(true);
    expect(result.problems).toEqual(['no completed valid cell: there is nothing to compare']);
    const markdown = readFileSync(result.reportPath, 'utf8');
    expect(markdown).toContain('nothing to compare');
  });

  it('refuses an unknown language with ReportError BAD_OPTION', async () => {
    await expect(
      renderComparison(sweepInput([]), join(root, 'x'), { lang: 'fr' as never }),
    ).rejects.toThrow(ReportError);
    await expect(
      renderComparison(sweepInput([]), join(root, 'x'), { lang: 'fr' as never }),
    ).rejects.toThrow("option lang is 'fr'; expected one of en, zh-TW");
  });
});
