import { describe, expect, it } from 'vitest';
import { createGradientCollector } from '../src/collector.js';
import { GradAnalysisError } from '../src/errors.js';

function thrown(call: () => unknown): GradAnalysisError {
  try {
    call();
  } catch (error) {
    if (error instanceof GradAnalysisError) return error;
    throw error;
  }
  throw new Error('expected a GradAnalysisError');
}

describe('createGradientCollector', () => {
  it('keeps the exact float64 weighted sum, exact norms and exact Gram while under budget', () => {
    const collector = createGradientCollector({ parameterCount: 3, seed: 1 });
    collector.add(Float32Array.of(1, 2, 2), 4); // |g|² = 9
    collector.add(Float32Array.of(0, 3, 4), 2); // |g|² = 25
    const c = collector.collected();
    expect(c.path).toBe('exact');
    expect(Array.from(c.normsSquared)).toEqual([9, 25]);
    // Σ b_i g_i = 4(1,2,2) + 2(0,3,4) = (4, 14, 16): |·|² = 16 + 196 + 256
    expect(c.weightedSumNormSquared).toBe(468);
    expect(Array.from(c.gram)).toEqual([9, 14, 14, 25]);
    expect(c.batchSizes).toEqual([4, 2]);
  });

  it('copies what it keeps: changing a gradient after add() changes nothing', () => {
    const collector = createGradientCollector({ parameterCount: 2 });
    const g = Float32Array.of(3, 4);
    collector.add(g, 1);
    collector.add(Float32Array.of(1, 0), 1);
    g.fill(100);
    const c = collector.collected();
    expect(Array.from(c.gram)).toEqual([25, 3, 3, 1]);
    expect(c.weightedSumNormSquared).toBe(32); // |(4, 4)|²
  });

  it('switches to the sketch path, exact diagonal and sum kept, once N·D·4 bytes exceed the budget', () => {
    const collector = createGradientCollector({
      parameterCount: 4,
      exactBudgetBytes: 32,
      sketchDimension: 64,
    });
    collector.add(Float32Array.of(1, 0, 0, 0), 1);
    collector.add(Float32Array.of(0, 1, 0, 0), 1);
    expect(collector.path).toBe('exact'); // 2·4·4 = 32 bytes
    collector.add(Float32Array.of(0, 0, 1, 1), 1);
    expect(collector.path).toBe('sketch');
    const c = collector.collected();
    expect(Array.from(c.normsSquared)).toEqual([1, 1, 2]);
    expect(c.weightedSumNormSquared).toBe(4); // |(1,1,1,1)|²
    expect(c.sketches).toHaveLength(3);
    expect(c.sketches[0]).toHaveLength(64);
  });

  it('sketches are a linear, norm-preserving-in-expectation map: S(Σ g) = Σ S g exactly', () => {
    const collector = createGradientCollector({ parameterCount: 5, sketchDimension: 8, seed: 9 });
    collector.add(Float32Array.of(1, -2, 0.5, 3, 0), 1);
    collector.add(Float32Array.of(-1, 2, -0.5, -3, 0), 1);
    const [a, b] = collector.collected().sketches;
    for (let m = 0; m < 8; m++) expect(a[m] + b[m]).toBeCloseTo(0, 12);
    // One coordinate lands in one bucket with sign ±1, so |S e_j| = 1.
    const unit = createGradientCollector({ parameterCount: 5, sketchDimension: 8, seed: 9 });
    unit.add(Float32Array.of(0, 0, 1, 0, 0), 1);
    expect(unit.collected().sketches[0].reduce((s, v) => s + v * v, 0)).toBe(1);
  });

  it('rejects a gradient of the wrong length, naming the batch and the expected length', () => {
    const collector = createGradientCollector({ parameterCount: 3 });
    collector.add(Float32Array.of(1, 2, 3), 4);
    const error = thrown(() => collector.add(new Float32Array(2), 4));
    expect(error.code).toBe('wrong-length');
    expect(error.message).toBe(
      'batch 1: gradient must be a Float32Array of length parameterCount = 3, got length 2',
    );
  });

  it('rejects non-finite values, naming the batch and index, and leaves its state unchanged', () => {
    const collector = createGradientCollector({ parameterCount: 3 });
    collector.add(Float32Array.of(1, 2, 3), 4);
    const error = thrown(() => collector.add(Float32Array.of(1, Number.NaN, 3), 4));
    expect(error.code).toBe('non-finite');
    expect(error.message).toBe('batch 1: gradient[1] is NaN; every value must be finite');
    expect(collector.batches).toBe(1);
    expect(collector.collected().weightedSumNormSquared).toBe(16 * 14);
  });

  it('with threads: 2, rejects a non-finite value in the helper thread half, state unchanged', () => {
    const d = 40000; // 2 chunks of 16 384 + 1: the helper sweeps from 32 768
    const gradient = new Float32Array(new SharedArrayBuffer(4 * d)).fill(0.5);
    const collector = createGradientCollector({
      parameterCount: d,
      threads: 2,
      exactBudgetBytes: 0,
    });
    collector.add(gradient, 4);
    const before = collector.collected();
    gradient[39000] = Number.POSITIVE_INFINITY;
    const error = thrown(() => collector.add(gradient, 4));
    expect(error.message).toBe('batch 1: gradient[39000] is Infinity; every value must be finite');
    gradient[39000] = 0.5;
    expect(collector.batches).toBe(1);
    expect(collector.collected().weightedSumNormSquared).toBe(before.weightedSumNormSquared);
    expect(before.weightedSumNormSquared).toBe(d * 4); // |4 · 0.5 · 1|² = 4 per coordinate
    collector.add(gradient, 4);
    expect(collector.collected().normsSquared[1]).toBe(d / 4);
    expect(
      thrown(() => createGradientCollector({ parameterCount: 3, threads: 3 as 2 })).message,
    ).toBe('threads must be 1 or 2, got 3');
  });

  it('rejects bad batch sizes, bad groups and bad options with their field named', () => {
    const collector = createGradientCollector({ parameterCount: 2 });
    expect(thrown(() => collector.add(new Float32Array(2), 0)).message).toBe(
      'batch 0: batchSize must be a positive integer (examples in the batch), got 0',
    );
    const groups = thrown(() =>
      createGradientCollector({
        parameterCount: 5,
        groups: [
          { name: 'a', length: 2 },
          { name: 'b', length: 2 },
        ],
      }),
    );
    expect(groups.code).toBe('invalid-groups');
    expect(groups.message).toBe('group lengths sum to 4, expected parameterCount = 5');
    expect(thrown(() => createGradientCollector({ parameterCount: 0 })).message).toBe(
      'parameterCount must be an integer ≥ 1, got 0',
    );
  });

  it('refuses a probe analysis with fewer than 3 batches', () => {
    const collector = createGradientCollector({ parameterCount: 2 });
    collector.add(Float32Array.of(1, 0), 1);
    collector.add(Float32Array.of(0, 1), 1);
    const error = thrown(() => collector.result());
    expect(error.code).toBe('too-few-batches');
    expect(error.message).toBe('a probe analysis needs at least 3 batch gradients, got 2');
  });
});
