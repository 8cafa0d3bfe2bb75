/**
 * A small seeded pseudo-random generator for determinism: dsp's synthesis and split, and the
 * model's weights and pairs (`@ranker/model` draws from `createRng(seed).next`). grad-analysis keeps
 * its own copy because it depends on no other ranker package.
 */
export interface Rng {
  /** Uniform float in [0, 1). */
  next(): number;
  /** Standard normal N(0, 1) (Box–Muller, one value per call). */
  normal(): number;
  /** Uniform integer in [0, maxExclusive). */
  integer(maxExclusive: number): number;
  /** Fisher–Yates shuffle of `items` in place; returns it. */
  shuffle<T>(items: T[]): T[];
}

/**
 * mulberry32 (Tommy Ettinger, public domain): a 32-bit state generator, fast and good enough
 * for data synthesis and shuffling (not for cryptography). The same seed gives the same stream
 * on every platform because it uses only 32-bit integer arithmetic.
 */
export function createRng(seed: number): Rng {
  let state = seed >>> 0;
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const integer = (maxExclusive: number): number => Math.floor(next() * maxExclusive);
  return {
    next,
    integer,
    normal() {
      // 1 - next() lies in (0, 1], so the logarithm is finite.
      const u = 1 - next();
      const v = next();
      return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    },
    shuffle<T>(items: T[]): T[] {
      for (let i = items.length - 1; i > 0; i--) {
        const j = integer(i + 1);
        [items[i], items[j]] = [items[j], items[i]];
      }
      return items;
    },
  };
}
