import { describe, expect, it } from 'vitest';
import { createGradientCollector } from '../src/collector.js';
import { createRandom } from '../src/random.js';

describe('zero gradients in the embedding', () => {
  it('keeps every point finite with 8 of 12 batch gradients exactly zero; they are listed as undefined', () => {
    const d = 400;
    const random = createRandom(4);
    const collector = createGradientCollector({ parameterCount: d, exactBudgetBytes: 0 });
    for (let i = 0; i < 12; i++) {
      const zero = i % 3 !== 0;
      collector.add(
        Float32Array.from({ length: d }, () => (zero ? 0 : 0.1 + random.normal())),
        4,
      );
    }
    const analysis = collector.result();
    expect(analysis.similarity.undefinedBatches).toEqual([1, 2, 4, 5, 7, 8, 10, 11]);
    const points = analysis.embedding?.points ?? [];
    expect(points).toHaveLength(12);
    for (const [x, y] of points) {
      expect(Number.isFinite(x) && Number.isFinite(y)).toBe(true);
    }
  });
});
