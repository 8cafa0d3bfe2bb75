import { describe, expect, it } from 'vitest';
import { epochSeed, planEpoch, toPairBatch, toPairRefs } from '../src/index.js';
import { rampSamples, seededPairs } from './support/linear-ranker.js';

describe('epochSeed', () => {
  it('is a pure function of (seed, epoch) that separates neighbours', () => {
    expect(epochSeed(42, 3)).toBe(epochSeed(42, 3));
    const seeds = new Set([1, 2, 3, 4].flatMap((e) => [epochSeed(0, e), epochSeed(1, e)]));
    expect(seeds.size).toBe(8);
  });
});

describe('planEpoch', () => {
  const samples = rampSamples(3, 32); // 18 samples
  it('uses every sample once as left, in batches of B with the remainder last', () => {
    const batches = planEpoch(samples, seededPairs, 5, 1, 4);
    expect(batches.map((b) => b.length)).toEqual([4, 4, 4, 4, 2]);
    const lefts = batches
      .flat()
      .map((p) => p.left)
      .sort((a, b) => a - b);
    expect(lefts).toEqual(samples.map((_, i) => i));
    for (const p of batches.flat()) {
      expect(p.target).toBe(Math.sign(samples[p.left].angleDeg - samples[p.right].angleDeg));
    }
  });

  it('draws the same plan for the same (seed, epoch) and another for the next epoch', () => {
    expect(planEpoch(samples, seededPairs, 5, 2, 4)).toEqual(
      planEpoch(samples, seededPairs, 5, 2, 4),
    );
    expect(planEpoch(samples, seededPairs, 5, 3, 4)).not.toEqual(
      planEpoch(samples, seededPairs, 5, 2, 4),
    );
  });
});

describe('toPairBatch', () => {
  it('lays pairs out side by side, count × height × width', () => {
    const samples = rampSamples(1, 32);
    const batch = toPairBatch(samples, [
      { left: 5, right: 0, target: 1 },
      { left: 1, right: 2, target: -1 },
    ]);
    const n = 32 * 32;
    expect(batch.count).toBe(2);
    expect([...batch.target]).toEqual([1, -1]);
    expect(batch.left.subarray(n, 2 * n)).toEqual(samples[1].spectrogram.data);
    expect(batch.right.subarray(0, n)).toEqual(samples[0].spectrogram.data);
    expect(toPairRefs(samples, [{ left: 5, right: 0, target: 1 }])).toEqual([
      { left: 'deg180/0', right: 'deg000/0', target: 1 },
    ]);
  });
});
