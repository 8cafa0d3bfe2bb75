/**
 * The trainer with the real @ranker/model ResNet and @ranker/dsp synthetic data: a tiny
 * network (depth 10, 4–32 channels, 32×32 inputs) on 3 recordings per angle (12 training
 * samples = 3 batches of 4 pairs, 6 validation samples). Slow by this package's standards
 * (tens of seconds on a shared 2-core machine): these are the only tests that exercise tfjs.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { defaultComponents } from '../src/default-components.js';
import { estimateCheckpointBytes, folderBytes } from '../src/disk-space.js';
import {
  type PairRef,
  type RunConfig,
  type RunConfigInput,
  resumeRun,
  startRun,
  type TrainableModel,
  type TrainerComponents,
} from '../src/index.js';
import { pairBatchOf, readLines } from './support/run-helpers.js';
import { useTempDirs } from './support/temp-dir.js';

function tinyRun(
  outDir: string,
  runId: string,
  epochs: number,
  analysisEpochs: number[],
  seed = 1,
): RunConfigInput {
  return {
    outDir,
    runId,
    data: { source: 'synthetic', size: [32, 32], perAngle: 3, seed },
    model: { depth: 10, widthMultiplier: 1 / 16 },
    training: { epochs, seed, analysisEpochs, probe: { batches: 3, distinct: 'probe' } },
  };
}

/** The default components, remembering each model built so a test can call it directly. */
function recordingComponents(): TrainerComponents & { models: TrainableModel[]; disposed: number } {
  const recorded = {
    ...defaultComponents,
    models: [] as TrainableModel[],
    disposed: 0,
    createModel: async (config: RunConfig) => {
      const built = await defaultComponents.createModel(config);
      const dispose = built.model.dispose.bind(built.model);
      built.model.dispose = () => {
        recorded.disposed++;
        dispose();
      };
      recorded.models.push(built.model);
      return built;
    },
  };
  return recorded;
}

function cosine(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let ab = 0;
  let aa = 0;
  let bb = 0;
  for (let i = 0; i < a.length; i++) {
    ab += a[i] * b[i];
    aa += a[i] * a[i];
    bb += b[i] * b[i];
  }
  return ab / Math.sqrt(aa * bb);
}

describe('trainer with the real tiny ResNet (slow: tfjs)', () => {
  const tempDir = useTempDirs();

  it('probes at frozen weights reproducibly; numTensors stays flat over a multi-epoch run', async () => {
    const components = recordingComponents();
    const before = tf.memory().numTensors;
    const trainer = await startRun(tinyRun(await tempDir(), 'r1', 3, [2]), components);
    const model = components.models[0];
    const data = await components.loadData(trainer.config);
    const batchOf = (pairs: PairRef[]) => pairBatchOf(data.train, pairs);

    const tensorsAtEpochEnd: number[] = [];
    const probes: { pairs: PairRef[]; gradient: Float32Array }[] = [];
    let again: Float32Array[] = [];
    let full: Float32Array | null = null;
    trainer.on('probe', (e) => probes.push({ pairs: e.pairs, gradient: e.gradient.slice() }));
    trainer.on('probeEnd', () => {
      again = probes.map((p) => model.probeGradient(batchOf(p.pairs)).gradient.slice());
      full = model.probeGradient(batchOf(probes.flatMap((p) => p.pairs))).gradient.slice();
    });
    trainer.on('epochEnd', () => tensorsAtEpochEnd.push(tf.memory().numTensors));
    expect(await trainer.run()).toMatchObject({ status: 'completed', epochsCompleted: 3 });

    expect(tensorsAtEpochEnd).toHaveLength(3);
    expect(new Set(tensorsAtEpochEnd).size).toBe(1);
    expect(components.disposed).toBe(1); // the trainer disposes the model it built…
    expect(tf.memory().numTensors).toBe(before); // …and nothing else is left behind
    // Full batches of distinct pairs of different angles, drawn from all 60 valid pairs.
    const all = probes.flatMap((p) => p.pairs);
    expect(probes.map((p) => p.pairs.length)).toEqual([4, 4, 4]);
    expect(new Set(all.map((p) => [p.left, p.right].sort().join('|'))).size).toBe(12);
    const angle = new Map(data.train.map((s) => [s.id, s.angleDeg]));
    for (const p of all) expect(Math.sign(angle.get(p.left)! - angle.get(p.right)!)).toBe(p.target);
    for (const [b, g] of again.entries()) expect(g).toEqual(probes[b].gradient);
    // BN uses each batch's own statistics, so the mean of per-batch gradients only approximates
    // the gradient of the same 12 pairs in one batch (README, "Gradient probes and batch
    // normalisation"). With probe pairs drawn from all valid pairs (2026-12-03) the cosine
    // measured 0.57, 0.58, 0.53, 0.73, 0.68, 0.55 for seeds 1–6 (with the epoch's own pairs,
    // before: 0.71, 0.66, 0.65, 0.51, 0.59, 0.44); two unrelated directions in this many
    // dimensions would give |cosine| of order 1/√D < 0.01.
    const mean = new Float64Array(model.parameterCount);
    for (const p of probes) for (const [k, g] of p.gradient.entries()) mean[k] += g / probes.length;
    const similarity = cosine(mean, full!);
    console.log(
      `cosine(mean of ${probes.length} probe gradients, all-pairs gradient) = ${similarity.toFixed(4)}`,
    );
    expect(similarity).toBeGreaterThan(0.3);
  });

  it('probing changes nothing in training: BN running statistics, weights, pairs (same metrics)', async () => {
    // Validation scores with the BN running statistics, so a probe that updated them (or the
    // weights, or drew from the training pairs' stream) would change the epoch lines.
    const outDir = await tempDir();
    const strip = (lines: Awaited<ReturnType<typeof readLines>>) =>
      lines.map((r) =>
        r.type === 'epoch' ? { ...r, trainMs: 0, validationMs: 0, probeMs: 0 } : r,
      );
    const counts: number[] = [];
    const components = recordingComponents();
    const createModel = components.createModel;
    components.createModel = async (config) => {
      const built = await createModel(config);
      const probe = built.model.probeGradient.bind(built.model);
      built.model.probeGradient = (batch) => {
        counts.push(batch.count); // B pairs = 2·B spectrograms per forward pass
        return probe(batch);
      };
      return built;
    };
    await (await startRun(tinyRun(outDir, 'probed', 2, [1, 2]), components)).run();
    await (await startRun(tinyRun(outDir, 'plain', 2, []), recordingComponents())).run();
    expect(counts).toEqual([4, 4, 4, 4, 4, 4]);
    expect(strip(await readLines(`${outDir}/probed`))).toEqual(
      strip(await readLines(`${outDir}/plain`)),
    );
  });

  it('short batches on the real model: 12 samples × B = 5 train 5, 5, 2 pairs; probes stay full', async () => {
    const config = tinyRun(await tempDir(), 'short', 1, [1]);
    config.training = {
      ...config.training,
      batchSize: 5,
      probe: { batches: 4, distinct: 'probe' },
    };
    const trainer = await startRun(config, recordingComponents());
    const steps: { size: number; loss: number; norm: number }[] = [];
    const probes: { size: number; loss: number; norm: number }[] = [];
    trainer.on('batchEnd', (e) =>
      steps.push({ size: e.batchSize, loss: e.loss, norm: e.gradientNormSquared }),
    );
    trainer.on('probe', (e) =>
      probes.push({ size: e.batchSize, loss: e.loss, norm: e.gradientNormSquared }),
    );
    expect(await trainer.run()).toMatchObject({ status: 'completed' });
    expect(steps.map((s) => s.size)).toEqual([5, 5, 2]);
    expect(probes.map((p) => p.size)).toEqual([5, 5, 5, 5]);
    for (const r of [...steps, ...probes]) {
      expect(Number.isFinite(r.loss) && Number.isFinite(r.norm) && r.norm >= 0).toBe(true);
    }
  });

  it('learns: validation Spearman rises well above 0 within 4 epochs', async () => {
    // 36 training samples (9 batches), 18 held out. Measured ρ after 4 epochs for seeds 1–6 on
    // dsp's default synthetic data ('hard' as retuned 2026-11-27): 0.23, 0.39, 0.39, 0.40, 0.62,
    // 0.26 (after epoch 1: −0.24…0.25, so it rises in every seed); retuned 'realistic' 0.25…0.58;
    // 0.43…0.88 on the previous, easier default. With 18 samples ρ under no learning has a
    // standard deviation of about 1/√17 ≈ 0.24, so 0.3 for seed 4 (measured 0.40) tells learning
    // from chance at roughly the 10 % level.
    const config = tinyRun(await tempDir(), 'r1', 4, [], 4);
    config.data = { ...config.data, perAngle: 9, validationFraction: 1 / 3 };
    const trainer = await startRun(config, recordingComponents());
    const spearmans: number[] = [];
    trainer.on('epochEnd', (e) => spearmans.push(e.validation.spearman));
    await trainer.run();
    console.log(`validation Spearman by epoch: ${spearmans.map((r) => r.toFixed(3)).join(', ')}`);
    expect(spearmans[3]).toBeGreaterThan(0.3);
  });

  it('resumes to exactly the metrics and probes of an uninterrupted run', async () => {
    const outDir = await tempDir();
    const probeLine = (e: { pairs: PairRef[]; loss: number; gradientNormSquared: number }) =>
      JSON.stringify([e.pairs, e.loss, e.gradientNormSquared]);
    const whole = await startRun(tinyRun(outDir, 'whole', 2, [2]), recordingComponents());
    const wholeProbes: string[] = [];
    whole.on('probe', (e) => wholeProbes.push(probeLine(e)));
    await whole.run();
    const cut = await startRun(tinyRun(outDir, 'cut', 2, [2]), recordingComponents());
    cut.on('batchEnd', (e) => e.epoch === 2 && e.batchIndex === 1 && cut.requestStop());
    expect(await cut.run()).toMatchObject({ status: 'interrupted', epochsCompleted: 1 });
    const resumed = await resumeRun(cut.directory.path, recordingComponents());
    const resumedProbes: string[] = [];
    resumed.on('probe', (e) => resumedProbes.push(probeLine(e)));
    await resumed.run();
    expect(resumedProbes).toHaveLength(3);
    expect(resumedProbes).toEqual(wholeProbes); // same pairs, bit-identical losses and norms
    const strip = (lines: Awaited<ReturnType<typeof readLines>>) =>
      lines.map((r) =>
        r.type === 'epoch' ? { ...r, trainMs: 0, validationMs: 0, probeMs: 0 } : r,
      );
    expect(strip(await readLines(cut.directory.path))).toEqual(
      strip(await readLines(`${outDir}/whole`)),
    );
  });

  it('flipped bits in weights.bin: the checkpoint is refused, the previous one resumes bit-identically', async () => {
    const outDir = await tempDir();
    await (await startRun(tinyRun(outDir, 'whole', 3, [3]), recordingComponents())).run();
    const cut = await startRun(tinyRun(outDir, 'cut', 3, [3]), recordingComponents());
    cut.on('epochEnd', (e) => e.epoch === 2 && cut.requestStop());
    expect(await cut.run()).toMatchObject({ status: 'interrupted', epochsCompleted: 2 });
    const checkpoint = join(cut.directory.path, 'checkpoints/epoch-002');
    const weights = join(checkpoint, 'weights.bin');
    const bytes = await readFile(weights);
    // The lowest exponent bit of 10 little-endian float32 values (issue 17's corruption).
    for (let k = 0; k < 10; k++) bytes[k * 4001 * 4 + 2] ^= 0x80;
    await writeFile(weights, bytes);
    const resumed = await resumeRun(cut.directory.path, recordingComponents());
    expect(resumed.notices).toEqual([
      {
        kind: 'checkpoint-fallback',
        message: expect.stringMatching(
          new RegExp(
            `^checkpoint ${checkpoint} cannot be loaded \\(${weights}: SHA-256 [0-9a-f]{64} differs from [0-9a-f]{64} recorded in model\\.json.*\\); falling back to the previous checkpoint .*epoch-001: epoch 2 will be trained again$`,
          ),
        ),
      },
    ]);
    await resumed.run();
    const strip = (lines: Awaited<ReturnType<typeof readLines>>) =>
      lines.map((r) =>
        r.type === 'epoch' ? { ...r, trainMs: 0, validationMs: 0, probeMs: 0 } : r,
      );
    expect(strip(await readLines(cut.directory.path))).toEqual(
      strip(await readLines(`${outDir}/whole`)),
    );
    // Final checkpoints (weights, Adam moments, BN statistics) identical byte for byte.
    for (const file of ['weights.bin', 'model.json']) {
      expect(await readFile(join(cut.directory.path, 'checkpoints/epoch-003', file))).toEqual(
        await readFile(join(outDir, 'whole/checkpoints/epoch-003', file)),
      );
    }
  });

  it('a checkpoint takes at most what the free-space check estimates, and less than 1 MiB less', async () => {
    const components = recordingComponents();
    const trainer = await startRun(tinyRun(await tempDir(), 'r1', 1, []), components);
    const parameterCount = components.models[0].parameterCount;
    await trainer.run();
    const measured = await folderBytes(join(trainer.directory.path, 'checkpoints/epoch-001'));
    const estimate = estimateCheckpointBytes(parameterCount);
    expect(measured).toBeLessThanOrEqual(estimate);
    expect(estimate - measured).toBeLessThan(2 ** 20);
  });
});
