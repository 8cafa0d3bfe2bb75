import { createCountSketch } from './count-sketch.js';
import { GradAnalysisError } from './errors.js';
import { createGradientSweep } from './gradient-sweep.js';
import type { NoiseScaleOptions } from './noise-scale.js';
import { analyseProbe, noiseScaleOfProbe, type ProbeAnalysisOptions } from './probe-analysis.js';
import type {
  ComputationPath,
  NoiseScaleEstimate,
  ParameterGroup,
  ProbeAnalysis,
} from './types.js';

export interface GradientCollectorOptions {
  parameterCount: number; // D, length of every batch gradient
  /** Contiguous slices of the gradient (e.g. layers); lengths must sum to parameterCount. */
  groups?: ParameterGroup[];
  /** k, dimension of the CountSketch of each gradient (default 2048). */
  sketchDimension?: number;
  seed?: number; // default 0
  /** Keep exact copies of the gradients while N·D·4 bytes ≤ this budget (default 256 MiB). */
  exactBudgetBytes?: number;
  /**
   * 2: add() sweeps the upper half of each gradient on a helper thread (one per process, shared
   * by every collector) when the gradient is on a SharedArrayBuffer, as @ranker/model's are; the
   * sweeps are bound by one core's memory traffic. Results equal one thread's to float64
   * rounding (the sketch's buckets and the sums add two partial sums). Default 1.
   */
  threads?: 1 | 2;
}

export interface AddOptions {
  /** Ids of the examples (or samples) in this batch, used to attribute outlier batches. */
  sampleIds?: string[];
}

/** What the collector has accumulated: exact where cheap, sketched where O(N·D) would be needed. */
export interface CollectedGradients {
  parameterCount: number;
  batchSizes: number[];
  groups: ParameterGroup[];
  /** |g_i|², exact, per batch. */
  normsSquared: Float64Array;
  /** groupNormsSquared[g][i] = |g_i restricted to group g|², exact. */
  groupNormsSquared: Float64Array[];
  /** |Σ_i b_i g_i|² from the exact float64 running sum, whole gradient and per group. */
  weightedSumNormSquared: number;
  groupWeightedSumNormSquared: number[];
  /**
   * r_i = ⟨S_{<i}, g_i⟩ = Σ_{j<i} b_j⟨g_j, g_i⟩, exact: the running sum before batch i against g_i
   * (read in add()'s sweep). Σ_i b_i r_i is the exact weighted off-diagonal total.
   */
  lowerRowSums: Float64Array;
  /**
   * Inner products ⟨g_i, g_j⟩ (N×N row-major): exact, or on the sketch path sketched off the
   * diagonal and then corrected so that every exact lower row sum r_i holds (see calibrateGram).
   */
  gram: Float64Array;
  /** Per-group Gram matrices: exact path only (null on the sketch path). */
  groupGram: Float64Array[] | null;
  path: ComputationPath;
  sketchDimension: number;
  /** Sketch of each gradient, S g_i (k values each). */
  sketches: Float64Array[];
  sampleIds: (string[] | undefined)[];
}

export interface GradientCollector {
  /** Add one batch gradient (taken at the probe's weights) of `batchSize` examples. */
  add(gradient: Float32Array, batchSize: number, options?: AddOptions): void;
  readonly batches: number;
  readonly path: ComputationPath;
  collected(): CollectedGradients;
  /**
   * B_simple and its interval only (no cosines, t-SNE or outliers): cheap enough to call after
   * every added batch, e.g. to stop a probe once relativeHalfWidth(estimate) ≤ 0.5. Needs ≥ 2 batches.
   */
  noiseScale(options?: NoiseScaleOptions): NoiseScaleEstimate;
  result(options?: ProbeAnalysisOptions): ProbeAnalysis;
}

const DEFAULT_BUDGET = 256 * 1024 * 1024;

/**
 * A streaming collector of batch gradients taken at fixed weights (a probe). Memory is
 * O(D + N·k): a float64 running sum of b_i·g_i, the CountSketch's signs (D bits) and one k-sketch
 * per batch, kept by the WebAssembly sweep (gradient-sweep.ts) that add() runs.
 * Exact copies of the gradients are kept only while N·D·4 bytes fit `exactBudgetBytes`; past that
 * they are dropped and inner products come from the sketches (`path` says which).
 */
export function createGradientCollector(options: GradientCollectorOptions): GradientCollector {
  const { parameterCount } = options;
  const sketchDimension = options.sketchDimension ?? 2048;
  const seed = options.seed ?? 0;
  const budget = options.exactBudgetBytes ?? DEFAULT_BUDGET;
  requireInteger('parameterCount', parameterCount, 1);
  requireInteger('sketchDimension', sketchDimension, 1);
  if (sketchDimension > 0x7fffffff) {
    throw new GradAnalysisError(
      'invalid-option',
      `sketchDimension must be < 2^31, got ${sketchDimension}`,
    );
  }
  // Without user groups the whole gradient is one internal group, not reported per group.
  const reportGroups = options.groups !== undefined;
  const groups = validateGroups(
    options.groups ?? [{ name: 'all', length: parameterCount }],
    parameterCount,
  );
  const offsets = groupOffsets(groups);

  const threads = options.threads ?? 1;
  if (threads !== 1 && threads !== 2) {
    throw new GradAnalysisError('invalid-option', `threads must be 1 or 2, got ${threads}`);
  }
  const sweep = createGradientSweep(
    createCountSketch(parameterCount, sketchDimension, seed),
    threads,
  );
  const groupLengths = groups.map((group) => group.length);
  const batchSizes: number[] = [];
  const normsSquared: number[] = [];
  const lowerRowSums: number[] = [];
  const groupNorms: number[][] = groups.map(() => []);
  const sketches: Float64Array[] = [];
  // sketchedLower[i][j] = ⟨S g_i, S g_j⟩ for j < i, computed once in add() (k·i operations) so
  // that collected(), asked after every few batches by a probe that stops by precision, is O(N²).
  const sketchedLower: Float64Array[] = [];
  const sampleIds: (string[] | undefined)[] = [];
  let exact: Float32Array[] | null = [];

  const add = (gradient: Float32Array, batchSize: number, addOptions: AddOptions = {}): void => {
    const index = batchSizes.length;
    if (!(gradient instanceof Float32Array)) {
      throw new GradAnalysisError(
        'invalid-input',
        `batch ${index}: gradient must be a Float32Array, got ${describeType(gradient)}`,
      );
    }
    if (gradient.length !== parameterCount) {
      const got = `length ${gradient.length}`;
      throw new GradAnalysisError(
        'wrong-length',
        `batch ${index}: gradient must be a Float32Array of length parameterCount = ${parameterCount}, got ${got}`,
      );
    }
    if (!Number.isInteger(batchSize) || batchSize < 1) {
      throw new GradAnalysisError(
        'invalid-batch-size',
        `batch ${index}: batchSize must be a positive integer (examples in the batch), got ${batchSize}`,
      );
    }
    const ids = addOptions.sampleIds;
    if (ids !== undefined && (!Array.isArray(ids) || ids.some((id) => typeof id !== 'string'))) {
      throw new GradAnalysisError(
        'invalid-input',
        `batch ${index}: sampleIds must be an array of strings`,
      );
    }
    // Pass 1, read-only: exact squared norms per group. A NaN or ±Infinity makes a norm non-finite
    // (finite float32 values cannot overflow a float64 sum of squares), so the state is untouched
    // when a gradient is rejected.
    const norms = sweep.squaredNorms(gradient, offsets, groupLengths);
    if (!norms.every(Number.isFinite)) {
      const j = gradient.findIndex((v) => !Number.isFinite(v));
      throw new GradAnalysisError(
        'non-finite',
        `batch ${index}: gradient[${j}] is ${gradient[j]}; every value must be finite`,
      );
    }
    // Pass 2: the float64 running sum of b_i·g_i, ⟨S_{<i}, g_i⟩ and the CountSketch, in one sweep.
    const sketch = new Float64Array(sketchDimension);
    lowerRowSums.push(sweep.accumulate(gradient, batchSize, sketch));
    norms.forEach((norm, g) => {
      groupNorms[g].push(norm);
    });
    const total = norms.reduce((a, b) => a + b, 0);
    batchSizes.push(batchSize);
    normsSquared.push(total);
    sketchedLower.push(Float64Array.from(sketches, (other) => dot(other, sketch)));
    sketches.push(sketch);
    sampleIds.push(ids ? [...ids] : undefined);
    if (exact !== null) {
      if ((exact.length + 1) * parameterCount * 4 <= budget) exact.push(gradient.slice());
      else exact = null;
    }
  };

  const collected = (): CollectedGradients => {
    const n = batchSizes.length;
    const groupWeightedSumNormSquared = groups.map((group, g) =>
      sweep.sumSquaredOfSum(offsets[g], offsets[g] + group.length),
    );
    let gram: Float64Array;
    let groupGram: Float64Array[] | null = null;
    if (exact !== null) {
      groupGram = groups.map((group, g) =>
        gramMatrix(exact as Float32Array[], offsets[g], offsets[g] + group.length),
      );
      gram = new Float64Array(n * n);
      for (const m of groupGram) for (let e = 0; e < m.length; e++) gram[e] += m[e];
    } else {
      gram = new Float64Array(n * n);
      sketchedLower.forEach((row, i) => {
        row.forEach((value, j) => {
          gram[i * n + j] = value;
          gram[j * n + i] = value;
        });
      });
      calibrateGram(gram, batchSizes, lowerRowSums);
    }
    for (let i = 0; i < n; i++) gram[i * n + i] = normsSquared[i]; // exact diagonal on both paths
    return {
      parameterCount,
      batchSizes: [...batchSizes],
      groups: reportGroups ? groups.map((g) => ({ ...g })) : [],
      normsSquared: Float64Array.from(normsSquared),
      lowerRowSums: Float64Array.from(lowerRowSums),
      groupNormsSquared: reportGroups ? groupNorms.map((v) => Float64Array.from(v)) : [],
      weightedSumNormSquared: groupWeightedSumNormSquared.reduce((a, b) => a + b, 0),
      groupWeightedSumNormSquared: reportGroups ? groupWeightedSumNormSquared : [],
      gram,
      groupGram: reportGroups ? groupGram : groupGram && [],
      path: exact !== null ? 'exact' : 'sketch',
      sketchDimension,
      sketches,
      sampleIds,
    };
  };

  return {
    add,
    get batches() {
      return batchSizes.length;
    },
    get path() {
      return exact !== null ? 'exact' : 'sketch';
    },
    collected,
    noiseScale: (noiseOptions = {}) => noiseScaleOfProbe(collected(), { seed, ...noiseOptions }),
    result: (analysisOptions = {}) => analyseProbe(collected(), { seed, ...analysisOptions }),
  };
}

function requireInteger(field: string, value: number, min: number): void {
  if (!Number.isInteger(value) || value < min) {
    throw new GradAnalysisError(
      'invalid-option',
      `${field} must be an integer ≥ ${min}, got ${value}`,
    );
  }
}

function validateGroups(groups: ParameterGroup[], parameterCount: number): ParameterGroup[] {
  let total = 0;
  groups.forEach((group, g) => {
    if (typeof group?.name !== 'string' || !Number.isInteger(group.length) || group.length < 1) {
      throw new GradAnalysisError(
        'invalid-groups',
        `groups[${g}] must be { name: string, length: positive integer }, got ${JSON.stringify(group)}`,
      );
    }
    total += group.length;
  });
  if (total !== parameterCount) {
    throw new GradAnalysisError(
      'invalid-groups',
      `group lengths sum to ${total}, expected parameterCount = ${parameterCount}`,
    );
  }
  return groups;
}

function groupOffsets(groups: ParameterGroup[]): number[] {
  const offsets: number[] = [];
  let at = 0;
  for (const group of groups) {
    offsets.push(at);
    at += group.length;
  }
  return offsets;
}

/**
 * Calibrates a sketched Gram matrix with the exact lower row sums r_i = Σ_{j<i} b_j⟨g_j, g_i⟩:
 * row i's sketched entries j < i get the least-squares (minimum-norm) correction
 * Δ_ij = b_j (r_i − Σ_{j<i} b_j Ĝ_ij) / Σ_{j<i} b_j², mirrored to keep the matrix symmetric.
 * Every lower row sum then holds exactly, so the weighted off-diagonal total Σ_i b_i r_i — and with
 * it the bootstrap statistic on the full sample — equals the exact point estimate.
 */
function calibrateGram(gram: Float64Array, batchSizes: number[], lowerRowSums: number[]): void {
  const n = batchSizes.length;
  for (let i = 1; i < n; i++) {
    let sketched = 0;
    let weight = 0;
    for (let j = 0; j < i; j++) {
      sketched += batchSizes[j] * gram[i * n + j];
      weight += batchSizes[j] * batchSizes[j];
    }
    const residual = (lowerRowSums[i] - sketched) / weight;
    for (let j = 0; j < i; j++) {
      const value = gram[i * n + j] + residual * batchSizes[j];
      gram[i * n + j] = value;
      gram[j * n + i] = value;
    }
  }
}

function describeType(value: unknown): string {
  if (value === null) return 'null';
  if (typeof value !== 'object') return typeof value;
  return (value as object).constructor?.name ?? 'object';
}

function dot(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let e = 0; e < a.length; e++) s += a[e] * b[e];
  return s;
}

/** ⟨v_i[from:to], v_j[from:to]⟩ for all pairs, accumulated in float64 (symmetric N×N). */
function gramMatrix(vectors: ArrayLike<number>[], from: number, to: number): Float64Array {
  const n = vectors.length;
  const gram = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    const a = vectors[i];
    for (let j = i; j < n; j++) {
      const b = vectors[j];
      let s = 0;
      for (let e = from; e < to; e++) s += a[e] * b[e];
      gram[i * n + j] = s;
      gram[j * n + i] = s;
    }
  }
  return gram;
}
