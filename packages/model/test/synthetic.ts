import { createRandom } from '../src/random.js';
import type { PairBatch } from '../src/ranker.js';

/**
 * Spectrogram-like test data with a trivially learnable ranking: a band of rows whose level
 * grows with the angle, over noise. Row-major [height, width], values in decibel-like units.
 */
export function syntheticSpectrogram(angleDeg: number, size: number, seed: number): Float32Array {
  const random = createRandom(seed);
  const data = new Float32Array(size * size);
  const bandTop = Math.floor(size / 4);
  for (let row = 0; row < size; row++) {
    const level = row >= bandTop && row < bandTop + 4 ? angleDeg / 60 : 0;
    for (let col = 0; col < size; col++) data[row * size + col] = level + 0.3 * (random() - 0.5);
  }
  return data;
}

/** A batch of pairs (left angle, right angle) → target +1 when the left angle is larger. */
export function syntheticBatch(pairs: [number, number][], size: number, seed: number): PairBatch {
  const pixels = size * size;
  const batch: PairBatch = {
    left: new Float32Array(pairs.length * pixels),
    right: new Float32Array(pairs.length * pixels),
    target: new Float32Array(pairs.length),
    count: pairs.length,
  };
  pairs.forEach(([a, b], i) => {
    batch.left.set(syntheticSpectrogram(a, size, seed + 2 * i), i * pixels);
    batch.right.set(syntheticSpectrogram(b, size, seed + 2 * i + 1), i * pixels);
    batch.target[i] = a > b ? 1 : -1;
  });
  return batch;
}
