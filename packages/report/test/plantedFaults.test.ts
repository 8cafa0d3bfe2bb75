import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { renderReport } from '../src/renderReport.js';
import { readRunDirectory } from '../src/runDirectory.js';
import { drawConclusions } from '../src/verdicts.js';
import { plantedProbe, writeRun } from './fixtures/runFixture.js';

const root = mkdtempSync(join(tmpdir(), 'report-planted-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const probes = [5, 10, 15, 20].map((epoch) => ({
  epoch,
  bSimple: 20,
  outlierBatches: epoch === 10 ? [3] : [],
}));

describe('planted.json (ground truth of the data audit)', () => {
  it('is optional: without it hypothesis 3 is not tested and nothing is a problem', () => {
    const run = readRunDirectory(writeRun(root, 'run-none', { probes }));
    expect(run.planted).toBeNull();
    expect(run.problems).toEqual([]);
    expect(run.pairsPerEpoch).toBe(48);
  });

  it('is read from the run directory and tests hypothesis 3', () => {
    const dir = writeRun(root, 'run-planted', { probes });
    const batch = plantedProbe(probes[1]).batches[3];
    const faults = [batch[0].left, batch[1].left].map((recordingId) => ({
      recordingId,
      kind: 'label-swap',
      trueLabel: 0,
      recordedLabel: 180,
    }));
    writeFileSync(join(dir, 'planted.json'), JSON.stringify(faults));
    const run = readRunDirectory(dir);
    expect(run.planted).toEqual(faults);
    const c = drawConclusions(run.probes, { planted: run.planted, pairsPerEpoch: 48 });
    expect(c.outliers.verdict).toBe('supported');
  });

  it('names every bad entry of an invalid planted.json and tests nothing', () => {
    const dir = writeRun(root, 'run-bad', { probes });
    writeFileSync(join(dir, 'planted.json'), JSON.stringify([{ kind: 'x' }, { recordingId: 3 }]));
    const run = readRunDirectory(dir);
    expect(run.planted).toBeNull();
    expect(run.problems.map((p) => [p.file, p.field, p.expected])).toEqual([
      ['planted.json', '[0].recordingId', 'string'],
      ['planted.json', '[0].trueLabel', 'finite-number'],
      ['planted.json', '[0].recordedLabel', 'finite-number'],
      ['planted.json', '[1].recordingId', 'string'],
      ['planted.json', '[1].kind', 'string'],
      ['planted.json', '[1].trueLabel', 'finite-number'],
      ['planted.json', '[1].recordedLabel', 'finite-number'],
    ]);
  });

  it('lists the flagged batches’ samples per probe: an id recurs only in another probe’s group', async () => {
    // Batch 3 is flagged at epochs 10 and 15 and holds the same samples in both probes.
    const twice = [5, 10, 15, 20].map((epoch) => ({
      epoch,
      bSimple: 20,
      outlierBatches: epoch === 10 || epoch === 15 ? [3] : [],
    }));
    const dir = writeRun(root, 'run-samples', { probes: twice });
    const result = await renderReport(dir, { lang: 'en' });
    const markdown = readFileSync(result.reportPath, 'utf8');
    const line = markdown.split('\n').find((l) => l.includes('Samples most involved')) ?? '';
    const list = line.slice(line.indexOf('were flagged): ') + 'were flagged): '.length);
    const groups = list.split('; ');
    expect(groups.map((g) => g.match(/^epoch (\d+)/)?.[1])).toEqual(['10', '15']);
    const ids = groups.map((g) => [...g.matchAll(/`([^`]+)`/g)].map((m) => m[1]));
    expect(ids[0].length).toBeGreaterThan(0);
    expect(ids[1]).toEqual(ids[0]); // the same samples, once in each probe's group
    for (const group of ids) expect(new Set(group).size).toBe(group.length);
  });
});
