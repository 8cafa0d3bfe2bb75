import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { fitCriticalBatch, type StepsToTarget } from '../src/critical-batch-fit.js';
import { GradAnalysisError } from '../src/errors.js';
import { studentTQuantile } from '../src/student-t.js';

/** Deterministic uniform [0, 1) (mulberry32). */
function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Standard normal by Box–Muller. */
function normal(random: () => number): number {
  return Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
}

/** Runs on eq. 2.11's curve S = S_min(1 + B_crit/B), plus normal noise of sd `noise` steps. */
function planted(
  sMin: number,
  eMin: number,
  batchSizes: number[],
  seeds: number,
  noise: number,
  random: () => number,
): StepsToTarget[] {
  return batchSizes.flatMap((batchSize) =>
    Array.from({ length: seeds }, () => ({
      batchSize,
      steps: sMin + eMin / batchSize + noise * normal(random),
    })),
  );
}

const python = ['python3', '/usr/bin/python3'].find(
  (p) => spawnSync(p, ['-c', 'import scipy.stats, numpy'], { stdio: 'ignore' }).status === 0,
);

describe('fitCriticalBatch (McCandlish et al. 2018, eq. 2.11)', () => {
  it('recovers S_min, E_min and B_crit exactly from noise-free points on the hyperbola', () => {
    // S_min = 50 steps, E_min = 400 examples → B_crit = 8; each point satisfies eq. 2.11 itself.
    const runs = [2, 4, 8, 16, 32].map((b) => ({ batchSize: b, steps: 50 + 400 / b }));
    for (const r of runs) {
      const e = r.batchSize * r.steps;
      expect((r.steps / 50 - 1) * (e / 400 - 1)).toBeCloseTo(1, 12);
    }
    const fit = fitCriticalBatch(runs);
    expect(fit.status).toBe('ok');
    expect(fit.sMin).toBeCloseTo(50, 9);
    expect(fit.eMin).toBeCloseTo(400, 9);
    expect(fit.bCrit).toBeCloseTo(8, 9);
    expect(fit.interval?.low).toBeCloseTo(8, 6);
    expect(fit.interval?.high).toBeCloseTo(8, 6);
  });

  it('recovers planted S_min, E_min from noisy runs and its 95% interval covers B_crit in ~95% of 1000 seeded trials', () => {
    const random = seededRandom(2018);
    const trials = 1000;
    let covered = 0;
    let defined = 0;
    const sMins: number[] = [];
    const eMins: number[] = [];
    for (let trial = 0; trial < trials; trial++) {
      const fit = fitCriticalBatch(planted(100, 800, [2, 4, 8, 16, 32], 3, 10, random));
      if (fit.status !== 'ok' || !fit.interval) continue;
      defined++;
      sMins.push(fit.sMin as number);
      eMins.push(fit.eMin as number);
      expect(fit.interval.low).toBeLessThanOrEqual(fit.bCrit as number);
      expect(fit.interval.high).toBeGreaterThanOrEqual(fit.bCrit as number);
      if (fit.interval.low <= 8 && 8 <= fit.interval.high) covered++;
    }
    // S_min = 100 with s.e. ≈ 4: the interval is bounded in every trial.
    expect(defined).toBe(trials);
    const mean = (v: number[]) => v.reduce((a, b) => a + b, 0) / v.length;
    expect(mean(sMins)).toBeCloseTo(100, 0); // unbiased OLS: mean of 1000 fits within ±0.5
    expect(Math.abs(mean(eMins) - 800)).toBeLessThan(3);
    // Binomial(1000, 0.95): sd 0.0069; ±3 sd.
    expect(covered / trials).toBeGreaterThan(0.929);
    expect(covered / trials).toBeLessThan(0.971);
  });

  it('covers at the stated level for another level and design (90%, 2 batch sizes × 4 seeds)', () => {
    const random = seededRandom(7);
    let covered = 0;
    let defined = 0;
    for (let trial = 0; trial < 1000; trial++) {
      const fit = fitCriticalBatch(planted(30, 120, [2, 16], 4, 2, random), { level: 0.9 });
      if (fit.status !== 'ok' || !fit.interval) continue;
      defined++;
      if (fit.interval.low <= 4 && 4 <= fit.interval.high) covered++;
    }
    expect(defined).toBeGreaterThan(990);
    expect(covered / defined).toBeGreaterThan(0.9 - 3 * 0.0095);
    expect(covered / defined).toBeLessThan(0.9 + 3 * 0.0095);
  });

  it('agrees with numpy least squares + scipy t and a brute-force Fieller scan', () => {
    if (!python) {
      expect.fail('needs /usr/bin/python3 with numpy and scipy (Debian python3-scipy)');
    }
    const runs = planted(60, 500, [2, 4, 8, 16], 2, 6, seededRandom(3));
    const script = `
import json, sys, numpy as np
from scipy import stats
runs = json.loads(sys.argv[1])
B = np.array([r['batchSize'] for r in runs], float); S = np.array([r['steps'] for r in runs], float)
X = np.column_stack([np.ones_like(B), 1 / B])
beta, rss, *_ = np.linalg.lstsq(X, S, rcond=None)
n = len(S); s2 = rss[0] / (n - 2); V = s2 * np.linalg.inv(X.T @ X)
t = stats.t.ppf(0.975, n - 2)
rho = np.linspace(0.01, 100, 2_000_001)
stat = (beta[1] - rho * beta[0])**2 - t**2 * (V[1,1] - 2 * rho * V[0,1] + rho**2 * V[0,0])
inside = rho[stat <= 0]
print(json.dumps({'sMin': beta[0], 'eMin': beta[1], 'low': inside.min(), 'high': inside.max(),
  'sdS': V[0,0]**0.5, 'sdE': V[1,1]**0.5}))
`;
    const out = spawnSync(python, ['-c', script, JSON.stringify(runs)], { encoding: 'utf8' });
    expect(out.stderr).toBe('');
    const ref = JSON.parse(out.stdout);
    const fit = fitCriticalBatch(runs);
    expect(fit.status).toBe('ok');
    expect(fit.sMin).toBeCloseTo(ref.sMin, 8);
    expect(fit.eMin).toBeCloseTo(ref.eMin, 7);
    expect(fit.sMinStandardError).toBeCloseTo(ref.sdS, 8);
    expect(fit.eMinStandardError).toBeCloseTo(ref.sdE, 7);
    // Grid step 5e-5.
    expect(Math.abs((fit.interval?.low as number) - ref.low)).toBeLessThan(1e-4);
    expect(Math.abs((fit.interval?.high as number) - ref.high)).toBeLessThan(1e-4);
  });

  it('Student t quantiles match scipy.stats.t.ppf to 1e-7 and invert scipy.stats.t.cdf to 1e-12', () => {
    // scipy.stats.t.ppf(p, df); scipy's ppf is itself only good to ~5e-9 (its cdf at its own
    // ppf is off by ~5e-11), so the tight check is through scipy's cdf below.
    const table: [number, number, number][] = [
      [0.975, 1, 12.706204736432095],
      [0.975, 2, 4.302652729911275],
      [0.975, 5, 2.5705818366147395],
      [0.975, 30, 2.0422724563012373],
      [0.95, 3, 2.3533634348018264],
      [0.995, 10, 3.169272667175838],
      [0.975, 7.5, 2.333039626555376],
      [0.025, 4, -2.7764451051977996],
    ];
    for (const [p, df, q] of table) expect(studentTQuantile(p, df)).toBeCloseTo(q, 7);
    if (!python) expect.fail('needs /usr/bin/python3 with scipy (Debian python3-scipy)');
    const ours = table.map(([p, df]) => [studentTQuantile(p, df), df]);
    const out = spawnSync(
      python,
      [
        '-c',
        'import json,sys\nfrom scipy import stats\nprint(json.dumps([stats.t.cdf(q, d) for q, d in json.loads(sys.argv[1])]))',
        JSON.stringify(ours),
      ],
      { encoding: 'utf8' },
    );
    const cdf = JSON.parse(out.stdout) as number[];
    for (const [i, [p]] of table.entries()) expect(Math.abs(cdf[i] - p)).toBeLessThan(1e-12);
  });

  it('is undefined, with the reason, when one batch size reached the target', () => {
    const fit = fitCriticalBatch([
      { batchSize: 4, steps: 100 },
      { batchSize: 4, steps: 110 },
    ]);
    expect(fit.status).toBe('undefined');
    expect(fit.bCrit).toBeNull();
    expect(fit.interval).toBeNull();
    expect(fit.sMin).toBeNull();
    expect(fit.undefinedReason).toMatch(/^1 distinct batch size reached the target/);
  });

  it('is undefined with two runs (a line through two points has no interval)', () => {
    const fit = fitCriticalBatch([
      { batchSize: 2, steps: 300 },
      { batchSize: 4, steps: 200 },
    ]);
    expect(fit.status).toBe('undefined');
    expect(fit.sMin).toBeCloseTo(100, 10); // 100 + 400/B through both points
    expect(fit.eMin).toBeCloseTo(400, 10);
    expect(fit.bCrit).toBeNull();
    expect(fit.undefinedReason).toMatch(/no degrees of freedom/);
  });

  it('is undefined when the steps scale perfectly (S ∝ 1/B: S_min not distinguishable from 0)', () => {
    // Steps halve with each doubling: the noise-dominated regime, B_crit beyond the range tested.
    const random = seededRandom(11);
    const runs = [2, 4, 8].flatMap((b) =>
      [0, 1].map(() => ({ batchSize: b, steps: 1600 / b + 5 * normal(random) })),
    );
    const fit = fitCriticalBatch(runs);
    expect(fit.status).toBe('undefined');
    expect(fit.bCrit).toBeNull();
    expect(fit.undefinedReason).toMatch(/S_min/);
  });

  it('is undefined when the steps do not fall with the batch size (E_min ≤ 0 or not bounded from 0)', () => {
    const runs = [2, 4, 8, 16].flatMap((b) => [
      { batchSize: b, steps: 100 + (b % 3) },
      { batchSize: b, steps: 101 - (b % 5) },
    ]);
    const fit = fitCriticalBatch(runs);
    expect(fit.status).toBe('undefined');
    expect(fit.undefinedReason).toMatch(/E_min/);
    expect(fit.bCrit).toBeNull();
  });

  it('names every bad run at once and refuses a bad level', () => {
    const call = () =>
      fitCriticalBatch([
        { batchSize: 0, steps: 10 },
        { batchSize: 2, steps: Number.NaN },
      ]);
    expect(call).toThrow(GradAnalysisError);
    expect(call).toThrow(
      'runs[0].batchSize is 0; runs[1].steps is NaN; expected positive finite numbers',
    );
    expect(() => fitCriticalBatch([], { level: 95 })).toThrow(/level is 95; expected/);
  });
});
