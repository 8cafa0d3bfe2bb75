import { describe, expect, it } from 'vitest';
import { createGradientCollector } from '../src/collector.js';
import { relativeHalfWidth } from '../src/noise-scale.js';
import { createRandom } from '../src/random.js';
import type { NoiseScaleEstimate } from '../src/types.js';

/**
 * Coverage of the 95% interval of B_simple over seeded trials with a planted truth, on the sketch
 * path real probes take (exact budget 0, CountSketch k = 2048) and on the exact path.
 *
 * Per-example gradients x = Z·(G' + ξ), Z ~ Bernoulli(q) (q = 1 − p: zero-inflated like
 * margin-loss probes, p = 0 for the Gaussian cells), ξ ~ N(0, σ²I). Then G = qG' and
 * tr(Σ) = E|x|² − |G|² = q(|G'|² + Dσ²) − q²|G'|², so B_simple = (q(1 + Dσ²) − q²)/q² with |G'|² = 1,
 * i.e. Dσ² = B·q + q − 1. A batch of b examples with m ~ Binomial(b, q) non-zero ones has the mean
 * gradient (m/b)G' + (√m·σ/b)·z, z ~ N(0, I): exactly zero when m = 0.
 */
interface Cell {
  truth: number;
  batches: number;
  zeroProbability: number;
  dimension: number;
  exact: boolean;
}

const BATCH = 4;

function runCell(cell: Cell, trials: number) {
  const { truth, batches, zeroProbability, dimension, exact } = cell;
  const q = 1 - zeroProbability;
  const sigma = Math.sqrt((truth * q + q - 1) / dimension);
  let covered = 0;
  let containsEstimate = 0;
  let lowerBounds = 0;
  let nulls = 0;
  const widths: number[] = [];
  for (let t = 0; t < trials; t++) {
    const random = createRandom(
      7919 * t + 13 * batches + dimension + Math.round(100 * truth * (1 + zeroProbability)),
    );
    const direction = Float64Array.from(
      { length: dimension },
      () => (random.next() < 0.5 ? -1 : 1) / Math.sqrt(dimension),
    );
    const collector = createGradientCollector({
      parameterCount: dimension,
      seed: t,
      exactBudgetBytes: exact ? undefined : 0,
    });
    const gradient = new Float32Array(dimension);
    for (let i = 0; i < batches; i++) {
      let m = 0;
      for (let e = 0; e < BATCH; e++) if (random.next() < q) m++;
      const scale = (Math.sqrt(m) * sigma) / BATCH;
      for (let j = 0; j < dimension; j++) {
        gradient[j] = m === 0 ? 0 : (m / BATCH) * direction[j] + scale * random.normal();
      }
      collector.add(gradient, BATCH);
    }
    expect(collector.path).toBe(exact ? 'exact' : 'sketch');
    const estimate: NoiseScaleEstimate = collector.noiseScale({ seed: t });
    const { interval } = estimate;
    if (interval === null) {
      nulls++;
      expect(estimate.intervalNote).toMatch(/no interval/);
      continue;
    }
    if (interval.kind === 'lower-bound') {
      lowerBounds++;
      expect(interval.high).toBeNull();
      expect(estimate.intervalNote).toMatch(/not distinguishable from 0/);
    } else {
      expect(estimate.intervalNote).toBeNull();
      widths.push(relativeHalfWidth(estimate) as number);
    }
    const high = interval.high ?? Number.POSITIVE_INFINITY;
    expect(interval.low).toBeGreaterThanOrEqual(0); // never spans signs
    if (interval.low <= truth && truth <= high) covered++;
    const b = estimate.bSimple as number;
    if (interval.low <= b && b <= high) containsEstimate++;
  }
  widths.sort((a, b) => a - b);
  return {
    coverage: covered / trials,
    containsEstimate: containsEstimate / (trials - nulls),
    lowerBounds,
    nulls,
    medianRelativeHalfWidth: widths.length ? widths[Math.floor(widths.length / 2)] : null,
  };
}

const TRIALS = 60;
const cells: Cell[] = [];
for (const exact of [false, true]) {
  for (const batches of [12, 48]) {
    for (const truth of [5, 16, 50, 500])
      cells.push({ truth, batches, zeroProbability: 0, dimension: 20_000, exact });
  }
}
for (const zeroProbability of [0.5, 0.8]) {
  for (const batches of [12, 48]) {
    for (const truth of [5, 50])
      cells.push({ truth, batches, zeroProbability, dimension: 20_000, exact: false });
  }
}
for (const batches of [12, 48])
  cells.push({ truth: 16, batches, zeroProbability: 0.5, dimension: 100_000, exact: false });

/**
 * Cells measured below the 93% target (2026-12-03, studentized log-B_simple bootstrap at the
 * expanded level): held to a floor so that a regression still fails, and listed (with the reason in
 * the README's coverage table) so that nobody reads this test as "≥ 93% everywhere".
 * - exact/48/0/50: 55 of 60 (92 %); a 95 % interval misses 93 % in 60 trials with probability ≈ 0.18.
 * - sketch/12/0.8/50: 12 batches of which ~5 are exactly zero and most others hold 1 example.
 * - sketch/100000/48/0.5/16: 53 of 60 (88 %) on these seeds; the same cell at D = 20 000 and in the
 *   D → ∞ limit covers 95–97 % (README), the exact path at D = 100 000 gave the same as the sketch.
 */
const KNOWN_SHORTFALL = new Set([
  'exact/20000/48/0/50',
  'sketch/20000/12/0.8/50',
  'sketch/100000/48/0.5/16',
]);
const SHORTFALL_FLOOR = 0.8;

// ~2.5–4.5 min on 2 shared cores (142 s and 268 s measured 2026-12-03): runs by default (CI); RANKER_FAST_TESTS=1 skips it while developing.
const slow = process.env.RANKER_FAST_TESTS !== '1';
if (!slow) console.log('interval coverage: skipped because RANKER_FAST_TESTS=1 (slow, ~4 min)');

describe.runIf(slow)('B_simple interval coverage (slow: ~1400 seeded probes)', () => {
  it('covers the planted B_simple in ≥ 93% of trials per cell (known shortfalls: ≥ 80%) and always contains its estimate', () => {
    const rows: string[] = [
      'path   | D      | N  | p(zero) | planted | coverage | contains est. | lower-bound | null | median rel. half-width',
    ];
    const failures: string[] = [];
    for (const cell of cells) {
      const r = runCell(cell, TRIALS);
      rows.push(
        `${cell.exact ? 'exact ' : 'sketch'} | ${String(cell.dimension).padEnd(6)} | ${String(cell.batches).padEnd(2)} | ${cell.zeroProbability.toFixed(1).padEnd(7)} | ${String(cell.truth).padEnd(7)} | ${(100 * r.coverage).toFixed(0).padStart(6)} % | ${(100 * r.containsEstimate).toFixed(0).padStart(11)} % | ${String(r.lowerBounds).padStart(11)} | ${String(r.nulls).padStart(4)} | ${r.medianRelativeHalfWidth?.toFixed(2) ?? '–'}`,
      );
      const key = `${cell.exact ? 'exact' : 'sketch'}/${cell.dimension}/${cell.batches}/${cell.zeroProbability}/${cell.truth}`;
      const floor = KNOWN_SHORTFALL.has(key) ? SHORTFALL_FLOOR : 0.93;
      if (r.coverage < floor) failures.push(`${JSON.stringify(cell)}: coverage ${r.coverage}`);
      if (r.containsEstimate !== 1)
        failures.push(`${JSON.stringify(cell)}: an interval excludes its estimate`);
    }
    console.log(
      `${TRIALS} trials per cell, batches of ${BATCH}, 95% intervals, 1000 resamples\n${rows.join('\n')}`,
    );
    expect(failures).toEqual([]);
  }, 600_000);
});
