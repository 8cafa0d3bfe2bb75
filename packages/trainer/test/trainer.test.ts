import { appendFile, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  type PairRef,
  resumeRun,
  startRun,
  stopOnSignals,
  type TrainerEventName,
  type TrainerEvents,
  toPairBatch,
} from '../src/index.js';
import { linearComponents } from './support/linear-ranker.js';
import {
  listCheckpoints,
  pairBatchOf,
  readLines,
  readState,
  smallConfig,
} from './support/run-helpers.js';
import { useTempDirs } from './support/temp-dir.js';

// 48 training samples, B = 4 → 12 batches per epoch (as in the seed experiment).
const BATCHES = 12;

describe('Trainer with a linear test double', () => {
  const tempDir = useTempDirs();

  it('runs every epoch, emitting events in order and writing metrics, state and two checkpoints', async () => {
    const components = linearComponents();
    const trainer = await startRun(smallConfig(await tempDir(), 'r1', 3, [2]), components);
    const events: string[] = [];
    for (const name of [
      'batchEnd',
      'probeStart',
      'probe',
      'probeEnd',
      'epochEnd',
      'runEnd',
    ] as TrainerEventName[]) {
      trainer.on(name, () => events.push(name));
    }
    const summary = await trainer.run();

    expect(summary).toMatchObject({ status: 'completed', epochsCompleted: 3 });
    const epoch = (name: string) => [...Array(BATCHES)].map(() => name);
    expect(events).toEqual([
      ...epoch('batchEnd'),
      'epochEnd',
      ...epoch('batchEnd'),
      'probeStart',
      ...epoch('probe'),
      'probeEnd',
      'epochEnd',
      ...epoch('batchEnd'),
      'epochEnd',
      'runEnd',
    ]);
    const lines = await readLines(trainer.directory.path);
    expect(lines.filter((l) => l.type === 'batch').map((l) => l.step)).toEqual(
      [...Array(3 * BATCHES)].map((_, i) => i + 1),
    );
    expect(lines.filter((l) => l.type === 'epoch').map((l) => l.epoch)).toEqual([1, 2, 3]);
    expect(await readState(trainer.directory.path)).toMatchObject({
      status: 'completed',
      lastCompletedEpoch: 3,
    });
    expect(await listCheckpoints(trainer.directory.path)).toEqual(['epoch-002', 'epoch-003']);
    expect(components.models[0].disposed).toBe(true);
    const config = JSON.parse(await readFile(join(trainer.directory.path, 'config.json'), 'utf8'));
    expect(config).toMatchObject({
      runId: 'r1',
      backendUsed: { name: 'linear-double' },
      training: { seed: 11 },
      versions: { '@ranker/trainer': '0.0.0', '@ranker/model': '0.0.0', '@ranker/dsp': '0.0.0' },
    });
    expect(config.split.validation).toHaveLength(6);
    await expect(trainer.run()).rejects.toMatchObject({ code: 'ALREADY_STARTED' });
  });

  it('learns: validation ranking improves on data a linear scorer can order', async () => {
    const trainer = await startRun(smallConfig(await tempDir(), 'r1', 3, []), linearComponents());
    const spearmans: number[] = [];
    trainer.on('epochEnd', (e) => spearmans.push(e.validation.spearman));
    const summary = await trainer.run();
    expect(spearmans[2]).toBeGreaterThan(0.9);
    expect(summary.lastEpoch?.pairwiseAccuracy).toBeGreaterThan(0.9);
  });

  it('probes every training batch of the epoch at frozen weights, the same pairs as training', async () => {
    const components = linearComponents();
    const trainer = await startRun(smallConfig(await tempDir(), 'r1', 2, [2]), components);
    const trained: string[] = [];
    const probed: { pairs: string; gradient: Float32Array }[] = [];
    trainer.on('batchEnd', (e) => e.epoch === 2 && trained.push(JSON.stringify(e.pairs)));
    trainer.on('probe', (e) =>
      probed.push({ pairs: JSON.stringify(e.pairs), gradient: e.gradient.slice() }),
    );
    let stepsAtProbeStart = -1;
    let recomputed: Float32Array[] = [];
    trainer.on('probeStart', () => {
      stepsAtProbeStart = components.models[0].steps;
    });
    trainer.on('probeEnd', () => {
      const model = components.models[0];
      expect(model.steps).toBe(stepsAtProbeStart); // no update during the probe
      // Calling the probe again at the same weights gives identical gradients.
      recomputed = probed.map((p) => {
        const pairs = JSON.parse(p.pairs) as { left: string; right: string; target: 1 | -1 }[];
        return model.probeGradient(batchOf(pairs)).gradient.slice();
      });
    });
    const data = await components.loadData({} as never);
    const batchOf = (pairs: PairRef[]) => pairBatchOf(data.train, pairs);
    await trainer.run();

    expect(probed.map((p) => p.pairs)).toEqual(trained);
    for (const [b, g] of recomputed.entries()) expect(g).toEqual(probed[b].gradient);
  });

  it('mean of the per-batch probe gradients equals the full-batch gradient of the same pairs', async () => {
    const components = linearComponents();
    const trainer = await startRun(smallConfig(await tempDir(), 'r1', 1, [1]), components);
    const sum = new Float64Array(32 * 32);
    const allPairs: { left: string; right: string; target: 1 | -1 }[] = [];
    let batches = 0;
    trainer.on('probe', (e) => {
      e.gradient.forEach((g, k) => {
        sum[k] += g;
      });
      allPairs.push(...e.pairs);
      batches++;
    });
    let full: Float32Array | null = null;
    const data = await components.loadData({} as never);
    const index = new Map(data.train.map((s, i) => [s.id, i]));
    trainer.on('probeEnd', () => {
      const pairs = allPairs.map((p) => ({
        left: index.get(p.left)!,
        right: index.get(p.right)!,
        target: p.target,
      }));
      full = components.models[0].probeGradient(toPairBatch(data.train, pairs)).gradient.slice();
    });
    await trainer.run();
    expect(batches).toBe(BATCHES); // equal batch sizes, so the mean of means is the overall mean
    for (const [k, s] of sum.entries()) expect(s / batches).toBeCloseTo(full![k], 5);
  });

  it('a stopped run resumes to exactly the metrics of an uninterrupted one', async () => {
    const outDir = await tempDir();
    const whole = await startRun(smallConfig(outDir, 'whole', 3, [2]), linearComponents());
    await whole.run();

    const cut = await startRun(smallConfig(outDir, 'cut', 3, [2]), linearComponents());
    cut.on('batchEnd', (e) => e.epoch === 3 && e.batchIndex === 4 && cut.requestStop());
    const ends: TrainerEvents['runEnd'][] = [];
    cut.on('runEnd', (e) => ends.push(e));
    expect(await cut.run()).toMatchObject({ status: 'interrupted', epochsCompleted: 2 });
    expect(ends).toEqual([{ status: 'interrupted', epochsCompleted: 2 }]);
    expect(await readState(cut.directory.path)).toMatchObject({
      status: 'interrupted',
      lastCompletedEpoch: 2,
    });
    // The batch in progress finished and was logged; epoch 3 is not complete.
    expect((await readLines(cut.directory.path)).at(-1)).toMatchObject({
      type: 'batch',
      epoch: 3,
      batchIndex: 4,
    });

    const resumed = await resumeRun(cut.directory.path, linearComponents());
    expect(await resumed.run()).toMatchObject({ status: 'completed', epochsCompleted: 3 });
    expect(await withoutTimings(cut.directory.path)).toEqual(
      await withoutTimings(whole.directory.path),
    );
  });

  it('a stop during the probe discards the epoch; resume redoes it identically', async () => {
    const outDir = await tempDir();
    const whole = await startRun(smallConfig(outDir, 'whole', 2, [2]), linearComponents());
    await whole.run();
    const cut = await startRun(smallConfig(outDir, 'cut', 2, [2]), linearComponents());
    let probes = 0;
    cut.on('probe', () => ++probes === 3 && cut.requestStop());
    expect(await cut.run()).toMatchObject({ status: 'interrupted', epochsCompleted: 1 });
    expect(probes).toBe(3);
    await (await resumeRun(cut.directory.path, linearComponents())).run();
    expect(await withoutTimings(cut.directory.path)).toEqual(
      await withoutTimings(whole.directory.path),
    );
  });

  it('resume tolerates a torn last metrics line', async () => {
    const outDir = await tempDir();
    const cut = await startRun(smallConfig(outDir, 'cut', 2, []), linearComponents());
    cut.on('epochEnd', () => cut.requestStop());
    await cut.run();
    await appendFile(join(cut.directory.path, 'metrics.jsonl'), '{"type":"batch","ep');
    await (await resumeRun(cut.directory.path, linearComponents())).run();
    const lines = await readLines(cut.directory.path);
    expect(lines).toHaveLength(2 * BATCHES + 2);
  });

  it('SIGINT while installed interrupts the run at the next batch boundary', async () => {
    const trainer = await startRun(smallConfig(await tempDir(), 'r1', 2, []), linearComponents());
    const uninstall = stopOnSignals(trainer);
    let batches = 0;
    trainer.on('batchEnd', () => ++batches === 2 && process.emit('SIGINT'));
    try {
      expect(await trainer.run()).toMatchObject({ status: 'interrupted', epochsCompleted: 0 });
    } finally {
      uninstall();
    }
    expect(batches).toBe(2);
    expect(await readState(trainer.directory.path)).toMatchObject({
      status: 'interrupted',
      lastCompletedEpoch: 0,
    });
  });

  it('pause holds the run between batches until resume', async () => {
    const trainer = await startRun(smallConfig(await tempDir(), 'r1', 1, []), linearComponents());
    let batches = 0;
    trainer.on('batchEnd', () => ++batches === 3 && trainer.pause());
    const done = trainer.run();
    while (!trainer.isPaused) await new Promise((r) => setTimeout(r, 5));
    await new Promise((r) => setTimeout(r, 100)); // any wait: nothing may run while paused
    expect(batches).toBe(3);
    expect(trainer.isPaused).toBe(true);
    trainer.resume();
    expect(await done).toMatchObject({ status: 'completed' });
    expect(batches).toBe(BATCHES);
  });

  it('a throwing listener fails the run cleanly: reported, saved, resumable', async () => {
    const trainer = await startRun(smallConfig(await tempDir(), 'r1', 2, []), linearComponents());
    trainer.on('epochEnd', (e) => {
      if (e.epoch === 1) throw new Error('display broke');
    });
    const ends: TrainerEvents['runEnd'][] = [];
    trainer.on('runEnd', (e) => ends.push(e));
    await expect(trainer.run()).rejects.toMatchObject({
      code: 'LISTENER_FAILED',
      message: "a 'epochEnd' listener threw: display broke",
    });
    expect(ends).toEqual([
      { status: 'failed', epochsCompleted: 1, error: "a 'epochEnd' listener threw: display broke" },
    ]);
    expect(await readState(trainer.directory.path)).toMatchObject({
      status: 'failed',
      lastCompletedEpoch: 1,
    });
    expect(await listCheckpoints(trainer.directory.path)).toEqual(['epoch-001']);
    expect(await (await resumeRun(trainer.directory.path, linearComponents())).run()).toMatchObject(
      {
        status: 'completed',
        epochsCompleted: 2,
      },
    );
  });

  it('a model error fails the run with TRAINING_FAILED naming the epoch', async () => {
    const components = linearComponents();
    const trainer = await startRun(smallConfig(await tempDir(), 'r1', 2, []), components);
    components.models[0].trainStep = () => {
      throw new Error('out of memory');
    };
    await expect(trainer.run()).rejects.toMatchObject({
      code: 'TRAINING_FAILED',
      message: 'training failed in epoch 1: out of memory',
    });
    expect(await readState(trainer.directory.path)).toMatchObject({
      status: 'failed',
      error: expect.any(String),
    });
  });

  it('a model that fails to dispose still leaves state.json final and names the failure', async () => {
    const components = linearComponents();
    const trainer = await startRun(smallConfig(await tempDir(), 'r1', 1, []), components);
    components.models[0].dispose = () => {
      throw new Error('double free');
    };
    await expect(trainer.run()).rejects.toThrow('disposing the model failed: double free');
    expect(await readState(trainer.directory.path)).toMatchObject({
      status: 'failed',
      lastCompletedEpoch: 1,
    });
  });

  async function withoutTimings(runDir: string): Promise<unknown[]> {
    return (await readLines(runDir)).map((r) =>
      r.type === 'epoch' ? { ...r, trainMs: 0, validationMs: 0, probeMs: 0 } : r,
    );
  }

  it('rejects bad input before writing anything', async () => {
    const outDir = await tempDir();
    await expect(
      startRun(smallConfig(outDir, 'r1', 3, [5]), linearComponents()),
    ).rejects.toMatchObject({
      code: 'INVALID_CONFIG',
      message:
        'run config: training.analysisEpochs[0] must be an integer epoch in 1..3 (training.epochs), got 5',
    });
    const failing = {
      ...linearComponents(),
      loadData: async () => Promise.reject(new Error('no wavs')),
    };
    await expect(startRun(smallConfig(outDir, 'r2'), failing)).rejects.toThrow('no wavs');
    const wrongSize = linearComponents(33);
    await expect(startRun(smallConfig(outDir, 'r3'), wrongSize)).rejects.toMatchObject({
      code: 'INVALID_DATASET',
      message:
        'sample deg000/1: spectrogram shape [33, 33] (1089 values), expected data.size [32, 32]',
    });
    expect(await readdir(outDir)).toEqual([]);
    await writeFile(join(outDir, 'a-file'), '');
    await expect(
      startRun(smallConfig(join(outDir, 'a-file'), 'r4'), linearComponents()),
    ).rejects.toMatchObject({
      code: 'OUT_DIR_NOT_WRITABLE',
      message: expect.stringContaining('a-file is not a writable folder'),
    });
    expect(await readdir(outDir)).toEqual(['a-file']);
  });
});
