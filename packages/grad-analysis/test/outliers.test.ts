import { describe, expect, it } from 'vitest';
import { createGradientCollector } from '../src/collector.js';
import { detectOutliers, robustZScores } from '../src/outliers.js';
import { createRandom } from '../src/random.js';

describe('robustZScores', () => {
  it('uses median and 1.4826·MAD (hand case)', () => {
    // median 3, |x − 3| = 2,1,0,1,7 → MAD 1, scale 1.4826
    const z = robustZScores([1, 2, 3, 4, 10]);
    expect(z[2]).toBe(0);
    expect(z[4]).toBeCloseTo(7 / 1.4826, 12);
    expect(z[0]).toBeCloseTo(-2 / 1.4826, 12);
  });

  it('falls back to the mean absolute deviation when MAD is 0, and gives 0s for constant data', () => {
    const z = robustZScores([5, 5, 5, 5, 9]); // MAD 0; mean |dev| = 0.8 → scale 1.00264
    expect(z[4]).toBeCloseTo(4 / (1.2533 * 0.8), 12);
    expect(robustZScores([2, 2, 2])).toEqual([0, 0, 0]);
  });
});

/**
 * 24 batches of 4 distinct examples drawn at random from 24 sample ids (each seen ~4 times);
 * per-example gradients share a mean direction plus noise. Samples listed in `bad` are
 * "mislabelled": their per-example gradient is reversed and larger.
 */
function probe(bad: Set<string>, seed: number) {
  const d = 300;
  const random = createRandom(seed);
  const mean = Float64Array.from({ length: d }, () => random.normal());
  const collector = createGradientCollector({ parameterCount: d, seed });
  const batches: string[][] = [];
  for (let b = 0; b < 24; b++) {
    const batchIds: string[] = [];
    while (batchIds.length < 4) {
      const id = `s${random.int(24)}`;
      if (!batchIds.includes(id)) batchIds.push(id);
    }
    batches.push(batchIds);
    const g = new Float32Array(d);
    for (const id of batchIds) {
      const sign = bad.has(id) ? -6 : 1;
      for (let j = 0; j < d; j++) g[j] += (sign * mean[j] + 2 * random.normal()) / 4;
    }
    collector.add(g, 4, { sampleIds: batchIds });
  }
  return { result: collector.result({ resamples: 0, embedding: false }), batches };
}

describe('detectOutliers', () => {
  it('finds the batches containing a planted mislabelled sample and ranks that sample first', () => {
    const { result, batches } = probe(new Set(['s7']), 1);
    const flagged = result.outliers.batches.map((b) => b.index);
    const planted = batches.flatMap((ids, b) => (ids.includes('s7') ? [b] : []));
    expect(planted.length).toBeGreaterThan(1);
    expect(flagged).toEqual(planted);
    for (const b of result.outliers.batches) {
      expect(b.similarityZ).toBeLessThan(-result.outliers.threshold);
      expect(b.reasons.join(' ')).toMatch(/mean cosine/);
    }
    const top = result.outliers.samples[0];
    expect(top.sampleId).toBe('s7');
    expect(top.score).toBe(1);
    expect(top.batches).toEqual(planted);
    expect(result.outliers.samples.slice(1).every((s) => s.score < 1)).toBe(true);
  });

  it('flags nothing on clean data', () => {
    for (let seed = 2; seed < 12; seed++) {
      const { result } = probe(new Set(), seed);
      expect(result.outliers.batches, JSON.stringify(result.outliers.batches)).toEqual([]);
      expect(result.outliers.samples).toEqual([]);
    }
  });

  it('flags a batch by its gradient norm alone', () => {
    const report = detectOutliers({
      perBatchMeanSimilarity: [0.5, 0.52, 0.48, 0.5, 0.51, 0.49],
      normsSquared: [1, 1.1, 0.9, 1, 100, 1.05],
    });
    expect(report.batches.map((b) => b.index)).toEqual([4]);
    expect(report.batches[0].reasons[0]).toMatch(/gradient norm is .* robust SDs above the median/);
    expect(report.samples).toEqual([]); // no sample ids given
  });

  it('scores similarity over the defined batches only: a null mean similarity is neither 0 nor flagged', () => {
    // Defined values 0.5, 0.52, 0.48, 0.5, 0.51, −0.9: median 0.5, |deviations| 0, .02, .02, 0, .01, 1.4
    // → MAD 0.015, z(−0.9) = −1.4/(1.4826·0.015).
    const report = detectOutliers({
      perBatchMeanSimilarity: [0.5, 0.52, null, 0.48, 0.5, 0.51, -0.9],
      normsSquared: [1, 1.1, 0, 0.9, 1, 1.05, 1],
    });
    expect(report.similarityUndefinedReason).toBeNull();
    expect(report.batches.map((b) => b.index)).toEqual([6]);
    expect(report.batches[0].similarityZ).toBeCloseTo(-1.4 / (1.4826 * 0.015), 9);
  });

  it('gives no similarity z-scores, with the reason, when fewer than 3 are defined', () => {
    const report = detectOutliers({
      perBatchMeanSimilarity: [0.5, null, -0.9, null],
      normsSquared: [1, 0, 1.21, 400],
    });
    expect(report.similarityUndefinedReason).toBe(
      'only 2 of 4 batches have a defined mean cosine (the others have a zero gradient or no non-zero partner): robust z-scores need at least 3',
    );
    expect(report.batches.map((b) => [b.index, b.similarityZ])).toEqual([[3, null]]); // by norm
  });

  it("takes the norms' median and spread from the non-zero gradients: zero batches do not make every other batch an outlier", () => {
    // As at epoch 25 of the default seed run: 57 of 114 batch gradients exactly 0, the others
    // spread over |g| 10…40 (1 to 4 of the 4 pairs within the margin), and one planted at 100.
    const nonZero = [...Array.from({ length: 56 }, (_, k) => 10 + (30 * k) / 55), 100];
    const norms = [...nonZero, ...nonZero.map(() => 0)];
    const report = detectOutliers({
      perBatchMeanSimilarity: norms.map(() => null),
      normsSquared: norms.map((v) => v * v),
    });
    expect(report.batches.map((b) => b.index)).toEqual([56]);
    // Against all 114 norms (median 5) the upper part of the ordinary ones had z > 3.5 too:
    expect(robustZScores(norms).filter((z) => z > 3.5).length).toBeGreaterThan(10);
  });

  it('refuses fewer than 3 batches', () => {
    expect(() => detectOutliers({ perBatchMeanSimilarity: [1, 1], normsSquared: [1, 1] })).toThrow(
      'outlier detection needs at least 3 batches, got 2',
    );
  });
});
