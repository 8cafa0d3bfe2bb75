import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../src/cli.js';
import { readProbeRecord } from '../src/probeRecord.js';
import type { Problem } from '../src/problems.js';
import { renderReport } from '../src/renderReport.js';
import { readRunDirectory } from '../src/runDirectory.js';
import { plantedProbe, writeRun } from './fixtures/runFixture.js';

const root = mkdtempSync(join(tmpdir(), 'ranker-report-bad-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

// Small probes (4 batches) keep the charts quick; each render here still draws a few charts.
const probe = (epoch: number) => ({ epoch, bSimple: 30 - epoch, batches: 4 });

describe('a run directory with missing files', () => {
  it('renders a partial report that names each missing file', async () => {
    const dir = writeRun(root, 'run-missing', {
      probes: [probe(1)],
      omit: ['config.json', 'metrics.jsonl', 'state.json'],
    });
    const result = await renderReport(dir);
    expect(result.partial).toBe(true);
    expect(result.problems.map((p) => [p.kind, p.file])).toEqual([
      ['missing-file', 'config.json'],
      ['missing-file', 'state.json'],
      ['run-not-completed', 'state.json'],
      ['missing-file', 'metrics.jsonl'],
    ]);
    const markdown = readFileSync(result.reportPath, 'utf8');
    expect(markdown).toContain('**Partial report.**');
    expect(markdown).toContain('`config.json`: file missing or unreadable');
    expect(markdown).toContain('No epoch metrics were found, so there is no loss curve.');
    expect(result.problemMessages[0]).toBe('config.json: file missing or unreadable, found ENOENT');
    expect(JSON.parse(readFileSync(result.summaryPath, 'utf8')).partial).toBe(true);
  }, 30_000);

  it('renders a report with no probes at all, in both languages', async () => {
    const dir = writeRun(root, 'run-no-probes', { probes: [], epochs: 2, status: 'interrupted' });
    for (const lang of ['en', 'zh-TW'] as const) {
      const result = await renderReport(dir, { lang, outDir: join(dir, `report-${lang}`) });
      expect(result.problems.map((p) => p.kind)).toEqual(['run-not-completed', 'no-probes']);
      const markdown = readFileSync(result.reportPath, 'utf8');
      expect(markdown).toContain(lang === 'en' ? 'interrupted' : '已中斷');
      expect(result.conclusions.gnsDecreases.verdict).toBe('inconclusive');
    }
  }, 30_000);
});

describe('a probe file with NaN', () => {
  it('leaves the probe out, says which file and why, and reports the others', async () => {
    const dir = writeRun(root, 'run-nan', { probes: [probe(1), probe(2)] });
    const file = join(dir, 'probes', 'epoch-002.json');
    // Python's json.dump writes a bare NaN, which is not JSON.
    writeFileSync(file, readFileSync(file, 'utf8').replace('"bSimple":28', '"bSimple":NaN'));
    const result = await renderReport(dir, { lang: 'zh-TW' });
    // The file's defect, then the epoch it costs: config.json lists epoch 2 as analysed.
    expect(result.problems).toHaveLength(2);
    expect(result.problems[0]).toMatchObject({
      kind: 'invalid-json',
      file: 'probes/epoch-002.json',
    });
    expect(result.problems[1]).toEqual({
      kind: 'probe-missing',
      file: 'probes/epoch-002.json',
      field: 'epoch',
      got: '2',
    });
    expect(result.problemMessages[0]).toMatch(
      /^probes\/epoch-002\.json: not valid JSON \(NaN and Infinity are not JSON\), found .+/,
    );
    const markdown = readFileSync(result.reportPath, 'utf8');
    expect(markdown).toContain('**部分報告。**');
    expect(markdown).toContain('`probes/epoch-002.json`：不是有效的 JSON');
    expect(
      JSON.parse(readFileSync(result.summaryPath, 'utf8')).probes.map(
        (p: { epoch: number }) => p.epoch,
      ),
    ).toEqual([1]);
  }, 30_000);

  it('names the field when a number was written as null (JSON.stringify of NaN)', () => {
    const record = JSON.parse(JSON.stringify(plantedProbe(probe(3)))) as ReturnType<
      typeof plantedProbe
    >;
    // A null bSimple is valid (undefined GNS); a null per-parameter figure beside a number is not.
    (record.probe.noiseScale as { bSimplePerParameter: number | null }).bSimplePerParameter = null;
    record.probe.similarity.matrix[2][1] = Number.NaN; // serialises to null
    const problems: Problem[] = [];
    expect(
      readProbeRecord(JSON.parse(JSON.stringify(record)), 'probes/epoch-003.json', problems),
    ).toBeUndefined();
    expect(problems).toEqual([
      {
        kind: 'invalid-field',
        file: 'probes/epoch-003.json',
        field: 'probe.noiseScale.bSimplePerParameter',
        expected: 'finite-number',
        got: 'null',
      },
      {
        kind: 'invalid-field',
        file: 'probes/epoch-003.json',
        field: 'probe.similarity.matrix[2][1]',
        expected: 'finite-number',
        got: 'null',
      },
    ]);
  });

  it('rejects a probe whose epoch differs from its file name', () => {
    const dir = writeRun(root, 'run-mismatch', { probes: [probe(4)] });
    const file = join(dir, 'probes', 'epoch-004.json');
    writeFileSync(file, readFileSync(file, 'utf8').replace('"epoch":4', '"epoch":7'));
    const run = readRunDirectory(dir);
    expect(run.probes).toEqual([]);
    expect(run.problems[0]).toEqual({
      kind: 'epoch-mismatch',
      file: 'probes/epoch-004.json',
      field: 'epoch',
      got: '7',
    });
  });
});

describe('metrics.jsonl and state.json defects', () => {
  it('reports a broken line by number and keeps the valid epochs', () => {
    const dir = writeRun(root, 'run-lines', { probes: [], epochs: 3 });
    const path = join(dir, 'metrics.jsonl');
    const lines = readFileSync(path, 'utf8').split('\n');
    lines[1] = '{"type":"epoch","epoch":1,'; // truncated by a crash mid-write
    writeFileSync(path, lines.join('\n'));
    writeFileSync(join(dir, 'state.json'), '{"status":"paused","lastCompletedEpoch":3}');
    const run = readRunDirectory(dir);
    expect(run.epochs.map((e) => e.epoch)).toEqual([2, 3]);
    expect(run.problems).toContainEqual(
      expect.objectContaining({ kind: 'invalid-json', file: 'metrics.jsonl', field: 'line 2' }),
    );
    expect(run.problems).toContainEqual({
      kind: 'invalid-field',
      file: 'state.json',
      field: 'status',
      expected: 'run-status',
      got: '"paused"',
    });
  });
});

describe('ranker-report CLI', () => {
  const io = () => {
    const out: string[] = [];
    const err: string[] = [];
    return { out, err, io: { out: (l: string) => out.push(l), err: (l: string) => err.push(l) } };
  };

  it('exits 2 with a clear message when the run directory does not exist', async () => {
    const { err, io: streams } = io();
    expect(await runCli([join(root, 'nope')], streams)).toBe(2);
    expect(err[0]).toBe(
      `ranker-report: run directory '${join(root, 'nope')}' does not exist or is not a directory`,
    );
  });

  it('exits 2 on an unknown language or a missing argument', async () => {
    const a = io();
    expect(await runCli([root, '--lang', 'fr'], a.io)).toBe(2);
    expect(a.err[0]).toBe("ranker-report: --lang is 'fr'; expected one of en, zh-TW");
    const b = io();
    expect(await runCli([], b.io)).toBe(2);
    expect(b.err[0]).toBe('ranker-report: missing <runDir>');
  });

  it('exits 0 for an interrupted run, printing each problem on stderr', async () => {
    const dir = writeRun(root, 'run-cli', { probes: [], epochs: 1, status: 'interrupted' });
    const { out, err, io: streams } = io();
    expect(await runCli([dir, '--lang', 'zh-TW'], streams)).toBe(0);
    expect(out[0]).toBe(`partial report written to ${join(dir, 'report', 'report.md')}`);
    expect(err).toEqual([
      'ranker-report: state.json status: the run did not complete; results cover the epochs that finished, found interrupted',
      'ranker-report: probes/: no valid probe file, so there are no gradient analyses',
    ]);
  }, 30_000);
});
