import type { FlatQuadtree } from './quadtree.js';

/**
 * t-SNE's repulsive forces by Barnes–Hut (van der Maaten 2014, §4.2): writes
 * out_i = Σ_{j≠i} q̃_ij² (y_i − y_j) with q̃_ij = (1 + |y_i − y_j|²)⁻¹ and returns Z = Σ_{i≠j} q̃_ij,
 * so the repulsive gradient is −4·out_i/Z. A cell of width w whose centre of mass is at distance d
 * from y_i stands for all its m points (m·q̃², m·q̃) when w/d < θ. A one-point leaf has w = 0 and is
 * always taken as is (exact); an opened leaf (near, or holding y_i itself) is summed point by point,
 * skipping i, so θ = 0 gives the exact sums. Points are visited in tree order: consecutive points
 * then take nearly the same path through the tree (branch prediction, cache).
 */
export function barnesHutRepulsion(
  y: Float64Array,
  n: number,
  theta: number,
  tree: FlatQuadtree,
  out: Float64Array,
): number {
  const { cells, summary, head, skip, next, order } = tree;
  const theta2 = theta * theta;
  let z = 0;
  for (let k = 0; k < n; k++) {
    const i = order[k];
    const xi = y[2 * i];
    const yi = y[2 * i + 1];
    let fx = 0;
    let fy = 0;
    let p = 0;
    while (p < cells) {
      const at = 4 * p;
      const dx = xi - summary[at];
      const dy = yi - summary[at + 1];
      const d2 = dx * dx + dy * dy;
      if (summary[at + 2] < theta2 * d2) {
        const q = 1 / (1 + d2);
        const m = summary[at + 3] * q;
        z += m;
        fx += m * q * dx;
        fy += m * q * dy;
        p = skip[p];
      } else if (head[p] >= 0) {
        for (let j = head[p]; j >= 0; j = next[j]) {
          if (j === i) continue;
          const ex = xi - y[2 * j];
          const ey = yi - y[2 * j + 1];
          const q = 1 / (1 + ex * ex + ey * ey);
          z += q;
          fx += q * q * ex;
          fy += q * q * ey;
        }
        p = skip[p];
      } else {
        p++; // open the cell: its first child is the next entry
      }
    }
    out[2 * i] = fx;
    out[2 * i + 1] = fy;
  }
  return z;
}
