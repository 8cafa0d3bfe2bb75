import { describe, expect, it } from 'vitest';
import { createGradientCollector } from '../src/collector.js';
import { relativeHalfWidth } from '../src/noise-scale.js';
import { createRandom } from '../src/random.js';
import type { NoiseScaleEstimate } from '../src/types.js';

/**
 * Coverage of the 95% interval of B_simple over seeded trials with a planted truth, on the sketch
 * path real probes take (exact budget 0, CountSketch k = 2048) and on the exact path; half the
 * trials of every cell run the collector as the experiment's probes do (`threads: 2`, gradient on
 * a SharedArrayBuffer), the other half on one thread.
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
    // Every other trial on the experiment's path: two threads, the gradient on a
    // SharedArrayBuffer (as @ranker/model's), so the helper thread sweeps its upper half.
    const threads = t % 2 === 0 ? 2 : 1;
    const collector = createGradientCollector({
      parameterCount: dimension,
      seed: t,
      exactBudgetBytes: exact ? undefined : 0,
      threads,
    });
    const gradient = new Float32Array(
      threads === 2 ? new SharedArrayBuffer(4 * dimension) : new ArrayBuffer(4 * dimension),
    );
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

/**
 * Per cell the test fails when the coverage is significantly below 93 % (exact one-sided binomial
 * test, p < 0.01: at 100 trials, 86 or fewer covered); pooled over every cell it must be ≥ 94 %.
 * A per-cell "observed ≥ 93 %" would fail correct intervals: a 95 % interval scores < 93 of 100
 * with probability ≈ 0.12, so 27 cells all pass with probability ≈ 0.03 (measured: exact N 48
 * B 16 gave 91 of 100 and 373 of 400; exact N 48 B 50 55 of 60 and 380 of 400; sketch D 100 000
 * N 48 p 0.5 B 16 53 of 60, 92 of 100 and 378 of 400, 2026-12-03). The README lists the cells
 * below 93 %.
 */
const TRIALS = 100;
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
cells.push({ truth: 5, batches: 12, zeroProbability: 0, dimension: 100_000, exact: false });
for (const batches of [12, 48])
  cells.push({ truth: 16, batches, zeroProbability: 0.5, dimension: 100_000, exact: false });

// ~4–6 min on 2 shared cores (372 s measured at load average ~8, 2026-12-03): runs by default (CI); RANKER_FAST_TESTS=1 skips it while developing.
const slow = process.env.RANKER_FAST_TESTS !== '1';
if (!slow) console.log('interval coverage: skipped because RANKER_FAST_TESTS=1 (slow, ~5 min)');

describe.runIf(slow)('B_simple interval coverage (slow: 2700 seeded probes)', () => {
  it('covers the planted B_simple: no cell significantly below 93%, ≥ 94% pooled, and always contains its estimate', () => {
    const rows: string[] = [
      'path   | D      | N  | p(zero) | planted | coverage | contains est. | lower-bound | null | median rel. half-width',
    ];
    // scipy.stats.binom.cdf(86, 100, 0.93) = 0.009928118230
    expect(binomialCdf(86, 100, 0.93)).toBeCloseTo(0.00992811823, 10);
    const failures: string[] = [];
    let covered = 0;
    for (const cell of cells) {
      const r = runCell(cell, TRIALS);
      rows.push(
        `${cell.exact ? 'exact ' : 'sketch'} | ${String(cell.dimension).padEnd(6)} | ${String(cell.batches).padEnd(2)} | ${cell.zeroProbability.toFixed(1).padEnd(7)} | ${String(cell.truth).padEnd(7)} | ${(100 * r.coverage).toFixed(0).padStart(6)} % | ${(100 * r.containsEstimate).toFixed(0).padStart(11)} % | ${String(r.lowerBounds).padStart(11)} | ${String(r.nulls).padStart(4)} | ${r.medianRelativeHalfWidth?.toFixed(2) ?? '–'}`,
      );
      covered += r.coverage * TRIALS;
      const p = binomialCdf(Math.round(r.coverage * TRIALS), TRIALS, 0.93);
      if (p < 0.01) failures.push(`${JSON.stringify(cell)}: coverage ${r.coverage} (p = ${p})`);
      if (r.containsEstimate !== 1)
        failures.push(`${JSON.stringify(cell)}: an interval excludes its estimate`);
    }
    // Pooled over every cell (2700 trials, sd ≈ 0.4 points at 95 %): the level is not just ≥ 93 %.
    const pooled = covered / (TRIALS * cells.length);
    if (pooled < 0.94) failures.push(`pooled coverage ${pooled}`);
    console.log(
      `pooled coverage ${(100 * pooled).toFixed(1)} %; ${TRIALS} trials per cell, batches of ${BATCH}, 95% intervals, 1000 resamples\n${rows.join('\n')}`,
    );
    expect(failures).toEqual([]);
  }, 600_000);
});

/** P(X ≤ k) for X ~ Binomial(n, p), summed term by term (n ≤ a few hundred). */
function binomialCdf(k: number, n: number, p: number): number {
  let term = (1 - p) ** n; // P(X = 0)
  let sum = term;
  for (let x = 1; x <= k; x++) {
    term *= ((n - x + 1) / x) * (p / (1 - p));
    sum += term;
  }
  return sum;
}
