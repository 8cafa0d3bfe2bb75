import { describe, expect, it } from 'vitest';
import { barnesHutRepulsion } from '../src/barnes-hut.js';
import { createQuadtreeBuilder } from '../src/quadtree.js';
import { createRandom } from '../src/random.js';

/** Brute force: out_i = Σ_{j≠i} q̃² (y_i − y_j), Z = Σ_{i≠j} q̃, q̃ = 1/(1 + d²). */
function exactRepulsion(y: Float64Array, n: number) {
  const out = new Float64Array(2 * n);
  let z = 0;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      if (i === j) continue;
      const dx = y[2 * i] - y[2 * j];
      const dy = y[2 * i + 1] - y[2 * j + 1];
      const q = 1 / (1 + dx * dx + dy * dy);
      z += q;
      out[2 * i] += q * q * dx;
      out[2 * i + 1] += q * q * dy;
    }
  }
  return { out, z };
}

/** Clusters of points (spread 0.3) around 8 centres in [−20, 20]², a t-SNE-like layout. */
function layout(n: number, seed: number): Float64Array {
  const random = createRandom(seed);
  const centres = Array.from({ length: 8 }, () => [
    40 * random.next() - 20,
    40 * random.next() - 20,
  ]);
  const y = new Float64Array(2 * n);
  for (let i = 0; i < n; i++) {
    y[2 * i] = centres[i % 8][0] + 0.3 * random.normal();
    y[2 * i + 1] = centres[i % 8][1] + 0.3 * random.normal();
  }
  return y;
}

function repulsion(y: Float64Array, n: number, theta: number) {
  const out = new Float64Array(2 * n);
  const z = barnesHutRepulsion(y, n, theta, createQuadtreeBuilder(n).build(y), out);
  return { out, z };
}

describe('barnesHutRepulsion', () => {
  it('equals the exact sums at θ = 0, coincident points included', () => {
    const n = 300;
    const y = layout(n, 1);
    for (let i = 0; i < 20; i++) {
      y[2 * (n - 1 - i)] = y[2 * i]; // 20 pairs of coincident points: zero force, q̃ = 1 in Z
      y[2 * (n - 1 - i) + 1] = y[2 * i + 1];
    }
    // 40 copies of one point: more than a leaf holds, so the tree stops splitting at its depth limit.
    for (let i = 100; i < 140; i++) y.copyWithin(2 * i, 200, 202);
    const truth = exactRepulsion(y, n);
    const bh = repulsion(y, n, 0);
    expect(Math.abs(bh.z - truth.z) / truth.z).toBeLessThan(1e-12); // summation order only
    for (let e = 0; e < 2 * n; e++) expect(bh.out[e]).toBeCloseTo(truth.out[e], 12);
  });

  it('approximates them at θ = 0.5: Z within 0.2 %, forces within 3 % of the largest', () => {
    const n = 2000; // enough points for many-point cells to be summarised
    const y = layout(n, 2);
    const truth = exactRepulsion(y, n);
    const bh = repulsion(y, n, 0.5);
    expect(Math.abs(bh.z - truth.z) / truth.z).toBeLessThan(0.002); // measured 0.06 %
    let largest = 0;
    let worst = 0;
    for (let e = 0; e < 2 * n; e++) {
      largest = Math.max(largest, Math.abs(truth.out[e]));
      worst = Math.max(worst, Math.abs(bh.out[e] - truth.out[e]));
    }
    expect(worst / largest).toBeLessThan(0.03); // measured 1.3 %
    expect(worst).toBeGreaterThan(0); // it is an approximation: cells were summarised
  });

  it('reuses its buffers: a second build of other points gives their own exact sums', () => {
    const n = 500;
    const builder = createQuadtreeBuilder(n);
    const first = layout(n, 3);
    builder.build(first);
    const second = layout(n, 4);
    const out = new Float64Array(2 * n);
    const z = barnesHutRepulsion(second, n, 0, builder.build(second), out);
    const truth = exactRepulsion(second, n).z;
    expect(Math.abs(z - truth) / truth).toBeLessThan(1e-12);
  });
});
