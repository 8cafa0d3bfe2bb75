import { describe, expect, it } from 'vitest';
import { splitDataset } from '../src/index.js';

const seedSet = [0, 36, 72, 108, 144, 180].flatMap((angleDeg) =>
  Array.from({ length: 9 }, (_, i) => ({ angleDeg, id: `${angleDeg}/${i}` })),
);

describe('splitDataset', () => {
  it('splits the seed set 48/6 with one sample of every angle in validation', () => {
    const { train, validation } = splitDataset(seedSet, { seed: 3 });
    expect(train).toHaveLength(48);
    expect(validation.map((s) => s.angleDeg)).toEqual([0, 36, 72, 108, 144, 180]);
    expect(new Set([...train, ...validation])).toEqual(new Set(seedSet));
  });

  it('is deterministic per seed and changes with the seed', () => {
    const ids = (seed: number) => splitDataset(seedSet, { seed }).validation.map((s) => s.id);
    expect(ids(3)).toEqual(ids(3));
    expect(ids(4)).not.toEqual(ids(3));
  });

  it('keeps every class on both sides when it has 2 samples, and a single sample in train', () => {
    const small = [
      { angleDeg: 0, id: 'a' },
      { angleDeg: 0, id: 'b' },
      { angleDeg: 90, id: 'c' },
    ];
    const { train, validation } = splitDataset(small, { validationFraction: 0.1 });
    expect(validation).toHaveLength(1);
    expect(validation[0].angleDeg).toBe(0);
    expect(train.map((s) => s.angleDeg).sort()).toEqual([0, 90]);
  });

  it('rounds n·fraction per class and never empties the train side', () => {
    const { train, validation } = splitDataset(seedSet, { validationFraction: 0.3 });
    expect(validation).toHaveLength(6 * 3); // round(2.7) = 3 per class
    expect(train).toHaveLength(36);
    expect(splitDataset(seedSet, { validationFraction: 0.99 }).train).toHaveLength(6);
    expect(splitDataset(seedSet, { validationFraction: 0 }).validation).toHaveLength(0);
  });

  it('rejects a fraction outside [0, 1)', () => {
    expect(() => splitDataset(seedSet, { validationFraction: 1 })).toThrow(
      'splitDataset validationFraction must lie in [0, 1), got 1',
    );
  });
});
