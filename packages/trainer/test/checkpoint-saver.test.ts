import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { resumeRun, startRun } from '../src/index.js';
import { type LinearRanker, linearComponents } from './support/linear-ranker.js';
import { listCheckpoints, readLines, readState, smallConfig } from './support/run-helpers.js';
import { useTempDirs } from './support/temp-dir.js';

/** Metrics lines without wall-clock fields, which no two runs share. */
async function withoutTimings(runDir: string): Promise<unknown[]> {
  return (await readLines(runDir)).map((r) =>
    r.type === 'epoch' ? { ...r, trainMs: 0, validationMs: 0, probeMs: 0 } : r,
  );
}

/** 48 training samples, B = 4: 12 batches per epoch. */
const LAST_BATCH = 11;

/** Makes the model's save of `epoch` resolve only once the returned function is called. */
function holdSave(model: LinearRanker, epoch: number): () => void {
  let release = () => {};
  const held = new Promise<void>((resolve) => {
    release = resolve;
  });
  const save = model.save.bind(model);
  model.save = async (dir) => {
    await save(dir);
    if (dir.includes(`epoch-${String(epoch).padStart(3, '0')}`)) await held;
  };
  return release;
}

/** An uninterrupted run of `epochs` epochs: its metrics lines and final weights. */
async function wholeRun(outDir: string, epochs: number) {
  const parts = linearComponents();
  const trainer = await startRun(smallConfig(outDir, 'whole', epochs, []), parts);
  await trainer.run();
  return {
    metrics: await withoutTimings(trainer.directory.path),
    weights: parts.models[0].weights,
  };
}

describe('checkpoints written behind the training (issue 19)', () => {
  const tempDir = useTempDirs();

  it('the next epoch trains while a checkpoint is written; state.json names it only once saved', async () => {
    const outDir = await tempDir();
    const whole = await wholeRun(outDir, 3);
    const parts = linearComponents();
    const trainer = await startRun(smallConfig(outDir, 'held', 3, []), parts);
    const release = holdSave(parts.models[0], 1);
    const runDir = trainer.directory.path;
    const seen: unknown[] = [];
    trainer.on('batchEnd', (e) => {
      if (e.epoch !== 2 || e.batchIndex !== LAST_BATCH) return;
      // Epoch 2 trained while epoch 1's save is still pending: nothing names it yet.
      const state = JSON.parse(readFileSync(join(runDir, 'state.json'), 'utf8'));
      seen.push({
        lastCompletedEpoch: state.lastCompletedEpoch,
        epochsCompleted: trainer.epochsCompleted,
        renamed: existsSync(join(runDir, 'checkpoints/epoch-001')),
      });
      release();
    });
    expect(await trainer.run()).toMatchObject({ status: 'completed', epochsCompleted: 3 });
    expect(seen).toEqual([{ lastCompletedEpoch: 0, epochsCompleted: 0, renamed: false }]);
    expect(await readState(runDir)).toMatchObject({ status: 'completed', lastCompletedEpoch: 3 });
    expect(await listCheckpoints(runDir)).toEqual(['epoch-002', 'epoch-003']);
    // The checkpoint holds the state of its epoch's end although training went on meanwhile.
    expect(await withoutTimings(runDir)).toEqual(whole.metrics);
    expect(parts.models[0].weights).toEqual(whole.weights);
  });

  it('a stop while a checkpoint is in flight: the run ends after it is saved and records it', async () => {
    const outDir = await tempDir();
    const whole = await wholeRun(outDir, 3);
    const parts = linearComponents();
    const trainer = await startRun(smallConfig(outDir, 'stopped', 3, []), parts);
    const release = holdSave(parts.models[0], 1);
    trainer.on('batchEnd', (e) => {
      if (e.epoch !== 2 || e.batchIndex !== 1) return;
      trainer.requestStop();
      release();
    });
    const ends: unknown[] = [];
    trainer.on('runEnd', (e) => ends.push(e));
    expect(await trainer.run()).toMatchObject({ status: 'interrupted', epochsCompleted: 1 });
    expect(ends).toEqual([{ status: 'interrupted', epochsCompleted: 1 }]);
    const runDir = trainer.directory.path;
    expect(await readState(runDir)).toMatchObject({ status: 'interrupted', lastCompletedEpoch: 1 });
    expect(await listCheckpoints(runDir)).toEqual(['epoch-001']);

    const resumedParts = linearComponents();
    const resumed = await resumeRun(runDir, resumedParts);
    expect(await resumed.run()).toMatchObject({ status: 'completed', epochsCompleted: 3 });
    expect(await withoutTimings(runDir)).toEqual(whole.metrics);
    expect(resumedParts.models[0].weights).toEqual(whole.weights);
  });

  it('a save that fails in the background fails the run at the next batch, naming the checkpoint', async () => {
    const parts = linearComponents();
    const trainer = await startRun(smallConfig(await tempDir(), 'full', 3, []), parts);
    const model = parts.models[0];
    const save = model.save.bind(model);
    model.save = async (dir) => {
      await save(dir);
      if (dir.includes('epoch-001')) {
        throw Object.assign(new Error('ENOSPC: no space left on device, fsync'), {
          code: 'ENOSPC',
        });
      }
    };
    const epochs: number[] = [];
    trainer.on('epochEnd', (e) => epochs.push(e.epoch));
    const partial = join(trainer.directory.path, 'checkpoints/epoch-001.partial');
    await expect(trainer.run()).rejects.toMatchObject({
      code: 'RUN_IO_FAILED',
      message: `cannot save checkpoint ${partial} (ENOSPC: no space left on device, fsync)`,
    });
    expect(epochs).toEqual([1]); // epoch 2 did not complete
    expect(await listCheckpoints(trainer.directory.path)).toEqual([]);
    expect(await readState(trainer.directory.path)).toMatchObject({
      status: 'failed',
      lastCompletedEpoch: 0,
    });
  });

  // Slow (a few seconds): a child process that loads the trainer through tsx.
  it('kill -9 while a checkpoint is written: the resume starts from the previous one, bit-identical', async () => {
    const outDir = await tempDir();
    const whole = await wholeRun(outDir, 4);
    const script = fileURLToPath(new URL('./support/killed-mid-checkpoint.ts', import.meta.url));
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', '--conditions=@ranker/source', script, outDir],
      {
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    await new Promise<void>((resolve, reject) => {
      child.stdout.on('data', (chunk: Buffer) => {
        if (chunk.toString().includes('training epoch 3')) resolve();
      });
      child.on('exit', (code) =>
        reject(new Error(`the child exited (code ${code}) before epoch 3`)),
      );
    });
    const exited = new Promise((resolve) => child.on('exit', (_, signal) => resolve(signal)));
    child.kill('SIGKILL');
    expect(await exited).toBe('SIGKILL');

    const runDir = join(outDir, 'killed');
    expect(await readState(runDir)).toMatchObject({ status: 'running', lastCompletedEpoch: 1 });
    expect(await listCheckpoints(runDir)).toEqual(['epoch-001', 'epoch-002.partial']);
    const parts = linearComponents();
    const resumed = await resumeRun(runDir, parts);
    expect(resumed.notices).toContainEqual({
      kind: 'leftovers-removed',
      message: expect.stringContaining('checkpoints/epoch-002.partial'),
    });
    expect(resumed.epochsCompleted).toBe(1);
    expect(await resumed.run()).toMatchObject({ status: 'completed', epochsCompleted: 4 });
    expect(await withoutTimings(runDir)).toEqual(whole.metrics);
    expect(parts.models[0].weights).toEqual(whole.weights);
    expect(await listCheckpoints(runDir)).toEqual(['epoch-003', 'epoch-004']);
  });
});
