import { createOnlineNoiseScale } from '@ranker/grad-analysis';
import type { PairRef, TrainerEvents } from '@ranker/trainer';
import { describe, expect, it } from 'vitest';
import { GradientAnalysis } from '../src/gradient-analysis.js';

const D = 6;
const layout = [
  { name: 'a', length: 4 },
  { name: 'b', length: 2 },
];
const pairs: PairRef[] = Array.from({ length: 4 }, (_, i) => ({
  left: `l${i}`,
  right: `r${i}`,
  target: 1,
}));
/** A planted gradient per (epoch, step): distinct, non-zero values. */
const gradient = (epoch: number, step: number) =>
  Float32Array.from({ length: D }, (_, j) => Math.sin(7 * epoch + 3 * step + j) + 0.1 * j);

function batchEnd(epoch: number, step: number, g = gradient(epoch, step)) {
  return {
    epoch,
    step,
    batchIndex: step,
    batchSize: 4,
    loss: 1,
    gradientNormSquared: 0,
    gradient: g,
    pairs,
  } as TrainerEvents['batchEnd'];
}

function probe(analysis: GradientAnalysis, epoch: number): void {
  analysis.probeStart({ epoch, parameterLayout: layout } as TrainerEvents['probeStart']);
  for (let b = 0; b < 3; b++) {
    analysis.probe({
      epoch,
      batchIndex: b,
      batchSize: 4,
      loss: 1,
      gradientNormSquared: 0,
      gradient: gradient(100 + epoch, b),
      pairs,
    });
  }
}

describe('GradientAnalysis', () => {
  it("records the analysis epoch's training-time noise scale from that epoch's steps alone, and never reads other epochs' gradients", () => {
    const analysis = new GradientAnalysis(42, [2], 48);
    // Epoch 1 is not probed: its gradients are not read (a non-finite one would throw if they were).
    const poison = new Float32Array(D).fill(Number.NaN);
    for (let s = 0; s < 5; s++) analysis.batchEnd(batchEnd(1, s, poison));
    for (let s = 0; s < 5; s++) analysis.batchEnd(batchEnd(2, s));
    probe(analysis, 2);
    const record = analysis.probeEnd(2);

    const truth = createOnlineNoiseScale({ parameterCount: D });
    for (let s = 0; s < 5; s++) truth.add(gradient(2, s), 4);
    expect(record.training).toEqual(truth.summary());
    expect(record.epoch).toBe(2);
    expect(record.batches).toHaveLength(3);
  });
});
