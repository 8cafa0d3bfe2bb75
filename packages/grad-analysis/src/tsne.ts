import {
  barnesHutRepulsion,
  createRepulsionWorkspace,
  type RepulsionWorkspace,
} from './barnes-hut.js';
import { GradAnalysisError } from './errors.js';
import { principalComponents } from './pca.js';
import { createQuadtreeBuilder, type QuadtreeBuilder } from './quadtree.js';
import { type JointProbabilities, jointProbabilities } from './tsne-affinities.js';

export type TsneMethod = 'exact' | 'barnes-hut' | 'auto';

export interface TsneOptions {
  perplexity?: number; // default 30, capped at (N − 1)/3
  iterations?: number; // default 1000
  method?: TsneMethod; // default 'auto': exact for N ≤ 500, Barnes–Hut above
  theta?: number; // Barnes–Hut opening angle (default 0.5)
  /**
   * Initial 2-D positions (N·2, row-major). Default: the input's top two principal-component
   * scores, scaled so the first has standard deviation 1e-4 (scikit-learn's init='pca').
   */
  initial?: Float64Array;
}

export interface TsneResult {
  points: [number, number][];
  perplexity: number; // after the cap
  iterations: number;
  method: 'exact' | 'barnes-hut';
  klDivergence: number; // KL(P‖Q) of the final embedding, Q exact
}

const EXAGGERATION = 12;
const EXAGGERATION_ITERATIONS = 250;

/** Largest perplexity usable with N points: each point needs ⌊3·perplexity⌋ ≤ N − 1 neighbours. */
export function capPerplexity(perplexity: number, n: number): number {
  return Math.min(perplexity, (n - 1) / 3);
}

/**
 * t-SNE (van der Maaten & Hinton 2008) with the Barnes–Hut approximation (van der Maaten 2014)
 * for large N. Deterministic: no randomness (PCA-style initialisation, as scikit-learn's default
 * init='pca'). Optimiser as scikit-learn's `_gradient_descent`: early exaggeration 12 for 250
 * iterations, momentum 0.5 then 0.8, learning rate max(N/12/4, 50) ("auto", Belkina et al. 2019),
 * and delta-bar-delta gains that grow by 0.2 when the gradient's sign differs from the last update's
 * (the corrected rule of scikit-learn PR #8766; tsne-js has it inverted) and shrink ×0.8 otherwise.
 * Gradient (eq. 5): ∂C/∂y_i = 4 Σ_j (p_ij − q_ij)(1 + |y_i − y_j|²)⁻¹ (y_i − y_j).
 * Pure: rows in, plain object out, safe in a worker thread.
 */
export function tsne(points: ArrayLike<number>[], options: TsneOptions = {}): TsneResult {
  const n = points.length;
  if (n < 4)
    throw new GradAnalysisError('too-few-batches', `t-SNE needs at least 4 points, got ${n}`);
  const perplexity = capPerplexity(options.perplexity ?? 30, n);
  const iterations = options.iterations ?? 1000;
  const method =
    options.method === 'exact' || options.method === 'barnes-hut'
      ? options.method
      : n <= 500
        ? 'exact'
        : 'barnes-hut';
  const theta = options.theta ?? 0.5;
  const neighbours = method === 'exact' ? n - 1 : Math.floor(3 * perplexity);
  const p = jointProbabilities(points, perplexity, neighbours);
  const pairs = upperPairs(p, n);

  const y = options.initial ? Float64Array.from(options.initial) : initialPositions(points);
  if (y.length !== 2 * n) {
    throw new GradAnalysisError(
      'invalid-input',
      `initial must hold N·2 = ${2 * n} values, got ${y.length}`,
    );
  }
  const gradient = new Float64Array(2 * n);
  const update = new Float64Array(2 * n);
  const gains = new Float64Array(2 * n).fill(1);
  const learningRate = Math.max(n / EXAGGERATION / 4, 50);
  const workspace: Workspace = {
    repulsion: new Float64Array(2 * n),
    quadtree: method === 'barnes-hut' ? createQuadtreeBuilder(n) : null,
    barnesHut: method === 'barnes-hut' ? createRepulsionWorkspace(n) : null,
  };
  for (let iteration = 0; iteration < iterations; iteration++) {
    const early = iteration < EXAGGERATION_ITERATIONS;
    const exaggeration = early ? EXAGGERATION : 1;
    const momentum = early ? 0.5 : 0.8;
    if (method === 'exact') exactGradient(y, n, pairs, exaggeration, gradient, workspace);
    else barnesHutGradient(y, n, pairs, exaggeration, theta, gradient, workspace);
    for (let e = 0; e < 2 * n; e++) {
      gains[e] = update[e] * gradient[e] < 0 ? gains[e] + 0.2 : Math.max(gains[e] * 0.8, 0.01);
      update[e] = momentum * update[e] - learningRate * gains[e] * gradient[e];
      y[e] += update[e];
    }
    centre(y, n);
  }
  const out: [number, number][] = [];
  for (let i = 0; i < n; i++) out.push([y[2 * i], y[2 * i + 1]]);
  return { points: out, perplexity, iterations, method, klDivergence: klDivergence(y, n, p) };
}

/**
 * scikit-learn's init='pca' (sklearn 1.2 manifold/_t_sne.py): the input's top two principal-
 * component scores, scaled so the first column has standard deviation 1e-4 (population std, as
 * np.std). A missing second component (N ≤ 2 or d = 1) is 0; an all-constant input stays at 0.
 */
function initialPositions(points: ArrayLike<number>[]): Float64Array {
  const n = points.length;
  const y = new Float64Array(2 * n);
  const { scores } = principalComponents(points, 2, 0);
  for (let i = 0; i < n; i++) {
    y[2 * i] = scores[i][0] ?? 0;
    y[2 * i + 1] = scores[i][1] ?? 0;
  }
  centre(y, n);
  let variance = 0;
  for (let i = 0; i < n; i++) variance += y[2 * i] ** 2 / n;
  const scale = variance > 0 ? 1e-4 / Math.sqrt(variance) : 1;
  for (let e = 0; e < 2 * n; e++) y[e] *= scale;
  return y;
}

function centre(y: Float64Array, n: number): void {
  let mx = 0;
  let my = 0;
  for (let i = 0; i < n; i++) {
    mx += y[2 * i] / n;
    my += y[2 * i + 1] / n;
  }
  for (let i = 0; i < n; i++) {
    y[2 * i] -= mx;
    y[2 * i + 1] -= my;
  }
}

/**
 * Each unordered pair {i, j} with p_ij > 0 once (P is symmetric and stored both ways), grouped by
 * i < j in compressed rows: pairs rowStart[i] … rowStart[i + 1] − 1 have first index i.
 */
interface AffinityPairs {
  rowStart: Int32Array;
  second: Int32Array;
  value: Float64Array;
}

function upperPairs(p: JointProbabilities, n: number): AffinityPairs {
  const rowStart = new Int32Array(n + 1);
  const second: number[] = [];
  const value: number[] = [];
  for (let i = 0; i < n; i++) {
    for (let e = p.rowStart[i]; e < p.rowStart[i + 1]; e++) {
      if (p.columns[e] > i) {
        second.push(p.columns[e]);
        value.push(p.values[e]);
      }
    }
    rowStart[i + 1] = second.length;
  }
  return { rowStart, second: Int32Array.from(second), value: Float64Array.from(value) };
}

/**
 * gradient_i = 4·exaggeration Σ_j p_ij q̃_ij (y_i − y_j), q̃ = (1 + d²)⁻¹: the attractive part.
 * Row by row, so point i's force accumulates in registers rather than in memory.
 */
function attractiveForces(
  y: Float64Array,
  pairs: AffinityPairs,
  exaggeration: number,
  gradient: Float64Array,
): void {
  const { rowStart, second, value } = pairs;
  gradient.fill(0);
  const scale = 4 * exaggeration;
  const n = rowStart.length - 1;
  for (let row = 0; row < n; row++) {
    const i = 2 * row;
    const xi = y[i];
    const yi = y[i + 1];
    let gx = 0;
    let gy = 0;
    for (let e = rowStart[row]; e < rowStart[row + 1]; e++) {
      const j = 2 * second[e];
      const dx = xi - y[j];
      const dy = yi - y[j + 1];
      const w = (scale * value[e]) / (1 + dx * dx + dy * dy);
      gx += w * dx;
      gy += w * dy;
      gradient[j] -= w * dx;
      gradient[j + 1] -= w * dy;
    }
    gradient[i] += gx;
    gradient[i + 1] += gy;
  }
}

/** Buffers reused by every iteration (the loop allocates nothing). */
interface Workspace {
  repulsion: Float64Array;
  quadtree: QuadtreeBuilder | null;
  barnesHut: RepulsionWorkspace | null;
}

/** Exact O(N²) gradient: repulsion Σ_j q̃_ij² (y_i − y_j) / Z with Z = Σ_{k≠l} q̃_kl. */
function exactGradient(
  y: Float64Array,
  n: number,
  pairs: AffinityPairs,
  exaggeration: number,
  gradient: Float64Array,
  workspace: Workspace,
): void {
  attractiveForces(y, pairs, exaggeration, gradient);
  const repulsion = workspace.repulsion.fill(0);
  let z = 0;
  for (let i = 0; i < n; i++) {
    const xi = y[2 * i];
    const yi = y[2 * i + 1];
    for (let j = i + 1; j < n; j++) {
      const dx = xi - y[2 * j];
      const dy = yi - y[2 * j + 1];
      const q = 1 / (1 + dx * dx + dy * dy);
      z += 2 * q;
      const q2 = q * q;
      repulsion[2 * i] += q2 * dx;
      repulsion[2 * i + 1] += q2 * dy;
      repulsion[2 * j] -= q2 * dx;
      repulsion[2 * j + 1] -= q2 * dy;
    }
  }
  for (let e = 0; e < 2 * n; e++) gradient[e] -= (4 * repulsion[e]) / z;
}

/** Barnes–Hut gradient: exact attraction plus the tree-approximated repulsion (barnes-hut.ts). */
function barnesHutGradient(
  y: Float64Array,
  n: number,
  pairs: AffinityPairs,
  exaggeration: number,
  theta: number,
  gradient: Float64Array,
  workspace: Workspace,
): void {
  attractiveForces(y, pairs, exaggeration, gradient);
  const repulsion = workspace.repulsion;
  const tree = workspace.quadtree!.build(y);
  const z = barnesHutRepulsion(y, n, theta, tree, repulsion, workspace.barnesHut!);
  for (let e = 0; e < 2 * n; e++) gradient[e] -= (4 * repulsion[e]) / z;
}

/** KL(P‖Q) = Σ p_ij ln(p_ij/q_ij) over the stored p_ij > 0, with Q computed exactly (O(N²)). */
function klDivergence(y: Float64Array, n: number, p: JointProbabilities): number {
  let z = 0;
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      const dx = y[2 * i] - y[2 * j];
      const dy = y[2 * i + 1] - y[2 * j + 1];
      z += 2 / (1 + dx * dx + dy * dy);
    }
  }
  let kl = 0;
  for (let i = 0; i < n; i++) {
    for (let e = p.rowStart[i]; e < p.rowStart[i + 1]; e++) {
      const pij = p.values[e];
      if (pij <= 0) continue;
      const j = p.columns[e];
      const dx = y[2 * i] - y[2 * j];
      const dy = y[2 * i + 1] - y[2 * j + 1];
      kl += pij * Math.log(pij / (1 / (1 + dx * dx + dy * dy) / z));
    }
  }
  return kl;
}
