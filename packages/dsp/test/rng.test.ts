import { describe, expect, it } from 'vitest';
import { createRng } from '../src/index.js';

describe('createRng', () => {
  it('repeats the same stream for the same seed and differs for another seed', () => {
    const a = createRng(42);
    const b = createRng(42);
    const c = createRng(43);
    const streamA = Array.from({ length: 5 }, () => a.next());
    expect(Array.from({ length: 5 }, () => b.next())).toEqual(streamA);
    expect(Array.from({ length: 5 }, () => c.next())).not.toEqual(streamA);
  });

  it('next() is uniform on [0, 1): range, mean 1/2 and variance 1/12', () => {
    const rng = createRng(7);
    const values = Array.from({ length: 20000 }, () => rng.next());
    expect(Math.min(...values)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...values)).toBeLessThan(1);
    const mean = values.reduce((s, v) => s + v, 0) / values.length;
    const variance = values.reduce((s, v) => s + (v - mean) ** 2, 0) / values.length;
    // standard errors: 0.002 for the mean, 0.0005 for the variance
    expect(mean).toBeCloseTo(0.5, 2);
    expect(Math.abs(variance - 1 / 12)).toBeLessThan(0.003);
  });

  it('normal() has mean 0 and variance 1', () => {
    const rng = createRng(3);
    const values = Array.from({ length: 20000 }, () => rng.normal());
    const mean = values.reduce((s, v) => s + v, 0) / values.length;
    const variance = values.reduce((s, v) => s + (v - mean) ** 2, 0) / values.length;
    expect(Math.abs(mean)).toBeLessThan(0.03); // 4 standard errors
    expect(Math.abs(variance - 1)).toBeLessThan(0.05);
  });

  it('shuffle() returns a permutation and integer() stays in range', () => {
    const rng = createRng(5);
    const items = Array.from({ length: 50 }, (_, i) => i);
    const shuffled = rng.shuffle([...items]);
    expect(shuffled).not.toEqual(items);
    expect([...shuffled].sort((a, b) => a - b)).toEqual(items);
    const draws = Array.from({ length: 1000 }, () => rng.integer(6));
    expect(new Set(draws)).toEqual(new Set([0, 1, 2, 3, 4, 5]));
  });
});
