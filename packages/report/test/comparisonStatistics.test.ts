import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { summariseSeeds, welchTest } from '../src/comparison/seedStatistics.js';

const python = ['python3', '/usr/bin/python3'].find(
  (p) => spawnSync(p, ['-c', 'import scipy.stats'], { stdio: 'ignore' }).status === 0,
);

describe('seed statistics', () => {
  it('mean and sample sd (n − 1) by hand; no sd for one value; null for none', () => {
    // 1, 2, 3, 6: mean 3, squares 4 + 1 + 0 + 9 = 14, sd = √(14/3).
    const s = summariseSeeds([1, 2, 3, 6]);
    expect(s?.mean).toBe(3);
    expect(s?.sd).toBeCloseTo(Math.sqrt(14 / 3), 14);
    expect(summariseSeeds([0.7])).toEqual({ n: 1, mean: 0.7, sd: null });
    expect(summariseSeeds([])).toBeNull();
  });

  it('Welch t, df and the decision agree with scipy.stats.ttest_ind(equal_var=False) at 5%', () => {
    if (!python) expect.fail('needs /usr/bin/python3 with scipy (Debian python3-scipy)');
    const cases: [number[], number[]][] = [
      [
        [7.5, 8.5],
        [95, 105],
      ],
      [
        [0.6, 0.4],
        [0.56, 0.46],
      ],
      [
        [0.8, 0.81, 0.79],
        [0.6, 0.62],
      ],
      [
        [1, 2, 3, 4, 5],
        [2.5, 3.5, 4.5, 5.5, 6.5, 7],
      ],
      [
        [10, 10.2, 9.9],
        [10.6, 10.8, 10.7, 10.9],
      ],
    ];
    const script =
      'import json,sys\nfrom scipy import stats\nout=[]\nfor a,b in json.loads(sys.argv[1]):\n r=stats.ttest_ind(a,b,equal_var=False)\n out.append([float(r.statistic),float(r.df),float(r.pvalue)])\nprint(json.dumps(out))';
    const run = spawnSync(python as string, ['-c', script, JSON.stringify(cases)], {
      encoding: 'utf8',
    });
    const reference = JSON.parse(run.stdout) as [number, number, number][];
    let called = 0;
    cases.forEach(([a, b], i) => {
      const [t, df, p] = reference[i];
      const ours = welchTest(a, b);
      expect(ours.t).toBeCloseTo(t, 10);
      expect(ours.df).toBeCloseTo(df, 10);
      const significant = p < 0.05;
      if (significant) called++;
      expect(ours.verdict).toBe(significant ? (t > 0 ? 'a-higher' : 'b-higher') : 'cannot-tell');
    });
    expect(called).toBeGreaterThanOrEqual(2); // both outcomes are exercised
    expect(called).toBeLessThan(cases.length);
  });

  it('has no test with fewer than 2 seeds on a side or no spread at all', () => {
    expect(welchTest([1], [2, 3])).toMatchObject({
      verdict: 'cannot-tell',
      reason: 'too-few-seeds',
      t: null,
    });
    expect(welchTest([1, 1], [2, 2])).toMatchObject({
      verdict: 'cannot-tell',
      reason: 'no-spread',
      t: null,
    });
  });
});
