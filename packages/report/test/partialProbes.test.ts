import { mkdtempSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { bSimpleInterval } from '../src/bSimpleInterval.js';
import { readProbeRecord } from '../src/probeRecord.js';
import type { Problem } from '../src/problems.js';
import { renderReport } from '../src/renderReport.js';
import { readRunDirectory } from '../src/runDirectory.js';
import { LOWER_BOUND_NOTE, plantedProbe, writeRun } from './fixtures/runFixture.js';

const root = mkdtempSync(join(tmpdir(), 'report-partial-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

// 42 pairs in batches of 4: ten full batches and a short one of 2, harmonic mean
const SHORT = [4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 2];
// 11 / (10/4 + 1/2) = 3.667 pairs (the B the probe records, issue 14).
const probe = (epoch: number) => ({ epoch, bSimple: 40 - epoch, batches: 4 });

describe('short batches', () => {
  it('reads a probe whose B is the harmonic mean 3.667 of unequal batches, and states it', async () => {
    const planted = plantedProbe({ epoch: 5, bSimple: 20, batchSizes: SHORT });
    expect(planted.probe.batchSize).toBeCloseTo(3.667, 3);
    const problems: Problem[] = [];
    const record = readProbeRecord(
      JSON.parse(JSON.stringify(planted)),
      'probes/epoch-005.json',
      problems,
    );
    expect(problems).toEqual([]);
    expect(record?.probe.batchSize).toBe(planted.probe.batchSize);

    const dir = writeRun(root, 'run-short', {
      probes: [
        { epoch: 1, bSimple: 30, batchSizes: SHORT },
        { epoch: 2, bSimple: 20, batchSizes: SHORT },
      ],
    });
    const result = await renderReport(dir);
    expect(result.partial).toBe(false);
    expect(result.problems).toEqual([]);
    const summary = JSON.parse(readFileSync(result.summaryPath, 'utf8'));
    expect(summary.probes.map((p: { epoch: number }) => p.epoch)).toEqual([1, 2]);
    expect(summary.probes[0].batchSizes).toEqual(SHORT);
    expect(summary.numbers['gns.epoch1.batchSize'].text).toBe('3.67');
  }, 30_000);

  it('rejects a batch size that is not a positive finite number, naming the field', () => {
    const record = JSON.parse(JSON.stringify(plantedProbe({ epoch: 3, bSimple: 20 })));
    record.probe.batchSize = 0;
    record.probe.noiseScale.batchSmall = -1;
    const problems: Problem[] = [];
    expect(readProbeRecord(record, 'probes/epoch-003.json', problems)).toBeUndefined();
    expect(problems.map((p) => [p.field, p.expected])).toEqual([
      ['probe.batchSize', 'positive-number'],
      ['probe.noiseScale.batchSmall', 'positive-number'],
    ]);
  });
});

describe('the interval contract', () => {
  it('reads a lower-bound interval (high null) and states it as ≥ low with its note', async () => {
    const planted = plantedProbe({ epoch: 4, bSimple: 50, intervalKind: 'lower-bound' });
    const problems: Problem[] = [];
    const record = readProbeRecord(
      JSON.parse(JSON.stringify(planted)),
      'probes/epoch-004.json',
      problems,
    );
    expect(problems).toEqual([]);
    expect(bSimpleInterval(record!.probe.noiseScale)).toMatchObject({
      kind: 'lower-bound',
      low: 45,
      high: null,
      note: LOWER_BOUND_NOTE,
      path: 'exact',
    });
    const dir = writeRun(root, 'run-lower', {
      probes: [{ epoch: 1, bSimple: 50, intervalKind: 'lower-bound' }],
    });
    const result = await renderReport(dir);
    const markdown = readFileSync(result.reportPath, 'utf8');
    expect(markdown).toContain('| ≥ 45 (lower bound only) |');
    expect(markdown).toContain(`Epoch 1, interval: \`${LOWER_BOUND_NOTE}\``);
    expect(markdown).toContain('Inner products behind the intervals: exact (epoch 1).');
  }, 30_000);

  it('reads an older interval without kind as two-sided', () => {
    const record = JSON.parse(JSON.stringify(plantedProbe({ epoch: 2, bSimple: 20 })));
    delete record.probe.noiseScale.interval.kind;
    delete record.probe.noiseScale.intervalNote;
    delete record.probe.noiseScale.path;
    delete record.probe.batchSizes;
    const read = readProbeRecord(record, 'probes/epoch-002.json', []);
    expect(bSimpleInterval(read!.probe.noiseScale)).toMatchObject({
      kind: 'two-sided',
      low: 18,
      high: 22,
      note: null,
      path: null,
    });
  });

  it('rejects a lower bound with a high end, a two-sided one without, and an unknown kind', () => {
    const check = (mutate: (interval: Record<string, unknown>) => void) => {
      const record = JSON.parse(JSON.stringify(plantedProbe({ epoch: 2, bSimple: 20 })));
      mutate(record.probe.noiseScale.interval);
      const problems: Problem[] = [];
      expect(readProbeRecord(record, 'probes/epoch-002.json', problems)).toBeUndefined();
      return problems.map((p) => [p.field, p.expected]);
    };
    expect(check((i) => (i.kind = 'lower-bound'))).toEqual([
      ['probe.noiseScale.interval.high', 'null-high'],
    ]);
    expect(check((i) => (i.high = null))).toEqual([
      ['probe.noiseScale.interval.high', 'finite-number'],
    ]);
    expect(check((i) => (i.kind = 'upper'))).toEqual([
      ['probe.noiseScale.interval.kind', 'interval-kind'],
    ]);
  });
});

describe('a run with a deleted probe file', () => {
  it('is partial, and names the epoch in result, summary.json and report.md', async () => {
    const dir = writeRun(root, 'run-deleted', { probes: [probe(1), probe(2), probe(3)] });
    unlinkSync(join(dir, 'probes', 'epoch-002.json'));
    for (const lang of ['en', 'zh-TW'] as const) {
      const result = await renderReport(dir, { lang, outDir: join(dir, `report-${lang}`) });
      expect(result.partial).toBe(true);
      expect(result.problems).toEqual([
        { kind: 'missing-file', file: 'probes/epoch-002.json', got: 'ENOENT' },
        { kind: 'probe-missing', file: 'probes/epoch-002.json', field: 'epoch', got: '2' },
      ]);
      const summary = JSON.parse(readFileSync(result.summaryPath, 'utf8'));
      expect(summary.partial).toBe(true);
      expect(summary.problems).toEqual(result.problems);
      expect(summary.expectedProbeEpochs).toEqual([1, 2, 3]);
      expect(summary.missingProbeEpochs).toEqual([2]);
      const markdown = readFileSync(result.reportPath, 'utf8');
      expect(markdown).toContain(lang === 'en' ? '**Partial report.**' : '**部分報告。**');
      expect(markdown).toContain(
        lang === 'en' ? '**No gradient analysis for epoch 2:**' : '**Epoch 2 沒有梯度分析：**',
      );
    }
    expect(
      (await renderReport(dir)).problemMessages.some((line) =>
        line.startsWith('probes/epoch-002.json epoch: this analysis epoch finished'),
      ),
    ).toBe(true);
  }, 30_000);

  it('does not expect probes of analysis epochs the run has not reached', () => {
    const dir = writeRun(root, 'run-early', { probes: [probe(1), probe(2), probe(3)] });
    unlinkSync(join(dir, 'probes', 'epoch-003.json'));
    const state = join(dir, 'state.json');
    const text = readFileSync(state, 'utf8').replace(
      '"lastCompletedEpoch":3',
      '"lastCompletedEpoch":2',
    );
    writeFileSync(state, text.replace('completed', 'interrupted'));
    const run = readRunDirectory(dir);
    expect(run.expectedProbeEpochs).toEqual([1, 2]);
    expect(run.missingProbeEpochs).toEqual([]);
    expect(run.problems.map((p) => p.kind)).toEqual(['run-not-completed']);
  });
});
