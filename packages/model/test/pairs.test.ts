import { describe, expect, it } from 'vitest';
import { ModelError } from '../src/errors.js';
import { samplePairs } from '../src/pairs.js';

const angles = Array.from({ length: 48 }, (_, i) => [0, 36, 72, 108, 144, 180][i % 6]);

describe('samplePairs', () => {
  it('pairs every sample once as left with a partner of a different angle', () => {
    const pairs = samplePairs(angles, { seed: 7 });
    expect(pairs).toHaveLength(48);
    expect(new Set(pairs.map((p) => p.left)).size).toBe(48);
    for (const { left, right, target } of pairs) {
      expect(angles[left]).not.toBe(angles[right]);
      expect(target).toBe(angles[left] > angles[right] ? 1 : -1);
    }
  });

  it('is a function of the seed', () => {
    expect(samplePairs(angles, { seed: 3 })).toEqual(samplePairs(angles, { seed: 3 }));
    expect(samplePairs(angles, { seed: 3 })).not.toEqual(samplePairs(angles, { seed: 4 }));
  });

  it('shuffles the order and draws partners from every other angle', () => {
    const pairs = samplePairs(angles, { seed: 11 });
    expect(pairs.map((p) => p.left)).not.toEqual(angles.map((_, i) => i));
    const partnerAngles = new Set(pairs.map((p) => angles[p.right]));
    expect(partnerAngles.size).toBe(6);
  });

  it('rejects a single angle and non-finite angles with a ModelError naming the input', () => {
    expect(() => samplePairs([5, 5, 5], { seed: 1 })).toThrow(ModelError);
    expect(() => samplePairs([5, 5, 5], { seed: 1 })).toThrow(/all 3 angles equal 5/);
    expect(() => samplePairs([0, Number.NaN], { seed: 1 })).toThrow(/angles\[1\] = NaN/);
  });
});
