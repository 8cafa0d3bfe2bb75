import type { PairRef } from './events.js';
import type { IndexPair, PairBatch, PairSampler, TrainingSample } from './model-port.js';

/**
 * Seed of epoch `epoch`'s pairing and order, a pure function of (run seed, epoch) so that a
 * resumed run draws exactly the pairs the uninterrupted run would have. Mixing is a 32-bit
 * integer hash (the murmur3 finaliser, Appleby), so neighbouring epochs get unrelated seeds.
 */
export function epochSeed(seed: number, epoch: number): number {
  let h = (Math.imul(seed | 0, 0x9e3779b1) ^ Math.imul(epoch | 0, 0x85ebca6b)) >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

/**
 * The epoch's pairs in `samplePairs` order (which is seeded and shuffled), cut into batches of
 * at most `batchSize` consecutive pairs; the last batch keeps the remainder, as PyTorch's
 * DataLoader without drop_last.
 */
export function planEpoch(
  samples: TrainingSample[],
  samplePairs: PairSampler,
  seed: number,
  epoch: number,
  batchSize: number,
): IndexPair[][] {
  const pairs = samplePairs(
    samples.map((sample) => sample.angleDeg),
    { seed: epochSeed(seed, epoch) },
  );
  const batches: IndexPair[][] = [];
  for (let i = 0; i < pairs.length; i += batchSize) batches.push(pairs.slice(i, i + batchSize));
  return batches;
}

/** Packs pairs into the model's `PairBatch` (spectrograms copied side by side). */
export function toPairBatch(samples: TrainingSample[], pairs: IndexPair[]): PairBatch {
  const [height, width] = samples[0].spectrogram.shape;
  const size = height * width;
  const left = new Float32Array(pairs.length * size);
  const right = new Float32Array(pairs.length * size);
  const target = new Float32Array(pairs.length);
  pairs.forEach((pair, i) => {
    left.set(samples[pair.left].spectrogram.data, i * size);
    right.set(samples[pair.right].spectrogram.data, i * size);
    target[i] = pair.target;
  });
  return { left, right, target, count: pairs.length };
}

export function toPairRefs(samples: TrainingSample[], pairs: IndexPair[]): PairRef[] {
  return pairs.map((p) => ({
    left: samples[p.left].id,
    right: samples[p.right].id,
    target: p.target,
  }));
}
