import { appendFile, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_PROBE_BATCHES,
  type PairRef,
  type ProbeConfig,
  resumeRun,
  startRun,
  stopOnSignals,
  type TrainerEventName,
  type TrainerEvents,
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

// 48 training samples, B = 4 → 12 batches per epoch (as in the seed experiment); 6 angles of
// 8 samples → 48·47/2 − 6·8·7/2 = 960 valid pairs = 240 full probe batches.
const BATCHES = 12;
const VALID_PAIRS = 960;

/** Unordered pair key by sample ids: a pair and its mirror are the same pair. */
const pairKey = (p: PairRef) => [p.left, p.right].sort().join('|');

async function withoutTimings(runDir: string): Promise<unknown[]> {
  return (await readLines(runDir)).map((r) =>
    r.type === 'epoch' ? { ...r, trainMs: 0, validationMs: 0, probeMs: 0 } : r,
  );
}

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
    const epoch = (name: string, n = BATCHES) => [...Array(n)].map(() => name);
    expect(events).toEqual([
      ...epoch('batchEnd'),
      'epochEnd',
      ...epoch('batchEnd'),
      'probeStart',
      ...epoch('probe', DEFAULT_PROBE_BATCHES),
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

  it('a probe draws full batches of distinct valid pairs from the whole training set, at frozen weights', async () => {
    const components = linearComponents();
    const trainer = await startRun(smallConfig(await tempDir(), 'r1', 2, [2]), components);
    const data = await components.loadData({} as never);
    const angleOf = new Map(data.train.map((s) => [s.id, s.angleDeg]));
    const probed: { pairs: PairRef[]; gradient: Float32Array; batchSize: number }[] = [];
    const starts: TrainerEvents['probeStart'][] = [];
    const ends: TrainerEvents['probeEnd'][] = [];
    trainer.on('probeStart', (e) => starts.push(e));
    trainer.on('probeEnd', (e) => ends.push(e));
    trainer.on('probe', (e) =>
      probed.push({ pairs: e.pairs, gradient: e.gradient.slice(), batchSize: e.batchSize }),
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
      recomputed = probed.map((p) =>
        model.probeGradient(pairBatchOf(data.train, p.pairs)).gradient.slice(),
      );
    });
    await trainer.run();

    expect(starts).toEqual([
      {
        epoch: 2,
        batches: DEFAULT_PROBE_BATCHES,
        requestedBatches: DEFAULT_PROBE_BATCHES,
        batchSize: 4,
        validPairs: VALID_PAIRS,
        until: 0.5, // the default; without a stop rule the probe draws the fixed count
        mayStopEarly: false,
        minBatches: DEFAULT_PROBE_BATCHES,
        note: 'training.probe.until is 0.5 but no stop rule is installed (Trainer.setProbeStopRule): a fixed count (training.probe.batches)',
        parameterLayout: [{ name: 'w', length: 32 * 32 }],
      },
    ]);
    expect(ends).toEqual([{ epoch: 2, batches: DEFAULT_PROBE_BATCHES, stopReason: 'count' }]);
    expect(probed).toHaveLength(DEFAULT_PROBE_BATCHES);
    const all = probed.flatMap((p) => p.pairs);
    expect(probed.every((p) => p.batchSize === 4 && p.pairs.length === 4)).toBe(true);
    // The default draws batches independently: no pair twice within a batch.
    for (const p of probed) expect(new Set(p.pairs.map(pairKey)).size).toBe(4);
    for (const p of all) {
      const [l, r] = [angleOf.get(p.left)!, angleOf.get(p.right)!];
      expect(l).not.toBe(r);
      expect(p.target).toBe(l > r ? 1 : -1);
    }
    // Drawn from all valid pairs, not the epoch's 48: far more than 48 distinct left samples.
    expect(new Set(all.flatMap((p) => [p.left, p.right])).size).toBe(48);
    for (const [b, g] of recomputed.entries()) expect(g).toEqual(probed[b].gradient);
  });

  it('mean of the per-batch probe gradients equals the full-batch gradient of the same pairs', async () => {
    // With every valid pair drawn once (240 batches of 4), that is the gradient over all pairs.
    const components = linearComponents();
    const config = smallConfig(await tempDir(), 'r1', 1, [1]);
    config.training = {
      ...config.training,
      probe: { batches: VALID_PAIRS / 4, distinct: 'probe' },
    };
    const trainer = await startRun(config, components);
    const sum = new Float64Array(32 * 32);
    const allPairs: PairRef[] = [];
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
    // Every unordered pair of different angles, enumerated independently of the trainer.
    const everyPair: PairRef[] = data.train.flatMap((a, i) =>
      data.train
        .slice(i + 1)
        .filter((b) => b.angleDeg !== a.angleDeg)
        .map(
          (b) => ({ left: a.id, right: b.id, target: a.angleDeg > b.angleDeg ? 1 : -1 }) as PairRef,
        ),
    );
    trainer.on('probeEnd', (e) => {
      expect(e).toEqual({ epoch: 1, batches: VALID_PAIRS / 4, stopReason: 'count' });
      full = components.models[0]
        .probeGradient(pairBatchOf(data.train, everyPair))
        .gradient.slice();
    });
    await trainer.run();
    expect(everyPair).toHaveLength(VALID_PAIRS);
    expect(allPairs.map(pairKey).sort()).toEqual(everyPair.map(pairKey).sort());
    expect(batches).toBe(VALID_PAIRS / 4); // equal batch sizes, so the mean of means is the overall mean
    for (const [k, s] of sum.entries()) expect(s / batches).toBeCloseTo(full![k], 5);
  });

  it('asking for more batches than the pairs allow draws every full batch and says so', async () => {
    const config = smallConfig(await tempDir(), 'r1', 1, [1]);
    config.training = {
      ...config.training,
      probe: { batches: VALID_PAIRS / 4 + 1, until: null, distinct: 'probe' },
    };
    const trainer = await startRun(config, linearComponents());
    const starts: TrainerEvents['probeStart'][] = [];
    const ends: TrainerEvents['probeEnd'][] = [];
    trainer.on('probeStart', (e) => starts.push(e));
    trainer.on('probeEnd', (e) => ends.push(e));
    await trainer.run();
    expect(starts[0]).toMatchObject({
      batches: 240,
      requestedBatches: 241,
      note: 'the training set has 960 distinct valid pairs, 240 full batches of 4: drawing 240 of the 241 batches requested',
    });
    expect(ends).toEqual([{ epoch: 1, batches: 240, stopReason: 'pairs exhausted' }]);
  });

  it("with distinct: 'batch' batches are drawn independently: more batches than pairs/B, repeats across batches", async () => {
    const config = smallConfig(await tempDir(), 'r1', 1, [1]);
    config.training = { ...config.training, probe: { batches: 241, distinct: 'batch' } };
    const trainer = await startRun(config, linearComponents());
    const batches: PairRef[][] = [];
    const ends: TrainerEvents['probeEnd'][] = [];
    trainer.on('probe', (e) => batches.push(e.pairs));
    trainer.on('probeEnd', (e) => ends.push(e));
    await trainer.run();
    expect(ends).toEqual([{ epoch: 1, batches: 241, stopReason: 'count' }]);
    for (const batch of batches) expect(new Set(batch.map(pairKey)).size).toBe(4);
    // 964 draws from 960 pairs: about 960·(1 − e^(−964/960)) ≈ 608 distinct, far from all.
    const distinct = new Set(batches.flat().map(pairKey)).size;
    expect(distinct).toBeGreaterThan(500);
    expect(distinct).toBeLessThan(700);
  });

  it('probing does not change training: same metrics with and without probes', async () => {
    const outDir = await tempDir();
    const probed = await startRun(smallConfig(outDir, 'probed', 3, [1, 2]), linearComponents());
    await probed.run();
    const plain = await startRun(smallConfig(outDir, 'plain', 3, []), linearComponents());
    await plain.run();
    expect(await withoutTimings(probed.directory.path)).toEqual(
      await withoutTimings(plain.directory.path),
    );
  });

  it('short batches: 42 samples × B = 4 and 48 samples × B = 3 train and probe full batches', async () => {
    for (const [samples, batchSize] of [
      [42, 4],
      [48, 3],
    ]) {
      const config = smallConfig(await tempDir(), `s${samples}b${batchSize}`, 2, [1, 2]);
      config.training = {
        ...config.training,
        batchSize,
        probe: { batches: 20, distinct: 'probe' },
      };
      const components = linearComponents(32, samples);
      const trainer = await startRun(config, components);
      const model = components.models[0];
      const modelCounts: number[] = [];
      const probeGradient = model.probeGradient.bind(model);
      model.probeGradient = (batch) => {
        modelCounts.push(batch.count); // what the model is handed, not just what is reported
        return probeGradient(batch);
      };
      const trainSizes: number[] = [];
      const probeSizes: number[] = [];
      const ends: TrainerEvents['probeEnd'][] = [];
      const probePairs: PairRef[][] = [];
      trainer.on('batchEnd', (e) => {
        expect(e.pairs).toHaveLength(e.batchSize);
        if (e.epoch === 1) trainSizes.push(e.batchSize);
      });
      trainer.on('probe', (e) => {
        probeSizes.push(e.batchSize);
        expect(e.pairs).toHaveLength(e.batchSize);
        probePairs.push(e.pairs);
        expect(Number.isFinite(e.gradientNormSquared)).toBe(true);
      });
      trainer.on('probeEnd', (e) => ends.push(e));
      expect(await trainer.run()).toMatchObject({ status: 'completed', epochsCompleted: 2 });
      const steps = Math.ceil(samples / batchSize);
      const expectedTrain = [...Array(steps)].map((_, i) =>
        i < steps - 1 ? batchSize : samples - (steps - 1) * batchSize,
      );
      expect(trainSizes).toEqual(expectedTrain);
      expect(probeSizes).toEqual([...Array(40)].map(() => batchSize));
      expect(modelCounts).toEqual(probeSizes);
      expect(ends).toEqual([
        { epoch: 1, batches: 20, stopReason: 'count' },
        { epoch: 2, batches: 20, stopReason: 'count' },
      ]);
      for (const epoch of [0, 1]) {
        const pairs = probePairs.slice(20 * epoch, 20 * epoch + 20).flat();
        expect(new Set(pairs.map(pairKey)).size).toBe(pairs.length);
      }
      const lines = await readLines(trainer.directory.path);
      expect(lines.filter((l) => l.type === 'batch').map((l) => l.step)).toEqual(
        [...Array(2 * steps)].map((_, i) => i + 1),
      );
    }
    expect([42 % 4, 48 % 3]).toEqual([2, 0]); // the first case really has a short batch
  });

  describe('stop by precision', () => {
    async function probeWith(probe: Partial<ProbeConfig>, rule?: (done: number) => boolean) {
      const config = smallConfig(await tempDir(), 'r1', 1, [1]);
      config.training = { ...config.training, probe };
      const trainer = await startRun(config, linearComponents());
      const asked: number[] = [];
      if (rule) {
        trainer.setProbeStopRule((epoch, done) => {
          expect(epoch).toBe(1);
          asked.push(done);
          return rule(done);
        });
      }
      const pairs: string[] = [];
      let start: TrainerEvents['probeStart'] | null = null;
      let end: TrainerEvents['probeEnd'] | null = null;
      trainer.on('probeStart', (e) => {
        start = e;
      });
      trainer.on('probe', (e) => pairs.push(JSON.stringify(e.pairs)));
      trainer.on('probeEnd', (e) => {
        end = e;
      });
      await trainer.run();
      return { asked, pairs, start: start!, end: end! };
    }

    it('asks the rule after each batch from the 8th on and stops when it says so', async () => {
      const result = await probeWith(
        { batches: 8, until: 0.5, maxBatches: 30 },
        (done) => done >= 11,
      );
      expect(result.asked).toEqual([8, 9, 10, 11]);
      expect(result.start).toMatchObject({
        batches: 30,
        until: 0.5,
        mayStopEarly: true,
        note: null,
      });
      expect(result.end).toEqual({ epoch: 1, batches: 11, stopReason: 'precision' });
      // The batches are a prefix of a fixed-count probe of the same run: stopping changes only how many.
      const fixed = await probeWith({ batches: 30, until: null });
      expect(result.pairs).toEqual(fixed.pairs.slice(0, 11));
    });

    it('ends at maxBatches when the rule never says stop', async () => {
      const result = await probeWith({ batches: 8, until: 0.5, maxBatches: 12 }, () => false);
      expect(result.asked).toEqual([8, 9, 10, 11, 12]);
      expect(result.end).toEqual({ epoch: 1, batches: 12, stopReason: 'cap' });
    });

    it('first asks the rule after `batches` batches: the floor against stopping on a lucky few', async () => {
      const result = await probeWith({ batches: 10, until: 0.5, maxBatches: 12 }, () => true);
      expect(result.asked).toEqual([10]);
      expect(result.start).toMatchObject({ minBatches: 10, mayStopEarly: true });
      expect(result.end).toEqual({ epoch: 1, batches: 10, stopReason: 'precision' });
    });

    it('never asks the rule without until, and draws `batches` without a rule', async () => {
      const fixed = await probeWith({ batches: 10, until: null }, () => true);
      expect(fixed.asked).toEqual([]);
      expect(fixed.end).toEqual({ epoch: 1, batches: 10, stopReason: 'count' });
      const noRule = await probeWith({ batches: 9, until: 0.5, maxBatches: 20 });
      expect(noRule.start).toMatchObject({
        mayStopEarly: false,
        note: expect.stringContaining('no stop rule'),
      });
      expect(noRule.end).toEqual({ epoch: 1, batches: 9, stopReason: 'count' });
    });

    it('a throwing stop rule fails the run like a throwing listener', async () => {
      const config = smallConfig(await tempDir(), 'r1', 2, [1]);
      config.training = {
        ...config.training,
        probe: { until: 0.5, maxBatches: 10, distinct: 'probe' },
      };
      const trainer = await startRun(config, linearComponents());
      trainer.setProbeStopRule(() => {
        throw new Error('no interval');
      });
      await expect(trainer.run()).rejects.toMatchObject({
        code: 'LISTENER_FAILED',
        message: 'the probe stop rule threw: no interval',
      });
      expect(await readState(trainer.directory.path)).toMatchObject({
        status: 'failed',
        lastCompletedEpoch: 0,
      });
    });
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

  it('states the backend it built and the split sizes, before and after a resume', async () => {
    const outDir = await tempDir();
    const trainer = await startRun(smallConfig(outDir, 'facts', 2, []), linearComponents());
    const expected = {
      backend: { name: 'linear-double', reason: 'test double' },
      dataDescription: expect.any(String),
      split: { train: 48, validation: 6 }, // BATCHES × 4 training pairs; 1 of 9 per angle held out
      dataWarnings: [],
    };
    expect(trainer.facts).toEqual(expected);
    expect(trainer.epochsCompleted).toBe(0);
    trainer.on('batchEnd', (e) => e.epoch === 2 && trainer.requestStop());
    await trainer.run();
    expect(trainer.epochsCompleted).toBe(1);
    const resumed = await resumeRun(trainer.directory.path, linearComponents());
    expect(resumed.facts).toEqual(expected);
    expect(resumed.epochsCompleted).toBe(1);
    await resumed.run();
  });

  it('a stop during the probe discards the epoch; resume redoes it identically', async () => {
    const outDir = await tempDir();
    // Probe events, pairs and gradients included: the probe's own stream restarts identically.
    const record = (list: string[]) => (e: TrainerEvents['probe']) =>
      list.push(JSON.stringify([e.epoch, e.pairs, e.loss, e.gradientNormSquared]));
    const whole = await startRun(smallConfig(outDir, 'whole', 2, [2]), linearComponents());
    const wholeProbes: string[] = [];
    whole.on('probe', record(wholeProbes));
    await whole.run();
    const cut = await startRun(smallConfig(outDir, 'cut', 2, [2]), linearComponents());
    let probes = 0;
    cut.on('probe', () => ++probes === 3 && cut.requestStop());
    expect(await cut.run()).toMatchObject({ status: 'interrupted', epochsCompleted: 1 });
    expect(probes).toBe(3);
    const resumed = await resumeRun(cut.directory.path, linearComponents());
    const resumedProbes: string[] = [];
    resumed.on('probe', record(resumedProbes));
    await resumed.run();
    expect(resumed.notices).toEqual([]);
    expect(await withoutTimings(cut.directory.path)).toEqual(
      await withoutTimings(whole.directory.path),
    );
    expect(resumedProbes).toHaveLength(DEFAULT_PROBE_BATCHES);
    expect(resumedProbes).toEqual(wholeProbes);
  });

  it('resumes a run whose config.json predates training.probe with the default probe, and says so', async () => {
    const outDir = await tempDir();
    const cut = await startRun(smallConfig(outDir, 'old', 2, [2]), linearComponents());
    cut.on('epochEnd', () => cut.requestStop());
    await cut.run();
    const path = join(cut.directory.path, 'config.json');
    const stored = JSON.parse(await readFile(path, 'utf8'));
    delete stored.training.probe;
    await writeFile(path, JSON.stringify(stored));
    const resumed = await resumeRun(cut.directory.path, linearComponents());
    expect(resumed.notices.map((n) => n.message)).toEqual([
      `config.json has no training.probe (written by an older version): probes of the resumed epochs use the defaults {"batches":${DEFAULT_PROBE_BATCHES},"until":0.5,"maxBatches":${4 * DEFAULT_PROBE_BATCHES},"distinct":"batch"}`,
    ]);
    expect(resumed.config.training).toMatchObject({
      ...stored.training,
      probe: { batches: DEFAULT_PROBE_BATCHES },
    });
    const ends: TrainerEvents['probeEnd'][] = [];
    resumed.on('probeEnd', (e) => ends.push(e));
    expect(await resumed.run()).toMatchObject({ status: 'completed', epochsCompleted: 2 });
    expect(ends).toEqual([{ epoch: 2, batches: DEFAULT_PROBE_BATCHES, stopReason: 'count' }]);
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
    // 8 samples at 0° and 1 at 36°: 8 valid pairs, fewer than one probe batch of 9.
    const fewPairs = smallConfig(outDir, 'r5', 1, [1]);
    fewPairs.training = { ...fewPairs.training, batchSize: 9 };
    await expect(startRun(fewPairs, linearComponents(32, 9))).rejects.toMatchObject({
      code: 'INVALID_DATASET',
      message:
        'training split has 8 distinct pairs of different angles, fewer than training.batchSize 9: a gradient probe needs at least one full batch (lower the batch size, add samples, or set training.analysisEpochs to [])',
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
