import { DspError } from './errors.js';
import { createRng } from './rng.js';
import { DEFAULT_SEED } from './seed.js';

export interface SplitOptions {
  /** Fraction of each angle class held out, in [0, 1). Default 0.1. */
  validationFraction?: number;
  /** PRNG seed of the per-class shuffles. Default `DEFAULT_SEED` (42). */
  seed?: number;
}

/**
 * Seeded stratified split by `angleDeg`. A class of n samples puts
 * v = clamp(round(n·fraction), 1, n − 1) samples in validation, so every class appears on both
 * sides whenever it has at least 2 samples and the fraction is positive. A class with a single
 * sample goes to train only; fraction 0 gives an empty validation set. Both outputs keep the
 * input order (e.g. the seed's 6 × 9 = 54 samples → 48 train, 6 validation).
 */
export function splitDataset<T extends { angleDeg: number }>(
  samples: T[],
  options: SplitOptions = {},
): { train: T[]; validation: T[] } {
  const fraction = options.validationFraction ?? 0.1;
  if (!(fraction >= 0 && fraction < 1)) {
    throw new DspError(
      'BAD_OPTION',
      `splitDataset validationFraction must lie in [0, 1), got ${fraction}`,
    );
  }
  const rng = createRng(options.seed ?? DEFAULT_SEED);
  const byClass = new Map<number, number[]>();
  samples.forEach((s, i) => {
    const members = byClass.get(s.angleDeg) ?? [];
    members.push(i);
    byClass.set(s.angleDeg, members);
  });
  const held = new Set<number>();
  for (const angle of [...byClass.keys()].sort((a, b) => a - b)) {
    const members = rng.shuffle(byClass.get(angle)!);
    const n = members.length;
    const count =
      fraction === 0 || n < 2 ? 0 : Math.min(n - 1, Math.max(1, Math.round(n * fraction)));
    for (const i of members.slice(0, count)) held.add(i);
  }
  return {
    train: samples.filter((_, i) => !held.has(i)),
    validation: samples.filter((_, i) => held.has(i)),
  };
}
