import { appendFile, mkdir, readdir, readFile, symlink, writeFile } from 'node:fs/promises';
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

  it('will not reuse a run directory that has a config.json, or a folder of other files', async () => {
    const root = await tempDir();
    const run = await RunDirectory.create(root, 'r1');
    await run.writeJson('config.json', {});
    await expect(RunDirectory.create(root, 'r1')).rejects.toMatchObject({
      code: 'RUN_EXISTS',
      message: expect.stringContaining('already exists: choose another runId or resume it'),
    });
    await mkdir(join(root, 'photos'));
    await writeFile(join(root, 'photos', 'holiday.jpg'), 'x');
    await expect(RunDirectory.create(root, 'photos')).rejects.toMatchObject({
      code: 'RUN_EXISTS',
      message: expect.stringContaining(
        'is not a run directory (no config.json) but holds holiday.jpg',
      ),
    });
    await writeFile(join(root, 'a-file'), 'x');
    await expect(RunDirectory.create(root, 'a-file')).rejects.toMatchObject({
      code: 'OUT_DIR_NOT_WRITABLE',
      message: `${join(root, 'a-file')} is a file, not a folder: choose another output path for the run`,
    });
    await expect(RunDirectory.open(join(root, 'nope'))).rejects.toMatchObject({
      code: 'RUN_NOT_FOUND',
    });
  });

  it('names the operation and the path of a failed write, and leaves no temporary file', async () => {
    const run = await RunDirectory.create(await tempDir(), 'r1');
    // /dev/full answers every write with ENOSPC, as a full disk does.
    await symlink('/dev/full', join(run.path, 'metrics.jsonl'));
    await expect(run.appendMetric(batch(1))).rejects.toMatchObject({
      code: 'RUN_IO_FAILED',
      message: `cannot append to ${join(run.path, 'metrics.jsonl')} (ENOSPC: no space left on device, write)`,
    });
    // A rename onto a non-empty folder fails after the temporary file was written.
    await mkdir(join(run.path, 'state.json', 'x'), { recursive: true });
    await expect(run.writeState('running', 0)).rejects.toMatchObject({
      code: 'RUN_IO_FAILED',
      message: expect.stringMatching(
        /^cannot rename .*state\.json\.\d+\.\d+\.tmp to .*state\.json \(/,
      ),
    });
    expect((await readdir(run.path)).sort()).toEqual(['metrics.jsonl', 'state.json']);
    // Syncing a folder that is not there (a checkpoint folder removed behind the trainer's back).
    await expect(run.syncFolder('checkpoints')).rejects.toMatchObject({
      code: 'RUN_IO_FAILED',
      message: expect.stringMatching(
        new RegExp(`^cannot sync ${join(run.path, 'checkpoints')} \\(ENOENT`),
      ),
    });
  });

  it('removes temporary files, partial checkpoints and report staging folders', async () => {
    const run = await RunDirectory.create(await tempDir(), 'r1');
    await run.writeJson('probes/epoch-002.json', {});
    for (const file of ['state.json.123.4.tmp', 'probes/epoch-003.json.9.0.tmp', 'metrics.jsonl']) {
      await writeFile(join(run.path, file), '');
    }
    for (const folder of [
      '.report.tmp-Ab12Cd',
      '.report.tmp-Xy34Zw-previous',
      'checkpoints/epoch-004.partial',
      'checkpoints/epoch-003',
    ]) {
      await mkdir(join(run.path, folder), { recursive: true });
    }
    expect((await run.removeLeftovers()).sort()).toEqual([
      '.report.tmp-Ab12Cd',
      '.report.tmp-Xy34Zw-previous',
      'checkpoints/epoch-004.partial',
      'probes/epoch-003.json.9.0.tmp',
      'state.json.123.4.tmp',
    ]);
    expect((await readdir(run.path)).sort()).toEqual(['checkpoints', 'metrics.jsonl', 'probes']);
    expect(await readdir(join(run.path, 'checkpoints'))).toEqual(['epoch-003']);
    expect(await readdir(join(run.path, 'probes'))).toEqual(['epoch-002.json']);
  });
});
