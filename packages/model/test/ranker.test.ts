import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { selectBackend } from '../src/backend.js';
import { ModelError } from '../src/errors.js';
import { marginRankingLossFromScores } from '../src/loss.js';
import { createRandom } from '../src/random.js';
import { createRanker, RANKER_DEFAULTS, type RankerConfig } from '../src/ranker.js';
import { syntheticBatch } from './synthetic.js';

const SIZE = 32;
// A tiny ResNet-10 (4/8/16/32 channels): each step takes milliseconds.
const tiny: RankerConfig = {
  inputShape: [SIZE, SIZE],
  depth: 10,
  widthMultiplier: 1 / 16,
  seed: 5,
};
const batchA = syntheticBatch(
  [
    [0, 180],
    [144, 36],
    [72, 108],
    [180, 72],
  ],
  SIZE,
  1,
);
const batchB = syntheticBatch(
  [
    [36, 0],
    [108, 144],
    [0, 72],
    [144, 180],
  ],
  SIZE,
  100,
);

let workDir: string;
beforeAll(async () => {
  await selectBackend('wasm', () => {});
  workDir = await mkdtemp(join(tmpdir(), 'ranker-model-test-'));
});
afterAll(async () => {
  await rm(workDir, { recursive: true, force: true });
});

describe('createRanker', () => {
  it('describes its parameters: layout lengths sum to parameterCount, gradient has that length', async () => {
    const model = await createRanker(tiny);
    expect(model.backend).toBe('wasm');
    expect(model.parameterLayout.reduce((s, p) => s + p.length, 0)).toBe(model.parameterCount);
    const { gradient, gradientNormSquared, loss } = model.trainStep(batchA);
    expect(gradient).toHaveLength(model.parameterCount);
    let sum = 0;
    for (const g of gradient) sum += g * g;
    expect(gradientNormSquared).toBeCloseTo(sum, 6);
    expect(loss).toBeGreaterThan(0);
    model.dispose();
  });

  it('same seed, same backend → bit-identical losses for the first steps', async () => {
    const run = async () => {
      const model = await createRanker(tiny);
      const losses = [batchA, batchB, batchA, batchB].map((b) => model.trainStep(b).loss);
      model.dispose();
      return losses;
    };
    const first = await run();
    expect(await run()).toEqual(first);
    const other = await createRanker({ ...tiny, seed: 6 });
    expect(other.trainStep(batchA).loss).not.toBe(first[0]);
    other.dispose();
  });

  it('dispose frees every tensor the model created', async () => {
    const before = tf.memory().numTensors;
    const model = await createRanker(tiny);
    model.trainStep(batchA);
    await model.save(join(workDir, 'dispose'));
    await model.load(join(workDir, 'dispose'));
    model.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('keeps tf.memory().numTensors flat over 20 training steps, probes and scores', async () => {
    const model = await createRanker(tiny);
    model.trainStep(batchA);
    const before = tf.memory().numTensors;
    for (let step = 0; step < 20; step++) {
      model.trainStep(step % 2 ? batchA : batchB);
      model.probeGradient(batchB);
      model.score(batchA.left, batchA.count);
      model.evaluateLoss(batchB);
    }
    expect(tf.memory().numTensors).toBe(before);
    model.dispose();
  });

  it('probeGradient equals the training gradient at the same weights and changes nothing', async () => {
    const model = await createRanker(tiny);
    model.trainStep(batchB); // running statistics away from their initial values
    const scoresBefore = model.score(batchA.left, batchA.count).slice();
    const probe = model.probeGradient(batchA);
    const probeGradient = probe.gradient.slice();
    expect(model.score(batchA.left, batchA.count)).toEqual(scoresBefore); // weights and BN stats
    expect(model.probeGradient(batchA).gradient).toEqual(probeGradient); // no optimiser update
    const train = model.trainStep(batchA);
    expect(train.loss).toBe(probe.loss);
    expect(train.gradient).toEqual(probeGradient);
    expect(model.score(batchA.left, batchA.count)).not.toEqual(scoresBefore);
    model.dispose();
  });

  it('evaluateLoss equals the loss taken from the samples’ scores (inference mode)', async () => {
    const model = await createRanker(tiny);
    model.trainStep(batchA); // running statistics away from their initial values
    const scores = [
      ...model.score(batchB.left, batchB.count),
      ...model.score(batchB.right, batchB.count),
    ];
    const pairs = Array.from({ length: batchB.count }, (_, i) => ({
      left: i,
      right: batchB.count + i,
      target: batchB.target[i] as 1 | -1,
    }));
    const fromScores = marginRankingLossFromScores(scores, pairs, RANKER_DEFAULTS.margin);
    expect(fromScores).toBeGreaterThan(0);
    expect(Math.abs(fromScores - model.evaluateLoss(batchB)) / fromScores).toBeLessThan(1e-5);
    model.dispose();
  });

  it('reuses one gradient buffer per model', async () => {
    const model = await createRanker(tiny);
    const first = model.trainStep(batchA).gradient;
    expect(model.probeGradient(batchB).gradient).toBe(first);
    model.dispose();
  });

  it('learns a trivially learnable ranking: loss falls and scores order unseen samples', async () => {
    const model = await createRanker({ ...tiny, learningRate: 3e-3 });
    const initial = (model.evaluateLoss(batchA) + model.evaluateLoss(batchB)) / 2;
    const random = createRandom(42);
    const angle = () => 36 * Math.floor(random() * 6);
    for (let step = 0; step < 60; step++) {
      const pairs: [number, number][] = [];
      while (pairs.length < 4) {
        const [a, b] = [angle(), angle()];
        if (a !== b) pairs.push([a, b]);
      }
      model.trainStep(syntheticBatch(pairs, SIZE, 1000 + 10 * step));
    }
    const final = (model.evaluateLoss(batchA) + model.evaluateLoss(batchB)) / 2;
    expect(final).toBeLessThan(0.5 * initial);
    const unseen = syntheticBatch(
      [
        [0, 180],
        [72, 0],
        [108, 144],
      ],
      SIZE,
      999,
    );
    const left = model.score(unseen.left, 3);
    const right = model.score(unseen.right, 3);
    expect(left[0]).toBeLessThan(right[0]); // 0° below 180°
    expect(left[1]).toBeGreaterThan(right[1]); // 72° above 0°
    expect(left[2]).toBeLessThan(right[2]); // 108° below 144°
    model.dispose();
  });

  it('save → load resumes exactly: identical next-step loss and gradient', async () => {
    const dir = join(workDir, 'checkpoint');
    const original = await createRanker(tiny);
    original.trainStep(batchA);
    original.trainStep(batchB);
    await original.save(dir);
    const expected = original.trainStep(batchA);
    const expectedLoss = expected.loss;
    const expectedGradient = expected.gradient.slice();
    const afterStep = original.trainStep(batchB).loss;

    const restored = await createRanker({ ...tiny, seed: 99 });
    await restored.load(dir);
    const resumed = restored.trainStep(batchA);
    expect(resumed.loss).toBe(expectedLoss);
    expect(resumed.gradient).toEqual(expectedGradient);
    expect(restored.trainStep(batchB).loss).toBe(afterStep); // Adam moments and step restored
    original.dispose();
    restored.dispose();
  });

  it('save captures the state when called: steps taken while its write is pending are not saved', async () => {
    const dir = join(workDir, 'overlapped');
    const original = await createRanker(tiny);
    original.trainStep(batchA);
    const saving = original.save(dir);
    // Trained on at once, while the helper thread writes: the saved state is the one before.
    const expected = original.trainStep(batchB);
    const expectedLoss = expected.loss;
    const expectedGradient = expected.gradient.slice();
    const afterStep = original.trainStep(batchA).loss;
    await saving;

    const restored = await createRanker({ ...tiny, seed: 99 });
    await restored.load(dir);
    const resumed = restored.trainStep(batchB);
    expect(resumed.loss).toBe(expectedLoss);
    expect(resumed.gradient).toEqual(expectedGradient);
    expect(restored.trainStep(batchA).loss).toBe(afterStep);
    original.dispose();
    restored.dispose();
  });

  it('refuses a checkpoint of another configuration without changing the model', async () => {
    const dir = join(workDir, 'other');
    const wide = await createRanker({ ...tiny, widthMultiplier: 1 / 8 });
    await wide.save(dir);
    wide.dispose();
    const model = await createRanker(tiny);
    const before = model.score(batchA.left, 4).slice();
    await expect(model.load(dir)).rejects.toThrow(
      /tensor 'param\/conv1.weight' has shape \[7,7,1,8\], expected \[7,7,1,4\]/,
    );
    await expect(model.load(join(workDir, 'missing'))).rejects.toMatchObject({
      code: 'CHECKPOINT_INVALID',
    });
    expect(model.score(batchA.left, 4)).toEqual(before);
    model.dispose();
  });
});

describe('bad input', () => {
  it('rejects an invalid config naming the field', async () => {
    await expect(createRanker({ inputShape: [16, 64] })).rejects.toThrow(
      /inputShape: expected \[height, width\], integers ≥ 32, got \[16,64\]/,
    );
    await expect(createRanker({ ...tiny, depth: 50 as 18 })).rejects.toMatchObject({
      code: 'INVALID_CONFIG',
    });
  });

  it('names the step and field for wrong shapes, NaN input and bad targets', async () => {
    const model = await createRanker(tiny);
    model.trainStep(batchA);
    const short = { ...batchA, left: batchA.left.subarray(0, 100) };
    expect(() => model.trainStep(short)).toThrow(
      'trainStep (step 2): batch.left has 100 values, expected count × height × width = 4 × 32 × 32 = 4096',
    );
    const nan = { ...batchA, right: batchA.right.slice() };
    nan.right[1024 + 33] = Number.NaN;
    expect(() => model.probeGradient(nan)).toThrow(
      'probeGradient (after step 1): batch.right[1057] = NaN (spectrogram 1, row 1, column 1), expected a finite number',
    );
    const target = { ...batchA, target: Float32Array.from([1, 0, 1, 1]) };
    expect(() => model.trainStep(target)).toThrow(/batch.target\[1\] = 0, expected \+1 or -1/);
    expect(() => model.score(batchA.left, 3)).toThrow(ModelError);
    model.dispose();
    expect(() => model.trainStep(batchA)).toThrow(/disposed/);
  });

  it('stops on a NaN loss with the step named and the weights unchanged', async () => {
    const model = await createRanker(tiny);
    const huge = {
      ...batchA,
      left: batchA.left.map(() => 3e38),
      right: batchA.right.map(() => -3e38),
    };
    const before = model.score(batchB.left, 4).slice();
    let error: unknown;
    try {
      model.trainStep(huge);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ModelError);
    expect((error as ModelError).code).toBe('NAN_LOSS');
    expect((error as ModelError).message).toMatch(/^trainStep \(step 1\): /);
    expect(model.score(batchB.left, 4)).toEqual(before);
    model.dispose();
  });
});
