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

/** mulberry32 (Tommy Ettinger): a small seeded uniform generator on [0, 1). */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * The epoch's pairs in training order, cut into batches of at most `batchSize` pairs (the last
 * batch keeps the remainder, as PyTorch's DataLoader without drop_last). Pairs come from
 * `samplePairs` and are then shuffled (Fisher–Yates) with the same epoch seed.
 */
export function planEpoch(
  samples: TrainingSample[],
  samplePairs: PairSampler,
  seed: number,
  epoch: number,
  batchSize: number,
): IndexPair[][] {
  const s = epochSeed(seed, epoch);
  const pairs = samplePairs(
    samples.map((sample) => sample.angleDeg),
    { seed: s },
  );
  const random = mulberry32(s ^ 0x5bd1e995);
  for (let i = pairs.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [pairs[i], pairs[j]] = [pairs[j], pairs[i]];
  }
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
