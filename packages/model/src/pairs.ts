import { ModelError } from './errors.js';
import { createRandom } from './random.js';

export interface PairIndex {
  left: number;
  right: number;
  /** +1 when `left` has the larger angle (should score higher), −1 otherwise. */
  target: 1 | -1;
}

/**
 * One epoch of ranking pairs: every sample is `left` exactly once, in a seeded random order,
 * with a seeded random partner of a different angle (see docs/architecture.md "Vocabulary").
 * Returns indices into `angles`; a batch of B pairs is B consecutive entries.
 */
export function samplePairs(angles: number[], { seed }: { seed: number }): PairIndex[] {
  angles.forEach((angle, index) => {
    if (!Number.isFinite(angle)) {
      throw new ModelError(
        'INVALID_BATCH',
        `samplePairs: angles[${index}] = ${angle}, expected a finite number`,
      );
    }
  });
  if (angles.length > 0 && angles.every((a) => a === angles[0])) {
    throw new ModelError(
      'INVALID_BATCH',
      `samplePairs: all ${angles.length} angles equal ${angles[0]}; pairs need two different angles`,
    );
  }
  const random = createRandom(seed);
  const order = angles.map((_, i) => i);
  // Fisher–Yates shuffle (Knuth, TAOCP vol. 2, algorithm P).
  for (let i = order.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [order[i], order[j]] = [order[j], order[i]];
  }
  return order.map((left) => {
    const partners = angles.flatMap((angle, i) => (angle !== angles[left] ? [i] : []));
    const right = partners[Math.floor(random() * partners.length)];
    return { left, right, target: angles[left] > angles[right] ? 1 : -1 };
  });
}
