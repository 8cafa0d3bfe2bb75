import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

/**
 * The convolution geometry the addon takes, in this order: batch, inHeight, inWidth,
 * inChannels, filterHeight, filterWidth, outChannels, outHeight, outWidth, strideHeight,
 * strideWidth, dilationHeight, dilationWidth, padTop, padLeft, padBottom, padRight.
 */
export type ConvGeometry = readonly number[];

/** ReLU is fused into the convolution as a oneDNN post-op. */
export enum NativeActivation {
  Linear = 0,
  Relu = 1,
}

/** Codes of native/elementwise.h's BinaryOp. */
export enum NativeBinaryOp {
  Add = 0,
  Sub = 1,
  Mul = 2,
  Div = 3,
  /** a · step(b): relu's gradient dy · step(x). */
  ReluGrad = 4,
}

/** Codes of native/elementwise.h's UnaryOp. */
export enum NativeUnaryOp {
  Sqrt = 0,
  Square = 1,
  Relu = 2,
  /** 1 where x > 0, alpha elsewhere (the Relu gradient's mask). */
  Step = 3,
}

/** The functions of native/addon.cc. Arrays are NHWC activations and HWIO filters, float32. */
export interface OneDnnAddon {
  conv2d(
    geometry: ConvGeometry,
    x: Float32Array,
    filter: Float32Array,
    bias: Float32Array | null,
    activation: NativeActivation,
    out: Float32Array,
  ): void;
  conv2dBackpropInput(
    geometry: ConvGeometry,
    dy: Float32Array,
    filter: Float32Array,
    dx: Float32Array,
  ): void;
  conv2dBackpropFilter(
    geometry: ConvGeometry,
    x: Float32Array,
    dy: Float32Array,
    dfilter: Float32Array,
  ): void;
  /**
   * With big viewed as [outer, middle, inner] and small as [outer, 1, inner]:
   * out[o, m, i] = op(big[o, m, i], small[o, i]), operands swapped when smallFirst.
   */
  binary(
    op: NativeBinaryOp,
    big: Float32Array,
    small: Float32Array,
    smallFirst: boolean,
    middle: number,
    inner: number,
    out: Float32Array,
  ): void;
  unary(op: NativeUnaryOp, x: Float32Array, alpha: number, out: Float32Array): void;
  /** Per-channel (last axis) batch normalisation; null offset/scale mean 0/1. */
  batchNorm(
    x: Float32Array,
    channels: number,
    mean: Float32Array,
    variance: Float32Array,
    offset: Float32Array | null,
    scale: Float32Array | null,
    epsilon: number,
    out: Float32Array,
  ): void;
  /**
   * Training-mode batch normalisation of x viewed as [rows, channels] (native/batch_norm.h):
   * writes y, the batch mean and the biased batch variance per channel.
   */
  batchNormTrain(
    x: Float32Array,
    channels: number,
    gamma: Float32Array,
    beta: Float32Array,
    epsilon: number,
    y: Float32Array,
    mean: Float32Array,
    variance: Float32Array,
  ): void;
  /** Gradients of batchNormTrain's (y, mean, variance) with respect to x, gamma and beta. */
  batchNormTrainGrad(
    x: Float32Array,
    dy: Float32Array,
    channels: number,
    mean: Float32Array,
    variance: Float32Array,
    gamma: Float32Array,
    dmean: Float32Array,
    dvariance: Float32Array,
    epsilon: number,
    dx: Float32Array,
    dgamma: Float32Array,
    dbeta: Float32Array,
  ): void;
  /** The geometry is the pooling window's, inChannels = outChannels. */
  maxPool(geometry: ConvGeometry, x: Float32Array, out: Float32Array): void;
  /** x as [outer, reduced, inner] summed (or averaged) over the middle axis, in float64. */
  reduce(
    x: Float32Array,
    outer: number,
    reduced: number,
    inner: number,
    mean: boolean,
    out: Float32Array,
  ): void;
  /** The geometry is the pooling window's, inChannels = outChannels. */
  maxPoolGrad(geometry: ConvGeometry, x: Float32Array, dy: Float32Array, dx: Float32Array): void;
  /** One fused Adam step; scalars = [lr, β1, β2, ε, 1 − β1ᵗ, 1 − β2ᵗ, 1 − β1, 1 − β2] (native/adam.h). */
  adamUpdate(
    scalars: readonly number[],
    value: Float32Array,
    gradient: Float32Array,
    m: Float32Array,
    v: Float32Array,
    newValue: Float32Array,
    newM: Float32Array,
    newV: Float32Array,
  ): void;
  /**
   * Adam/AdamW in place, float64 arithmetic (native/adam.h); scalars = [β1, 1 − β1, β2, 1 − β2,
   * l2, shrink, η / (1 − β1ᵗ), √(1 − β2ᵗ), ε].
   */
  adamUpdateInPlace(
    scalars: readonly number[],
    parameters: Float32Array,
    gradients: Float32Array,
    firstMoment: Float32Array,
    secondMoment: Float32Array,
  ): void;
  /** Copies source into target (equal lengths) and returns Σ source², in float64. */
  copySquareSum(source: Float32Array, target: Float32Array): number;
  /** oneDNN's OpenMP thread count (OMP_NUM_THREADS, default: all cores). */
  threads(): number;
}

/** Where node-gyp puts the addon, relative to this file in src/ or dist/. */
export const addonPath = fileURLToPath(new URL('../build/Release/onednn.node', import.meta.url));

export type AddonLoad = { ok: true; addon: OneDnnAddon } | { ok: false; reason: string };

let loaded: AddonLoad | undefined;

/** Loads the addon at {@link addonPath} once; never throws, says why when it cannot load. */
export function loadAddon(): AddonLoad {
  if (loaded === undefined) loaded = loadAddonFrom(addonPath);
  return loaded;
}

/** Loads a build of the addon from `path`; never throws. */
export function loadAddonFrom(path: string): AddonLoad {
  if (!existsSync(path)) {
    return {
      ok: false,
      reason: `native addon not built (${path} missing; install libdnnl-dev, then run pnpm --filter @ranker/kernels-onednn build)`,
    };
  }
  try {
    const addon = withPassiveOpenMpWait(() => createRequire(import.meta.url)(path) as OneDnnAddon);
    return { ok: true, addon };
  } catch (error) {
    // A missing libdnnl.so.2 surfaces here as a dlopen message naming the library.
    const message = error instanceof Error ? error.message : String(error);
    return { ok: false, reason: `cannot load native addon: ${message.split('\n')[0]}` };
  }
}

/**
 * Runs `load` with OMP_WAIT_POLICY=passive unless the user set a policy, then restores the
 * environment (child processes are unaffected). OpenMP reads the variable once, when the addon
 * pulls libgomp in. With the default policy an idle OpenMP thread spins for a while after every
 * parallel region; on cores shared with other processes that spinning took CPU from the thread
 * doing the work (README: a 128×128 step on 2 threads took 2.7 s of wall time with the default
 * policy, 1.5 s passive, on the shared machine).
 */
function withPassiveOpenMpWait<T>(load: () => T): T {
  if (process.env.OMP_WAIT_POLICY !== undefined) return load();
  process.env.OMP_WAIT_POLICY = 'passive';
  try {
    return load();
  } finally {
    delete process.env.OMP_WAIT_POLICY;
  }
}
