import { describe, expect, it } from 'vitest';
import { trustworthiness } from '../src/trustworthiness.js';

const line = (xs: number[]) => xs.map((x) => [x, 0]);

describe('trustworthiness (Venna & Kaski 2001)', () => {
  it('is 1 for an embedding that keeps every neighbourhood', () => {
    const input = line([0, 1, 3, 7, 15, 31]);
    expect(trustworthiness(input, line([0, 2, 6, 14, 30, 62]), 2)).toBe(1);
  });

  it('matches a hand computation', () => {
    // Input 0, 1, 3, 7, 15; embedded 0, 10, 1, 20, 40, k = 1. Embedded nearest neighbours:
    // 0→2 (input rank 2), 1→2 (rank 2), 2→0 (rank 2), 3→1 (rank 2), 4→3 (rank 1).
    // Penalty Σ(r − k) = 4; T = 1 − 2/(5·1·(10 − 3 − 1))·4 = 1 − 4/15.
    const t = trustworthiness(line([0, 1, 3, 7, 15]), line([0, 10, 1, 20, 40]), 1);
    expect(t).toBeCloseTo(11 / 15, 14);
  });

  it('requires k < n/2 and one embedded point per input point', () => {
    expect(() => trustworthiness(line([0, 1, 2, 3]), line([0, 1, 2, 3]), 2)).toThrow(
      'k must be an integer with 1 ≤ k < n/2 = 2, got 2',
    );
    expect(() => trustworthiness(line([0, 1, 2]), line([0, 1]), 1)).toThrow(
      'embedded has 2 points, expected 3 (one per input point)',
    );
  });
});
