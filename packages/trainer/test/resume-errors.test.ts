import { readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { resumeRun, startRun } from '../src/index.js';
import { linearComponents } from './support/linear-ranker.js';
import { smallConfig } from './support/run-helpers.js';
import { useTempDirs } from './support/temp-dir.js';

describe('resumeRun on bad input', () => {
  const tempDir = useTempDirs();

  /** A run stopped after epoch `stopAfter` of 3. */
  async function stoppedRun(stopAfter = 1): Promise<string> {
    const trainer = await startRun(smallConfig(await tempDir(), 'r1', 3, []), linearComponents());
    trainer.on('epochEnd', (e) => e.epoch === stopAfter && trainer.requestStop());
    await trainer.run();
    return trainer.directory.path;
  }

  it('names a missing run directory', async () => {
    const missing = join(await tempDir(), 'nope');
    await expect(resumeRun(missing, linearComponents())).rejects.toMatchObject({
      code: 'RUN_NOT_FOUND',
      message: `run directory ${missing} does not exist`,
    });
  });

  it('names a corrupt config.json and changes nothing', async () => {
    const dir = await stoppedRun();
    await writeFile(join(dir, 'config.json'), '{ "runId": ');
    const metricsBefore = await readFile(join(dir, 'metrics.jsonl'), 'utf8');
    await expect(resumeRun(dir, linearComponents())).rejects.toMatchObject({
      code: 'RUN_CORRUPT',
      message: expect.stringMatching(/config\.json is not valid JSON/),
    });
    expect(await readFile(join(dir, 'metrics.jsonl'), 'utf8')).toBe(metricsBefore);
  });

  it('names an invalid field of config.json', async () => {
    const dir = await stoppedRun();
    const config = JSON.parse(await readFile(join(dir, 'config.json'), 'utf8'));
    config.training.batchSize = 0;
    await writeFile(join(dir, 'config.json'), JSON.stringify(config));
    await expect(resumeRun(dir, linearComponents())).rejects.toMatchObject({
      code: 'RUN_CORRUPT',
      message: expect.stringContaining('training.batchSize must be a positive integer, got 0'),
    });
  });

  it('names a corrupt state.json', async () => {
    const dir = await stoppedRun();
    await writeFile(join(dir, 'state.json'), '{"status":"interrupted"}');
    await expect(resumeRun(dir, linearComponents())).rejects.toMatchObject({
      code: 'RUN_CORRUPT',
      message: expect.stringContaining('state.json: expected { status, lastCompletedEpoch ≥ 0 }'),
    });
  });

  it('names both checkpoints when neither loads (missing)', async () => {
    const dir = await stoppedRun(2);
    await rm(join(dir, 'checkpoints'), { recursive: true });
    await expect(resumeRun(dir, linearComponents())).rejects.toMatchObject({
      code: 'RUN_CORRUPT',
      message: expect.stringMatching(
        /^checkpoint .*checkpoints\/epoch-002 cannot be loaded \(ENOENT.*\), nor can the previous one, .*checkpoints\/epoch-001 \(ENOENT/,
      ),
    });
  });

  it('names both checkpoints when neither loads (damaged)', async () => {
    const dir = await stoppedRun(2);
    for (const epoch of ['001', '002']) {
      await writeFile(join(dir, `checkpoints/epoch-${epoch}/weights.json`), '{"w": [1, 2]');
    }
    const metricsBefore = await readFile(join(dir, 'metrics.jsonl'), 'utf8');
    await expect(resumeRun(dir, linearComponents())).rejects.toMatchObject({
      code: 'RUN_CORRUPT',
      message: expect.stringMatching(
        /epoch-002 cannot be loaded \(.*epoch-002\/weights\.json: SHA-256 differs.*\), nor can the previous one, .*epoch-001 \(.*epoch-001\/weights\.json: SHA-256 differs/,
      ),
    });
    expect(await readFile(join(dir, 'metrics.jsonl'), 'utf8')).toBe(metricsBefore);
    // The lock was released: a second attempt fails the same way, not with RUN_LOCKED.
    await expect(resumeRun(dir, linearComponents())).rejects.toMatchObject({ code: 'RUN_CORRUPT' });
  });

  it('refuses data that differs from the recorded split', async () => {
    const dir = await stoppedRun();
    const other = linearComponents();
    const data = await other.loadData({} as never);
    other.loadData = async () => ({ ...data, train: data.train.slice(1) });
    await expect(resumeRun(dir, other)).rejects.toMatchObject({
      code: 'RUN_CORRUPT',
      message: expect.stringContaining('differs from the split recorded in config.json'),
    });
  });

  it('refuses data with the same split but another description (e.g. a retuned generator)', async () => {
    const dir = await stoppedRun();
    const other = linearComponents();
    const data = await other.loadData({} as never);
    other.loadData = async () => ({ ...data, description: `${data.description}, retuned` });
    await expect(resumeRun(dir, other)).rejects.toMatchObject({
      code: 'RUN_CORRUPT',
      message: expect.stringContaining(
        `is "${data.description}, retuned" but config.json recorded "${data.description}"`,
      ),
    });
  });
});
