import { appendFile, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { type BatchMetric, RunDirectory } from '../src/index.js';
import { useTempDirs } from './support/temp-dir.js';

const batch = (step: number): BatchMetric => ({
  type: 'batch',
  epoch: 1,
  step,
  batchIndex: step - 1,
  loss: step / 10,
  gradientNormSquared: step,
});

describe('RunDirectory', () => {
  const tempDir = useTempDirs();

  it('writes JSON atomically into nested folders, leaving no temporary file', async () => {
    const run = await RunDirectory.create(await tempDir(), 'r1');
    await run.writeJson('probes/epoch-005.json', { epoch: 5 });
    await run.writeJson('probes/epoch-005.json', { epoch: 5, again: true });
    expect(await readdir(join(run.path, 'probes'))).toEqual(['epoch-005.json']);
    expect(JSON.parse(await readFile(join(run.path, 'probes/epoch-005.json'), 'utf8'))).toEqual({
      epoch: 5,
      again: true,
    });
  });

  it('refuses paths that leave the run directory', async () => {
    const run = await RunDirectory.create(await tempDir(), 'r1');
    await expect(run.writeJson('../escape.json', {})).rejects.toThrow(
      'path "../escape.json" must be relative and inside the run directory',
    );
  });

  it('reads back appended metrics and skips a torn last line', async () => {
    const run = await RunDirectory.create(await tempDir(), 'r1');
    await run.appendMetric(batch(1));
    await run.appendMetric(batch(2));
    expect(await run.readMetrics()).toEqual({ records: [batch(1), batch(2)], tornLine: null });
    await appendFile(join(run.path, 'metrics.jsonl'), '{"type":"batch","epoch":1,"st');
    expect(await run.readMetrics()).toEqual({ records: [batch(1), batch(2)], tornLine: 3 });
  });

  it('reports a corrupt line that is not the last, with its number', async () => {
    const run = await RunDirectory.create(await tempDir(), 'r1');
    await writeFile(join(run.path, 'metrics.jsonl'), `${JSON.stringify(batch(1))}\nnot json\n`);
    await expect(run.readMetrics()).rejects.toMatchObject({
      code: 'RUN_CORRUPT',
      message: expect.stringContaining('metrics.jsonl line 2 is not valid JSON: "not json"'),
    });
  });

  it('fails clearly when the output directory is not writable (a file in the path)', async () => {
    const root = await tempDir();
    await writeFile(join(root, 'file'), 'x');
    await expect(RunDirectory.create(join(root, 'file', 'runs'), 'r1')).rejects.toMatchObject({
      code: 'OUT_DIR_NOT_WRITABLE',
      message: expect.stringMatching(/^output directory .*file\/runs is not a writable folder/),
    });
  });

  it('will not reuse an existing run directory, and opens only run directories', async () => {
    const root = await tempDir();
    await RunDirectory.create(root, 'r1');
    await expect(RunDirectory.create(root, 'r1')).rejects.toMatchObject({ code: 'RUN_EXISTS' });
    await expect(RunDirectory.open(join(root, 'r1'))).rejects.toMatchObject({
      code: 'RUN_CORRUPT',
      message: expect.stringContaining('config.json is missing'),
    });
    await expect(RunDirectory.open(join(root, 'nope'))).rejects.toMatchObject({
      code: 'RUN_NOT_FOUND',
    });
  });
});
