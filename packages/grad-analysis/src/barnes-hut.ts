import type { FlatQuadtree } from './quadtree.js';

/**
 * t-SNE's repulsive forces by Barnes–Hut (van der Maaten 2014, §4.2): writes
 * out_i = Σ_{j≠i} q̃_ij² (y_i − y_j) with q̃_ij = (1 + |y_i − y_j|²)⁻¹ and returns Z = Σ_{i≠j} q̃_ij,
 * so the repulsive gradient is −4·out_i/Z. A cell of width w and m points stands for all of them at
 * its centre of mass (m·q̃², m·q̃) when it is far enough: w/d < θ.
 *
 * The tree is walked once per leaf, not once per point (a group walk, Barnes 1990): with r the
 * radius of the leaf's points around their centre and d the distance between the centres, a cell
 * is summarised for every point of the leaf when w < θ·(d − r). Each point is at least d − r from
 * the cell's centre, so this implies the per-point criterion w/d_i < θ (never coarser than plain
 * Barnes–Hut). Cells too near are opened; leaves too near are summed point by point, skipping i
 * itself, so θ = 0 gives the exact sums. The points of the leaf then run through the two lists
 * (gathered contiguously) in tight, branch-free loops; a point's own term in the exact list
 * (q̃ = 1, zero force) is taken out of Z afterwards.
 */
export interface RepulsionWorkspace {
  cells: Float64Array; // summarised cells for the current leaf: x, y, count
  points: Float64Array; // points summed exactly for the current leaf: x, y
}

export function createRepulsionWorkspace(n: number): RepulsionWorkspace {
  return { cells: new Float64Array(0), points: new Float64Array(2 * n) };
}

export function barnesHutRepulsion(
  y: Float64Array,
  n: number,
  theta: number,
  tree: FlatQuadtree,
  out: Float64Array,
  workspace: RepulsionWorkspace = createRepulsionWorkspace(n),
): number {
  const { cells, summary, head, skip, next } = tree;
  if (workspace.cells.length < 3 * cells) workspace.cells = new Float64Array(3 * cells);
  const cellList = workspace.cells;
  const pointList = workspace.points;
  const theta2 = theta * theta;
  let z = 0;
  for (let leaf = 0; leaf < cells; leaf++) {
    if (head[leaf] < 0) continue;
    const cx = summary[4 * leaf];
    const cy = summary[4 * leaf + 1];
    let r2 = 0;
    for (let j = head[leaf]; j >= 0; j = next[j]) {
      const dx = y[2 * j] - cx;
      const dy = y[2 * j + 1] - cy;
      r2 = Math.max(r2, dx * dx + dy * dy);
    }
    const r = Math.sqrt(r2);
    let cellEnd = 0;
    let pointEnd = 0;
    let p = 0;
    while (p < cells) {
      const at = 4 * p;
      const dx = cx - summary[at];
      const dy = cy - summary[at + 1];
      const gap = Math.sqrt(dx * dx + dy * dy) - r; // least distance from a leaf point to the centre
      if (gap > 0 && summary[at + 2] < theta2 * gap * gap) {
        cellList[cellEnd++] = summary[at];
        cellList[cellEnd++] = summary[at + 1];
        cellList[cellEnd++] = summary[at + 3];
        p = skip[p];
      } else if (head[p] >= 0) {
        for (let j = head[p]; j >= 0; j = next[j]) {
          pointList[pointEnd++] = y[2 * j];
          pointList[pointEnd++] = y[2 * j + 1];
        }
        p = skip[p];
      } else {
        p++; // open the cell: its first child is the next entry
      }
    }
    for (let i = head[leaf]; i >= 0; i = next[i]) {
      const xi = y[2 * i];
      const yi = y[2 * i + 1];
      let fx = 0;
      let fy = 0;
      let zi = -1; // the leaf is always opened, so i's own term (q̃ = 1, no force) is in the sum
      for (let c = 0; c < cellEnd; c += 3) {
        const dx = xi - cellList[c];
        const dy = yi - cellList[c + 1];
        const q = 1 / (1 + dx * dx + dy * dy);
        const m = cellList[c + 2] * q;
        zi += m;
        fx += m * q * dx;
        fy += m * q * dy;
      }
      for (let e = 0; e < pointEnd; e += 2) {
        const dx = xi - pointList[e];
        const dy = yi - pointList[e + 1];
        const q = 1 / (1 + dx * dx + dy * dy);
        zi += q;
        fx += q * q * dx;
        fy += q * q * dy;
      }
      z += zi;
      out[2 * i] = fx;
      out[2 * i + 1] = fy;
    }
  }
  return z;
}
