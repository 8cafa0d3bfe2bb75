import TSNE from 'tsne-js';
import { describe, expect, it, vi } from 'vitest';
import { createRandom } from '../src/random.js';
import { trustworthiness } from '../src/trustworthiness.js';
import { capPerplexity, tsne } from '../src/tsne.js';
import { squaredDistance } from '../src/tsne-affinities.js';
import { clusteredPoints } from './synthetic.js';

const clusterOf = (i: number, clusters: number) => i % clusters;

describe('tsne', () => {
  it('keeps well-separated clusters separated (exact t-SNE, trustworthiness ≥ 0.95)', () => {
    const points = clusteredPoints(120, 20, 4, 12, 1);
    const result = tsne(points, { perplexity: 15 });
    expect(result.method).toBe('exact');
    expect(trustworthiness(points, result.points, 10)).toBeGreaterThanOrEqual(0.95);
    // Every point's nearest embedded neighbour belongs to its own cluster.
    result.points.forEach((p, i) => {
      let best = -1;
      let bestDistance = Number.POSITIVE_INFINITY;
      result.points.forEach((q, j) => {
        const d = squaredDistance(p, q);
        if (j !== i && d < bestDistance) {
          best = j;
          bestDistance = d;
        }
      });
      expect(clusterOf(best, 4)).toBe(clusterOf(i, 4));
    });
    expect(result.klDivergence).toBeGreaterThan(0);
  });

  // ~1–3 s on a shared 2-core machine: two full 1000-iteration runs on 300 points.
  it('Barnes–Hut matches exact t-SNE in trustworthiness (within 0.01) on 300 clustered points', () => {
    const points = clusteredPoints(300, 50, 10, 6, 2); // 10 clusters, 6σ apart in 50-D
    const exact = tsne(points, { method: 'exact' });
    const barnesHut = tsne(points, { method: 'barnes-hut' });
    const tExact = trustworthiness(points, exact.points, 10);
    const tBarnesHut = trustworthiness(points, barnesHut.points, 10);
    expect(tExact).toBeGreaterThan(0.95);
    expect(Math.abs(tBarnesHut - tExact)).toBeLessThanOrEqual(0.01);
  });

  it('is deterministic and caps the perplexity for small N', () => {
    const points = clusteredPoints(12, 8, 3, 6, 3);
    const a = tsne(points, { iterations: 300 });
    const b = tsne(points, { iterations: 300 });
    expect(a.points).toEqual(b.points);
    expect(a.perplexity).toBeCloseTo(11 / 3, 12);
    expect(capPerplexity(30, 1000)).toBe(30);
  });

  it('is at least as trustworthy as tsne-js (the package with the inverted gains rule) on overlapping clusters', () => {
    const points = clusteredPoints(60, 10, 3, 3, 4);
    // tsne-js initialises from Math.random: seed it so the cross-check is reproducible.
    const random = createRandom(5);
    const spy = vi.spyOn(Math, 'random').mockImplementation(() => random.next());
    const reference = new TSNE({
      dim: 2,
      perplexity: 10,
      earlyExaggeration: 4,
      learningRate: 100,
      nIter: 500,
      metric: 'euclidean',
    });
    reference.init({ data: points.map((p) => Array.from(p)), type: 'dense' });
    reference.run();
    spy.mockRestore();
    const theirs = trustworthiness(points, reference.getOutput(), 5);
    const ours = trustworthiness(points, tsne(points, { perplexity: 10 }).points, 5);
    expect(ours).toBeGreaterThanOrEqual(theirs - 0.01);
  });

  it('refuses fewer than 4 points', () => {
    expect(() => tsne([[0], [1], [2]])).toThrow('t-SNE needs at least 4 points, got 3');
  });
});
