import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { selectBackend } from '../src/backend.js';
import { ParameterStore } from '../src/parameter-store.js';
import { createRanker } from '../src/ranker.js';
import { syntheticBatch } from './synthetic.js';

const shapes = [[2, 2], [3]];
const initial = [Float32Array.from([1, 2, 3, 4]), Float32Array.from([5, 6, 7])];

describe('ParameterStore', () => {
  it('on cpu the variables read the flat array itself: an in-place update needs no upload', async () => {
    await selectBackend('cpu', () => {});
    const store = new ParameterStore(shapes, ['cpu/a', 'cpu/b'], initial);
    expect(store.shared).toBe(true);
    expect(Array.from(store.values)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    const tensors = tf.memory().numTensors;
    store.values[4] = -1;
    store.commit();
    expect(Array.from(store.variables[1].dataSync())).toEqual([-1, 6, 7]);
    expect(tf.memory().numTensors).toBe(tensors);
    store.dispose();
  });

  it('on wasm the variables hold copies that commit() replaces', async () => {
    await selectBackend('wasm', () => {});
    const store = new ParameterStore(shapes, ['wasm/a', 'wasm/b'], initial);
    expect(store.shared).toBe(false);
    store.values[0] = 10;
    expect(Array.from(store.variables[0].dataSync())).toEqual([1, 2, 3, 4]);
    const tensors = tf.memory().numTensors;
    store.commit();
    expect(Array.from(store.variables[0].dataSync())).toEqual([10, 2, 3, 4]);
    expect(Array.from(store.segment(store.values, 1))).toEqual([5, 6, 7]);
    expect(tf.memory().numTensors).toBe(tensors);
    store.dispose();
  });
});

describe('a ranker on cpu (shared weights)', () => {
  const tiny = {
    inputShape: [32, 32] as [number, number],
    depth: 10 as const,
    widthMultiplier: 1 / 16,
  };
  const batchA = syntheticBatch(
    [
      [0, 180],
      [144, 36],
      [72, 108],
      [180, 72],
    ],
    32,
    1,
  );
  const batchB = syntheticBatch(
    [
      [36, 0],
      [108, 144],
      [0, 72],
      [144, 180],
    ],
    32,
    100,
  );

  it('trains on its updated weights and resumes exactly from a checkpoint', async () => {
    await selectBackend('cpu', () => {});
    const dir = await mkdtemp(join(tmpdir(), 'ranker-store-test-'));
    try {
      const original = await createRanker({ ...tiny, seed: 3 });
      const scores = original.score(batchA.left, 4).slice();
      original.trainStep(batchA);
      expect(original.score(batchA.left, 4)).not.toEqual(scores); // the update reached the forward pass
      await original.save(dir);
      const expected = original.trainStep(batchB);
      const [loss, gradient] = [expected.loss, expected.gradient.slice()];

      const restored = await createRanker({ ...tiny, seed: 4 });
      await restored.load(dir);
      const resumed = restored.trainStep(batchB);
      expect(resumed.loss).toBe(loss);
      expect(resumed.gradient).toEqual(gradient);
      original.dispose();
      restored.dispose();
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
