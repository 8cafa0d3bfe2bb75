import { createCountSketch } from './count-sketch.js';
import { GradAnalysisError } from './errors.js';
import { createSketchSweep } from './sketch-sweep.js';
import type { ComputationPath } from './types.js';

export interface RecordingGradientOptions {
  /** D, the length of every gradient. */
  parameterCount: number;
  /**
   * k of the CountSketch that keeps each recording's direction (4096 ⇒ cosine error ≈ 1/√k ≈
   * 0.016, `sketchCosineErrorBound`). When D ≤ k the gradients are kept exactly instead.
   */
  sketchDimension?: number;
  seed?: number;
}

/** Per-recording gradient evidence, summed or averaged over the epochs it was measured at. */
export interface RecordingGradientEvidence {
  id: string;
  /**
   * TracIn self-influence Σ_t ‖∇ℓ(r; θ_t)‖² over the audited epochs t (Pruthi et al. 2020,
   * "Estimating Training Data Influence by Tracing Gradient Descent", §3.2 eq. 3 with z = z';
   * the constant learning rate is left out, it scales every recording alike). Float64, exact.
   */
  selfInfluence: number;
  /**
   * Mean over epochs of cos(g_r, Σ_{s≠r} g_s): how well the recording's gradient agrees with the
   * rest of the training set at those weights (negative = it pulls against the others, as a
   * mislabelled recording should; cf. gradient-agreement filtering, Chatterjee 2020 "Coherent
   * gradients"). null when every one of its gradients (or the rest's sum) was zero.
   */
  alignment: number | null;
  /** Mean loss of the recording's audit pairs over the epochs. */
  loss: number;
  /** Epochs at which this recording was measured. */
  epochs: number[];
}

export interface RecordingGradientResult {
  recordings: RecordingGradientEvidence[];
  /** 'exact' when D ≤ sketchDimension, else cosines from CountSketches with exact norms. */
  path: ComputationPath;
  sketchDimension: number;
  parameterCount: number;
}

export interface RecordingGradientCollector {
  /** One recording's gradient at one epoch; `gradient` is read during the call only. */
  add(epoch: number, recordingId: string, gradient: Float32Array, loss: number): void;
  result(): RecordingGradientResult;
}

interface Entry {
  id: string;
  normSquared: number;
  loss: number;
  /** Exact copy or CountSketch of the gradient (float64). */
  sketch: Float64Array;
}

/**
 * Streams per-recording gradients (e.g. @ranker/trainer's `auditRecording` events) and keeps,
 * per (epoch, recording), the exact ‖g‖², the loss and a k-dimensional sketch, so that an
 * 11 M-parameter model's 48 recordings × 6 epochs cost 48·6·k floats, not 48·6·D.
 */
export function createRecordingGradientCollector(
  options: RecordingGradientOptions,
): RecordingGradientCollector {
  const { parameterCount } = options;
  const sketchDimension = options.sketchDimension ?? 4096;
  if (!Number.isInteger(parameterCount) || parameterCount < 1) {
    throw new GradAnalysisError(
      'invalid-option',
      `parameterCount must be a positive integer, got ${parameterCount}`,
    );
  }
  if (!Number.isInteger(sketchDimension) || sketchDimension < 1) {
    throw new GradAnalysisError(
      'invalid-option',
      `sketchDimension must be a positive integer, got ${sketchDimension}`,
    );
  }
  const exact = parameterCount <= sketchDimension;
  const width = exact ? parameterCount : sketchDimension;
  // D ≤ k: the gradients are kept as they are; else one WebAssembly pass gives norm and sketch.
  const sweep = exact
    ? null
    : createSketchSweep(createCountSketch(parameterCount, width, options.seed ?? 0));
  const byEpoch = new Map<number, Map<string, Entry>>();

  return {
    add(epoch, recordingId, gradient, loss) {
      if (!(gradient instanceof Float32Array)) {
        throw new GradAnalysisError(
          'invalid-input',
          `gradient of ${recordingId} at epoch ${epoch} must be a Float32Array, got ${Object.prototype.toString.call(gradient)}`,
        );
      }
      if (gradient.length !== parameterCount) {
        throw new GradAnalysisError(
          'wrong-length',
          `gradient of ${recordingId} at epoch ${epoch} has ${gradient.length} values, expected parameterCount ${parameterCount}`,
        );
      }
      if (!Number.isFinite(loss)) {
        throw new GradAnalysisError(
          'non-finite',
          `loss of ${recordingId} at epoch ${epoch} is ${loss}`,
        );
      }
      const entries = byEpoch.get(epoch) ?? new Map<string, Entry>();
      byEpoch.set(epoch, entries);
      if (entries.has(recordingId)) {
        throw new GradAnalysisError(
          'invalid-input',
          `recording ${recordingId} was added twice at epoch ${epoch}; expected one gradient per recording and epoch`,
        );
      }
      const sketch = sweep ? new Float64Array(width) : Float64Array.from(gradient);
      const normSquared = sweep ? sweep.normAndSketch(gradient, sketch) : sumOfSquares(gradient);
      if (!Number.isFinite(normSquared)) {
        const j = gradient.findIndex((v) => !Number.isFinite(v));
        throw new GradAnalysisError(
          'non-finite',
          `gradient of ${recordingId} at epoch ${epoch}: value ${j} is ${gradient[j]}`,
        );
      }
      entries.set(recordingId, { id: recordingId, normSquared, loss, sketch });
    },

    result() {
      const totals = new Map<
        string,
        { self: number; loss: number; cosines: number[]; epochs: number[] }
      >();
      for (const [epoch, entries] of [...byEpoch].sort((a, b) => a[0] - b[0])) {
        const sum = new Float64Array(width);
        for (const e of entries.values()) for (let j = 0; j < width; j++) sum[j] += e.sketch[j];
        for (const e of entries.values()) {
          const t = totals.get(e.id) ?? { self: 0, loss: 0, cosines: [], epochs: [] };
          t.self += e.normSquared;
          t.loss += e.loss;
          t.epochs.push(epoch);
          const cosine = cosineToRest(e.sketch, sum);
          if (cosine !== null) t.cosines.push(cosine);
          totals.set(e.id, t);
        }
      }
      const recordings = [...totals].map(([id, t]) => ({
        id,
        selfInfluence: t.self,
        alignment:
          t.cosines.length === 0 ? null : t.cosines.reduce((a, b) => a + b, 0) / t.cosines.length,
        loss: t.loss / t.epochs.length,
        epochs: t.epochs,
      }));
      return {
        recordings,
        path: exact ? 'exact' : 'sketch',
        sketchDimension,
        parameterCount,
      };
    },
  };
}

/** cos(a, sum − a) from (sketched) vectors; null when either has no direction. */
function cosineToRest(a: Float64Array, sum: Float64Array): number | null {
  let dot = 0;
  let aa = 0;
  let rr = 0;
  for (let j = 0; j < a.length; j++) {
    const rest = sum[j] - a[j];
    dot += a[j] * rest;
    aa += a[j] * a[j];
    rr += rest * rest;
  }
  if (aa === 0 || rr === 0) return null;
  return Math.max(-1, Math.min(1, dot / Math.sqrt(aa * rr)));
}

/** Σ v² in float64 (the exact path's few values). */
function sumOfSquares(values: Float32Array): number {
  let sum = 0;
  for (let j = 0; j < values.length; j++) sum += values[j] * values[j];
  return sum;
}
