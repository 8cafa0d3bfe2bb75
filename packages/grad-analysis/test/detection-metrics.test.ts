import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import {
  auroc,
  averagePrecision,
  hypergeometricUpperTail,
  precisionAtK,
} from '../src/detection-metrics.js';
import { createRandom } from '../src/random.js';

const CANDIDATES = [process.env.RANKER_PYTHON, 'python3', '/usr/bin/python3'].filter(
  (p): p is string => Boolean(p),
);
const python = CANDIDATES.find(
  (c) =>
    spawnSync(c, ['-c', 'import sklearn.metrics, scipy.stats'], { stdio: 'ignore' }).status === 0,
);

describe('detection metrics, hand computations', () => {
  // scores 0.9 (+), 0.8 (−), 0.7 (+), 0.1 (−): of the 4 (+, −) pairs, 3 are ordered right.
  const scores = [0.9, 0.8, 0.7, 0.1];
  const positive = [true, false, true, false];

  it('AUROC = fraction of correctly ordered (positive, negative) pairs, ties ½', () => {
    expect(auroc(scores, positive)).toBeCloseTo(3 / 4, 15);
    expect(auroc([1, 1, 0], [true, false, false])).toBeCloseTo((0.5 + 1) / 2, 15);
    expect(auroc([1, 2], [true, true])).toBeNull();
  });

  it('average precision: Σ ΔR·P = ½·1 + ½·2/3', () => {
    expect(averagePrecision(scores, positive)).toBeCloseTo(0.5 + (0.5 * 2) / 3, 15);
    expect(averagePrecision([1, 2], [false, false])).toBeNull();
  });

  it('precision@k, ties at the cut shared by expectation', () => {
    expect(precisionAtK(scores, positive, 1)).toBe(1);
    expect(precisionAtK(scores, positive, 2)).toBe(0.5);
    // top-2 of [3, 2, 2, 2] with positives at one of the tied: 1 + 1·(1/3) over 2
    expect(precisionAtK([3, 2, 2, 2], [true, true, false, false], 2)).toBeCloseTo((1 + 1 / 3) / 2);
    expect(() => precisionAtK(scores, positive, 5)).toThrow(/k must be an integer in 1..4/);
  });

  it('hypergeometric tail: 2 of 2 draws bad from 2 bad of 4 = 1/C(4,2)', () => {
    expect(hypergeometricUpperTail(4, 2, 2, 2)).toBeCloseTo(1 / 6, 15);
    expect(hypergeometricUpperTail(4, 2, 2, 0)).toBeCloseTo(1, 15);
    expect(() => hypergeometricUpperTail(4, 5, 2, 1)).toThrow(/must not exceed population/);
  });

  it('names the input on bad lengths and non-finite scores', () => {
    expect(() => auroc([1, 2], [true])).toThrow(/2 scores but 1 labels/);
    expect(() => averagePrecision([1, Number.NaN], [true, false])).toThrow(/scores\[1\] is NaN/);
  });
});

describe.skipIf(!python)('detection metrics against scikit-learn and scipy', () => {
  it('AUROC, AP and the hypergeometric tail equal sklearn/scipy on 40 random cases with ties', () => {
    const random = createRandom(7);
    const cases = Array.from({ length: 40 }, (_, c) => {
      const n = 5 + random.int(60);
      // Rounded scores give ties, as real detectors do.
      const scores = Array.from({ length: n }, () => Math.round(random.normal() * 4) / 4);
      const positive = scores.map((s) => random.next() < 0.2 + 0.1 * Math.tanh(s));
      positive[c % n] = true;
      positive[(c + 1) % n] = false;
      const draws = 1 + random.int(n);
      const hits = random.int(Math.min(draws, positive.filter(Boolean).length) + 1);
      return { scores, positive, draws, hits };
    });
    const script = `
import json, sys
from sklearn.metrics import roc_auc_score, average_precision_score
from scipy.stats import hypergeom
out = []
for c in json.load(sys.stdin):
    y = [int(p) for p in c['positive']]
    n, k = len(y), sum(y)
    out.append([roc_auc_score(y, c['scores']), average_precision_score(y, c['scores']),
                float(hypergeom.sf(c['hits'] - 1, n, k, c['draws']))])
print(json.dumps(out))`;
    const run = spawnSync(python!, ['-c', script], {
      input: JSON.stringify(cases),
      encoding: 'utf8',
    });
    expect(run.status, run.stderr).toBe(0);
    const reference = JSON.parse(run.stdout) as [number, number, number][];
    cases.forEach((c, i) => {
      const [rocRef, apRef, tailRef] = reference[i];
      expect(auroc(c.scores, c.positive)).toBeCloseTo(rocRef, 12);
      expect(averagePrecision(c.scores, c.positive)).toBeCloseTo(apRef, 12);
      const total = c.positive.filter(Boolean).length;
      expect(hypergeometricUpperTail(c.scores.length, total, c.draws, c.hits)).toBeCloseTo(
        tailRef,
        10,
      );
    });
  });
});
