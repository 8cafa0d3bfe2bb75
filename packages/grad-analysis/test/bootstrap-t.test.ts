import { describe, expect, it } from 'vitest';
import { studentizedLogNoiseScale } from '../src/bootstrap-t.js';
import { createRandom } from '../src/random.js';

/** B_simple's two parts from the batches in `keep` with the App. A.1 formulas, by hand (equal b). */
function logRatioByHand(gram: Float64Array, n: number, b: number, keep: number[]): number {
  let cross = 0;
  let pairs = 0;
  let norms = 0;
  for (const i of keep) {
    norms += gram[i * n + i];
    for (const j of keep) {
      if (i === j) continue;
      cross += gram[i * n + j];
      pairs++;
    }
  }
  const g = cross / pairs;
  const t = b * (norms / keep.length - g);
  return Math.log(t) - Math.log(g);
}

function randomGram(n: number, seed: number): Float64Array {
  const random = createRandom(seed);
  const d = 50;
  const vectors = Array.from({ length: n }, () =>
    Float64Array.from({ length: d }, () => 0.3 + random.normal()),
  );
  const gram = new Float64Array(n * n);
  for (let i = 0; i < n; i++)
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let e = 0; e < d; e++) s += vectors[i][e] * vectors[j][e];
      gram[i * n + j] = s;
    }
  return gram;
}

describe('studentizedLogNoiseScale (bootstrap-t of log B_simple)', () => {
  it('has θ̂ and the jackknife se of the leave-one-batch-out formulas, computed by brute force', () => {
    const n = 9;
    const gram = randomGram(n, 5);
    const all = Array.from({ length: n }, (_, i) => i);
    const theta = logRatioByHand(gram, n, 4, all);
    const leaveOut = all.map((i) =>
      logRatioByHand(
        gram,
        n,
        4,
        all.filter((j) => j !== i),
      ),
    );
    const mean = leaveOut.reduce((a, v) => a + v, 0) / n;
    const se = Math.sqrt(((n - 1) / n) * leaveOut.reduce((a, v) => a + (v - mean) ** 2, 0));
    const draws = studentizedLogNoiseScale(Array(n).fill(4), gram, 200, 1);
    expect(draws).not.toBeNull();
    expect(draws!.theta).toBeCloseTo(theta, 12);
    expect(draws!.standardError).toBeCloseTo(se, 12);
    // Sorted, seeded and reproducible; t* is centred near 0 (θ* scatters around θ̂).
    const t = draws!.sortedT;
    expect([...t].sort((a, b) => a - b)).toEqual(t);
    expect(studentizedLogNoiseScale(Array(n).fill(4), gram, 200, 1)!.sortedT).toEqual(t);
    expect(Math.abs(t[t.length >> 1])).toBeLessThan(1);
  });

  it('gives null when the sample itself has no finite log ratio (|G|² ≤ 0)', () => {
    const n = 4;
    const gram = new Float64Array(n * n);
    for (let i = 0; i < n; i++) gram[i * n + i] = 1; // orthogonal batches: |G|² estimate 0
    expect(studentizedLogNoiseScale(Array(n).fill(4), gram, 50, 1)).toBeNull();
  });
});
