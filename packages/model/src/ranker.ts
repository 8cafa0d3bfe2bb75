// tfjs-core registers no gradient functions; the union package's Node bundle does (tfjs-core's
// own register_all_gradients is an ESM build with extensionless imports that Node cannot load).
import '@tensorflow/tfjs';
import { DEFAULT_SEED } from '@ranker/dsp';
import type { MathBackendCPU } from '@tensorflow/tfjs-backend-cpu';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import * as tf from '@tensorflow/tfjs-core';
import { Adam } from './adam.js';
import { activeBackend, selectBackend } from './backend.js';
import {
  applyRunningUpdates,
  type BatchNormMode,
  type BatchNormState,
  type RunningUpdate,
} from './batch-norm.js';
import { type CheckpointTensor, loadTensors, packTensors, saveCheckpoint } from './checkpoint.js';
import { ModelError } from './errors.js';
import { marginRankingLoss } from './loss.js';
import { copySquareSum, type NativeOps, nativeOps } from './native-ops.js';
import { ParameterStore } from './parameter-store.js';
import { createRandom } from './random.js';
import {
  initialValues,
  type ResNetArchitecture,
  type ResNetDepth,
  type ResNetWeights,
  resnetArchitecture,
  resnetForward,
} from './resnet.js';

export interface RankerConfig {
  /** [height, width] of one spectrogram (frequency bins, frames), each ≥ 32. */
  inputShape: [number, number];
  /** ResNet depth, default 18. */
  depth?: 10 | 18 | 34;
  /** Channel multiplier, default 1 (64/128/256/512 channels). */
  widthMultiplier?: number;
  /** Seed of the initial weights, default `DEFAULT_SEED` (42, from @ranker/dsp). */
  seed?: number;
  /** Margin of the ranking loss, default 10. */
  margin?: number;
  /** Adam learning rate, default 1e-3. */
  learningRate?: number;
  /** Default 1e-5, PyTorch Adam(weight_decay) = L2 added to the gradient. */
  weightDecay?: number;
  /** Default false; true = AdamW (decoupled decay). */
  decoupledWeightDecay?: boolean;
}

/** B ranking pairs: 2·B spectrograms, each row-major [height, width]. */
export interface PairBatch {
  left: Float32Array;
  right: Float32Array;
  target: Float32Array;
  count: number;
}

export interface GradientResult {
  /** Mean margin-ranking loss over the batch's pairs. */
  loss: number;
  /**
   * ∂loss/∂θ flattened in `parameterLayout` order, without the weight-decay term. The same
   * buffer is reused by the next trainStep/probeGradient of this model: copy it to keep it.
   */
  gradient: Float32Array;
  /** Σ gradient², accumulated in float64. */
  gradientNormSquared: number;
}

export interface RankerModel {
  /** The config as built: the caller's fields over {@link RANKER_DEFAULTS}. */
  readonly config: Readonly<Required<RankerConfig>>;
  readonly parameterLayout: { name: string; length: number }[];
  readonly parameterCount: number;
  readonly backend: string;
  trainStep(batch: PairBatch): GradientResult;
  probeGradient(batch: PairBatch): GradientResult;
  score(inputs: Float32Array, count: number): Float32Array;
  evaluateLoss(batch: PairBatch): number;
  /**
   * Writes a checkpoint of the state at the moment of the call (copied before it returns) to
   * `dir`; resolves once its files are complete and synced. Training may go on meanwhile.
   */
  save(dir: string): Promise<void>;
  load(dir: string): Promise<void>;
  /** Frees the tensors at once; resolves when Adam's helper thread (if any) has stopped. */
  dispose(): Promise<void>;
}

type ResolvedConfig = Required<RankerConfig>;

/** The defaults of every optional {@link RankerConfig} field: the seed experiment's. */
export const RANKER_DEFAULTS: Readonly<Omit<ResolvedConfig, 'inputShape'>> = Object.freeze({
  depth: 18,
  widthMultiplier: 1,
  seed: DEFAULT_SEED,
  margin: 10,
  learningRate: 1e-3,
  weightDecay: 1e-5,
  decoupledWeightDecay: false,
});

/**
 * The smallest height and width of an input spectrogram: the ResNet stem and four stages halve
 * the size five times (32 → 1), below that a stage would get an empty map.
 */
export const MIN_INPUT_SIZE = 32;

/** Why `shape` is not a valid `inputShape`, or null when it is (the trainer and CLI ask too). */
export function inputShapeProblem(shape: unknown): string | null {
  const valid =
    Array.isArray(shape) &&
    shape.length === 2 &&
    shape.every((n) => Number.isInteger(n) && n >= MIN_INPUT_SIZE);
  return valid ? null : `expected [height, width], integers ≥ ${MIN_INPUT_SIZE}`;
}

function resolveConfig(config: RankerConfig): ResolvedConfig {
  const resolved: ResolvedConfig = { ...RANKER_DEFAULTS, ...config };
  const problems: string[] = [];
  const shapeProblem = inputShapeProblem(resolved.inputShape);
  if (shapeProblem) {
    problems.push(`inputShape: ${shapeProblem}, got ${JSON.stringify(config.inputShape)}`);
  }
  if (![10, 18, 34].includes(resolved.depth))
    problems.push(`depth must be 10, 18 or 34, got ${resolved.depth}`);
  if (!(resolved.widthMultiplier > 0)) {
    problems.push(`widthMultiplier must be > 0, got ${resolved.widthMultiplier}`);
  }
  for (const key of ['margin', 'learningRate', 'weightDecay'] as const) {
    if (!Number.isFinite(resolved[key]) || resolved[key] < 0) {
      problems.push(`${key} must be a finite number ≥ 0, got ${resolved[key]}`);
    }
  }
  if (problems.length > 0)
    throw new ModelError('INVALID_CONFIG', `RankerConfig: ${problems.join('; ')}`);
  return resolved;
}

let instances = 0;

/**
 * A tensor's values, without a copy where the backend allows: a view of the wasm heap (valid
 * until the next tfjs call), the cpu backend's own array (valid while the tensor lives; read
 * from its storage rather than through dataSync, which would bar the buffer from
 * @ranker/kernels-onednn's output pool); other backends copy (dataSync).
 */
function floatValues(tensor: tf.Tensor): Float32Array {
  if (tf.getBackend() === 'cpu') {
    const values = (tf.backend() as MathBackendCPU).data.get(tensor.dataId).values;
    if (values instanceof Float32Array) return values;
  }
  const backend = tf.backend() as Partial<Pick<BackendWasm, 'typedArrayFromHeap'>>;
  return (backend.typedArrayFromHeap?.(tensor) ?? tensor.dataSync()) as Float32Array;
}

/** A variable that alone owns its initial value (tf.variable keeps the argument tensor alive). */
function ownedVariable(initial: tf.Tensor, trainable: boolean, name: string): tf.Variable {
  const variable = tf.variable(initial, trainable, name);
  initial.dispose();
  return variable;
}

/**
 * The ranker behind the trainer's small interface: a ResNet scoring one spectrogram, trained
 * on pairs with the margin-ranking loss and Adam. All tfjs state lives in variables owned here.
 */
class TfjsRanker implements RankerModel {
  readonly parameterLayout: { name: string; length: number }[];
  readonly parameterCount: number;
  readonly backend: string;
  private readonly architecture: ResNetArchitecture;
  private readonly weights: ResNetWeights;
  private readonly trainables: tf.Variable[];
  private readonly adam: Adam;
  private readonly gradientBuffer: Float32Array;
  /** The trainable weights, flat in parameterLayout order (Adam updates them in place). */
  private readonly store: ParameterStore;
  private readonly pixels: number;
  /** What the last finished save packed into (12 bytes per parameter), for the next save. */
  private idleSaveBuffer: Uint8Array | null = null;
  private disposed = false;

  constructor(
    readonly config: ResolvedConfig,
    backend: string,
    private readonly native: NativeOps | null,
  ) {
    this.backend = backend;
    this.pixels = config.inputShape[0] * config.inputShape[1];
    this.architecture = resnetArchitecture(config.depth as ResNetDepth, config.widthMultiplier);
    const id = instances++;
    const random = createRandom(config.seed);
    const fcFanIn = this.architecture.parameters.at(-2)?.shape[0] ?? 1;
    this.parameterLayout = this.architecture.parameters.map((spec) => ({
      name: spec.name,
      length: spec.shape.reduce((a, b) => a * b, 1),
    }));
    this.parameterCount = this.parameterLayout.reduce((sum, p) => sum + p.length, 0);
    const specs = this.architecture.parameters;
    this.store = new ParameterStore(
      specs.map((spec) => spec.shape),
      // Variable names are global in tfjs: prefix with the instance so models can coexist.
      specs.map((spec) => `ranker${id}/${spec.name}`),
      specs.map((spec) => initialValues(spec, fcFanIn, random)),
    );
    const parameters = new Map<string, tf.Variable>(
      specs.map((spec, i) => [spec.name, this.store.variables[i]]),
    );
    const batchNorms = new Map<string, BatchNormState>();
    for (const { name, channels } of this.architecture.batchNorms) {
      batchNorms.set(name, {
        gamma: parameters.get(`${name}.weight`) as tf.Variable,
        beta: parameters.get(`${name}.bias`) as tf.Variable,
        runningMean: ownedVariable(tf.zeros([channels]), false, `ranker${id}/${name}.running_mean`),
        runningVariance: ownedVariable(
          tf.ones([channels]),
          false,
          `ranker${id}/${name}.running_var`,
        ),
      });
    }
    this.weights = { parameters, batchNorms };
    this.trainables = this.store.variables;
    // Shared, so that Adam can read it from two threads (adam-loop.ts).
    this.gradientBuffer = new Float32Array(new SharedArrayBuffer(4 * this.parameterCount));
    this.adam = new Adam(this.parameterCount, {
      learningRate: config.learningRate,
      weightDecay: config.weightDecay,
      decoupledWeightDecay: config.decoupledWeightDecay,
      native: native?.adamUpdate,
    });
  }

  /** Optimisation steps taken so far (also Adam's t). */
  get step(): number {
    return this.adam.step;
  }

  trainStep(batch: PairBatch): GradientResult {
    return this.gradients(batch, 'train', `trainStep (step ${this.step + 1})`);
  }

  /**
   * BN uses batch statistics (as model.train() in the seed's PyTorch probe did) without
   * updating the running statistics, and no optimiser update is applied.
   */
  probeGradient(batch: PairBatch): GradientResult {
    return this.gradients(batch, 'batch-statistics', `probeGradient (after step ${this.step})`);
  }

  score(inputs: Float32Array, count: number): Float32Array {
    this.checkAlive('score');
    this.checkSpectrograms(inputs, count, 'inputs', 'score');
    return tf.tidy(() => {
      const x = tf.tensor4d(inputs, [count, ...this.config.inputShape, 1]);
      return resnetForward(
        this.architecture,
        this.weights,
        x,
        'inference',
        [],
      ).dataSync() as Float32Array;
    });
  }

  evaluateLoss(batch: PairBatch): number {
    const where = `evaluateLoss (after step ${this.step})`;
    this.checkBatch(batch, where);
    const loss = tf.tidy(() => this.loss(batch, 'inference', []).dataSync()[0]);
    if (!Number.isFinite(loss)) throw new ModelError('NAN_LOSS', `${where}: loss is ${loss}`);
    return loss;
  }

  /**
   * Packs the state into one array synchronously (before the first await), then writes it on a
   * helper thread: the model may go on training while the returned promise is pending.
   */
  async save(dir: string): Promise<void> {
    this.checkAlive('save');
    const tensors: CheckpointTensor[] = [];
    // The weights, then Adam's two moments, each flat array in parameter-layout order.
    for (const [prefix, flat] of [
      ['param', this.store.values],
      ['adam.m', this.adam.firstMoment],
      ['adam.v', this.adam.secondMoment],
    ] as const) {
      this.architecture.parameters.forEach((spec, i) => {
        const values = this.store.segment(flat, i);
        tensors.push({ name: `${prefix}/${spec.name}`, shape: spec.shape, values });
      });
    }
    for (const [name, state] of this.weights.batchNorms) {
      for (const [suffix, variable] of [
        ['running_mean', state.runningMean],
        ['running_var', state.runningVariance],
      ] as const) {
        const values = floatValues(variable);
        tensors.push({ name: `buffer/${name}.${suffix}`, shape: variable.shape, values });
      }
    }
    const metadata = { step: this.adam.step, config: this.config };
    // The previous save's array, once its write is done; while one is in flight, a new one.
    const packed = packTensors(tensors, this.idleSaveBuffer);
    this.idleSaveBuffer = null;
    try {
      await saveCheckpoint(dir, packed, metadata);
    } finally {
      if (!this.disposed) this.idleSaveBuffer = packed.bytes;
    }
  }

  async load(dir: string): Promise<void> {
    this.checkAlive('load');
    const { tensors, metadata } = await loadTensors(dir);
    try {
      const targets = new Map<string, { shape: number[] }>();
      this.architecture.parameters.forEach((spec, i) => {
        targets.set(`param/${spec.name}`, this.trainables[i]);
        targets.set(`adam.m/${spec.name}`, spec);
        targets.set(`adam.v/${spec.name}`, spec);
      });
      for (const [name, state] of this.weights.batchNorms) {
        targets.set(`buffer/${name}.running_mean`, state.runningMean);
        targets.set(`buffer/${name}.running_var`, state.runningVariance);
      }
      // Check everything before assigning anything, so a bad checkpoint leaves the model as it was.
      for (const [name, target] of targets) {
        const tensor = tensors[name];
        if (tensor === undefined || !tf.util.arraysEqual(tensor.shape, target.shape)) {
          throw new ModelError(
            'CHECKPOINT_INVALID',
            `${dir}: tensor '${name}' ${tensor ? `has shape [${tensor.shape}]` : 'is missing'}, expected [${target.shape}] (a checkpoint of a different model configuration?)`,
          );
        }
      }
      const step = metadata.step;
      if (!Number.isInteger(step) || (step as number) < 0) {
        throw new ModelError(
          'CHECKPOINT_INVALID',
          `${dir}: metadata.step = ${step}, expected an integer ≥ 0`,
        );
      }
      this.architecture.parameters.forEach((spec, i) => {
        this.store.segment(this.store.values, i).set(tensors[`param/${spec.name}`].dataSync());
        this.store.segment(this.adam.firstMoment, i).set(tensors[`adam.m/${spec.name}`].dataSync());
        this.store
          .segment(this.adam.secondMoment, i)
          .set(tensors[`adam.v/${spec.name}`].dataSync());
      });
      this.store.commit();
      for (const [name, state] of this.weights.batchNorms) {
        state.runningMean.assign(tensors[`buffer/${name}.running_mean`]);
        state.runningVariance.assign(tensors[`buffer/${name}.running_var`]);
      }
      this.adam.step = step as number;
    } finally {
      tf.dispose(Object.values(tensors));
    }
  }

  dispose(): Promise<void> {
    if (this.disposed) return Promise.resolve();
    this.disposed = true;
    this.idleSaveBuffer = null;
    const stopping = this.adam.dispose();
    this.store.dispose();
    for (const state of this.weights.batchNorms.values()) {
      tf.dispose([state.runningMean, state.runningVariance]);
    }
    return stopping;
  }

  private loss(batch: PairBatch, mode: BatchNormMode, updates: RunningUpdate[]): tf.Scalar {
    const shape: [number, number, number, number] = [batch.count, ...this.config.inputShape, 1];
    // One forward pass over [left; right]: BN statistics span all 2·B spectrograms of the step.
    const x = tf.concat([tf.tensor4d(batch.left, shape), tf.tensor4d(batch.right, shape)]);
    const scores = resnetForward(this.architecture, this.weights, x, mode, updates);
    const [s1, s2] = tf.split(scores, 2);
    return marginRankingLoss(
      s1 as tf.Tensor1D,
      s2 as tf.Tensor1D,
      tf.tensor1d(batch.target),
      this.config.margin,
    );
  }

  private gradients(
    batch: PairBatch,
    mode: 'train' | 'batch-statistics',
    where: string,
  ): GradientResult {
    this.checkBatch(batch, where);
    const updates: RunningUpdate[] = [];
    const { value, grads } = tf.variableGrads(
      () => this.loss(batch, mode, updates),
      this.trainables,
    );
    const ordered = this.trainables.map((v) => grads[v.name]);
    try {
      const loss = value.dataSync()[0];
      if (!Number.isFinite(loss)) {
        throw new ModelError(
          'NAN_LOSS',
          `${where}: loss is ${loss}; weights and statistics left unchanged`,
        );
      }
      let normSquared = 0;
      ordered.forEach((gradient, index) => {
        const values = floatValues(gradient);
        const target = this.store.segment(this.gradientBuffer, index);
        normSquared += copySquareSum(values, target, this.native);
      });
      if (!Number.isFinite(normSquared)) {
        throw new ModelError(
          'NAN_LOSS',
          `${where}: gradient is not finite (‖g‖² = ${normSquared}); weights left unchanged`,
        );
      }
      if (mode === 'train') {
        applyRunningUpdates(updates);
        this.adam.apply(this.store.values, this.gradientBuffer);
        this.store.commit();
      }
      return { loss, gradient: this.gradientBuffer, gradientNormSquared: normSquared };
    } finally {
      tf.dispose([value, ...ordered, ...updates.map((u) => u.batch)]);
    }
  }

  private checkAlive(where: string): void {
    if (this.disposed) throw new ModelError('DISPOSED', `${where}: the model was disposed`);
  }

  private checkBatch(batch: PairBatch, where: string): void {
    this.checkAlive(where);
    const { count } = batch;
    if (!Number.isInteger(count) || count < 1) {
      throw new ModelError(
        'INVALID_BATCH',
        `${where}: batch.count = ${count}, expected an integer ≥ 1`,
      );
    }
    this.checkSpectrograms(batch.left, count, 'batch.left', where);
    this.checkSpectrograms(batch.right, count, 'batch.right', where);
    if (!(batch.target instanceof Float32Array) || batch.target.length !== count) {
      throw new ModelError(
        'INVALID_BATCH',
        `${where}: batch.target has ${batch.target?.length} values, expected count = ${count}`,
      );
    }
    batch.target.forEach((t, i) => {
      if (t !== 1 && t !== -1) {
        throw new ModelError(
          'INVALID_BATCH',
          `${where}: batch.target[${i}] = ${t}, expected +1 or -1`,
        );
      }
    });
  }

  private checkSpectrograms(data: Float32Array, count: number, field: string, where: string): void {
    const [height, width] = this.config.inputShape;
    if (!(data instanceof Float32Array) || data.length !== count * this.pixels) {
      throw new ModelError(
        'INVALID_BATCH',
        `${where}: ${field} has ${data?.length} values, expected count × height × width = ${count} × ${height} × ${width} = ${count * this.pixels}`,
      );
    }
    for (let i = 0; i < data.length; i++) {
      if (!Number.isFinite(data[i])) {
        const pixel = i % this.pixels;
        throw new ModelError(
          'NAN_INPUT',
          `${where}: ${field}[${i}] = ${data[i]} (spectrogram ${Math.floor(i / this.pixels)}, row ${Math.floor(pixel / width)}, column ${pixel % width}), expected a finite number`,
        );
      }
    }
  }
}

/**
 * Builds a ranker on the backend chosen by {@link selectBackend} (called with 'auto' first if
 * no backend was selected yet).
 */
export async function createRanker(config: RankerConfig): Promise<RankerModel> {
  const resolved = resolveConfig(config);
  const backend = activeBackend() ?? (await selectBackend('auto')).name;
  return new TfjsRanker(resolved, backend, nativeOps());
}
