/**
 * Differential test at realistic sizes: every kernel this package replaces, and its gradient,
 * against the stock cpu kernels on seeded random shapes (strides, paddings, dilations, channel
 * counts from 1 to 512, tensors from a few hundred to ~260 000 floats, so both the one-thread and
 * the threaded paths (≥ 64 Ki floats) and the 8-channel blocked layouts run) and ResNet-18's
 * layers at batch 1 for 64×64, 128×128 and 257×128 spectrograms (a seeded sample: see below).
 * Bound: norm-wise relative error max|ours − stock| / max|stock| ≤ 1e-4 for every output and
 * gradient (float32 sums of up to 4608 products in different orders differ by ~1e-6 of the
 * largest value). The largest error seen per kernel family is printed at the end.
 * Slower than the other tests (tens of seconds: the stock kernels' convolution gradients are
 * naive loops); the sizes are capped for that.
 */
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, describe, expect, it } from 'vitest';
import { availability, relativeError, seededRandom, stockAndOneDnn, uniform } from './compare.js';

const TOLERANCE = 1e-4;

type Pad = 'same' | 'valid' | number;
interface ConvCase {
  batch: number;
  height: number;
  width: number;
  inChannels: number;
  outChannels: number;
  kernel: number;
  stride: number;
  dilation: number;
  pad: Pad;
}

interface Check {
  family: string;
  name: string;
  /** Outputs then gradients, in the same order on both sides. */
  compute: () => tf.Tensor[];
}

const largest = new Map<string, { error: number; name: string }>();

function pick<T>(random: () => number, values: readonly T[]): T {
  return values[Math.floor(random() * values.length)] as T;
}

function between(random: () => number, low: number, high: number): number {
  return low + Math.floor(random() * (high - low + 1));
}

const convName = (c: ConvCase) =>
  `${c.batch}×${c.height}×${c.width}×${c.inChannels} → ${c.outChannels}, ${c.kernel}×${c.kernel}/${c.stride}` +
  `${c.dilation > 1 ? ` dilation ${c.dilation}` : ''} pad ${c.pad}`;

/** Multiply-adds of one direction of a convolution (the stock kernels' cost). */
const work = (c: ConvCase) => {
  const out = (n: number) => Math.ceil(n / c.stride);
  return c.batch * out(c.height) * out(c.width) * c.kernel ** 2 * c.inChannels * c.outChannels;
};

/**
 * Seeded random convolutions, at most 3 M multiply-adds each so the stock side (naive loops,
 * ~10–50 M per second) stays within seconds. Every other one has a large input (≥ 64 Ki floats:
 * oneDNN's threaded loops and blocked layouts).
 */
function randomConvCases(count: number, seed: number): ConvCase[] {
  const random = seededRandom(seed);
  const cases: ConvCase[] = [];
  while (cases.length < count) {
    const large = cases.length % 2 === 0;
    const kernel = pick(random, large ? [1, 3] : [1, 3, 5, 7]);
    const stride = pick(random, [1, 1, 2]);
    const dilation = stride === 1 && kernel > 1 && random() < 0.3 ? 2 : 1;
    const c: ConvCase = {
      batch: between(random, 1, 3),
      height: large ? between(random, 32, 48) : between(random, 4, 24),
      width: large ? between(random, 32, 48) : between(random, 4, 24),
      inChannels: pick(random, large ? [32, 64] : [1, 3, 8, 16, 24]),
      outChannels: pick(random, large ? [8, 16] : [8, 16, 24, 32, 64]),
      kernel,
      stride,
      dilation,
      pad: pick(random, ['same', 'valid', Math.floor(kernel / 2)] as Pad[]),
    };
    const reach = (kernel - 1) * dilation + 1;
    if (c.pad === 'valid' && (c.height < reach || c.width < reach)) continue;
    if (large && c.batch * c.height * c.width * c.inChannels < 65536) continue;
    if (work(c) > 3e6) continue;
    cases.push(c);
  }
  return cases;
}

/** ResNet-18's convolutions (explicit padding k / 2, as the model builds them), batch 1. */
function resnetConvCases(height: number, width: number): ConvCase[] {
  const cases: ConvCase[] = [];
  const add = (h: number, w: number, ci: number, co: number, kernel: number, stride: number) =>
    cases.push({
      batch: 1,
      height: h,
      width: w,
      inChannels: ci,
      outChannels: co,
      kernel,
      stride,
      dilation: 1,
      pad: Math.floor(kernel / 2),
    });
  const down = (n: number) => Math.floor((n + 1) / 2); // out size of k=3,p=1 or k=1,p=0 at stride 2
  let h = down(height);
  let w = down(width);
  add(height, width, 1, 64, 7, 2);
  h = down(h);
  w = down(w); // max-pool 3×3/2
  add(h, w, 64, 64, 3, 1);
  let channels = 64;
  for (const next of [128, 256, 512]) {
    add(h, w, channels, next, 3, 2);
    add(h, w, channels, next, 1, 2);
    h = down(h);
    w = down(w);
    add(h, w, next, next, 3, 1);
    channels = next;
  }
  return cases;
}

function convCheck(c: ConvCase, seed: number, fused: boolean): Check {
  return {
    family: fused ? 'FusedConv2D (bias, relu)' : 'Conv2D',
    name: convName(c),
    compute: () => {
      const x = uniform([c.batch, c.height, c.width, c.inChannels], seed) as tf.Tensor4D;
      const filter = uniform(
        [c.kernel, c.kernel, c.inChannels, c.outChannels],
        seed + 1,
      ) as tf.Tensor4D;
      const bias = uniform([c.outChannels], seed + 2) as tf.Tensor1D;
      const forward = (a: tf.Tensor4D, b: tf.Tensor4D, d: tf.Tensor1D) =>
        fused
          ? tf.fused.conv2d({
              x: a,
              filter: b,
              strides: c.stride,
              pad: c.pad,
              dilations: c.dilation,
              bias: d,
              activation: 'relu',
            })
          : tf.conv2d(a, b, c.stride, c.pad, 'NHWC', c.dilation);
      const y = forward(x, filter, bias);
      // tfjs has no convolution gradient for dilations > 1: the forward pass only.
      if (c.dilation > 1) return [y];
      const dy = uniform(y.shape, seed + 3);
      // Gradients of Σ y · dy: Conv2DBackpropInput and Conv2DBackpropFilter (and for the fused
      // convolution the relu mask and the bias's sum).
      const loss = (a: tf.Tensor, b: tf.Tensor, d: tf.Tensor) =>
        tf.sum(tf.mul(forward(a as tf.Tensor4D, b as tf.Tensor4D, d as tf.Tensor1D), dy));
      const grads = fused
        ? tf.grads(loss)([x, filter, bias])
        : tf.grads((a, b) => loss(a, b, bias))([x, filter]);
      return [y, ...grads];
    },
  };
}

interface PoolCase {
  shape: [number, number, number, number];
  size: number;
  stride: number;
  pad: Pad;
}

function poolCheck(c: PoolCase, seed: number): Check {
  return {
    family: 'MaxPool',
    name: `${c.shape.join('×')}, ${c.size}×${c.size}/${c.stride} pad ${c.pad}`,
    compute: () => {
      const x = uniform(c.shape, seed) as tf.Tensor4D;
      const pool = (a: tf.Tensor4D) => tf.maxPool(a, c.size, c.stride, c.pad);
      const y = pool(x);
      const dy = uniform(y.shape, seed + 1);
      const dx = tf.grad((a) => tf.sum(tf.mul(pool(a as tf.Tensor4D), dy)))(x);
      return [y, dx];
    },
  };
}

/** Random NHWC shapes, one in three large enough (≥ 64 Ki floats) for the threaded loops. */
function randomShapes(count: number, seed: number): [number, number, number, number][] {
  const random = seededRandom(seed);
  return Array.from({ length: count }, (_, i) => {
    const channels = pick(random, [1, 3, 8, 16, 24, 64, 128]);
    const side = i % 3 === 0 ? between(random, 24, 40) : between(random, 2, 16);
    return [between(random, 1, 4), side, between(random, side >> 1, side), channels];
  });
}

type Binary = 'add' | 'sub' | 'mul' | 'div';

function binaryCheck(op: Binary, shape: number[], broadcast: string, seed: number): Check {
  const [n, , , c] = shape as [number, number, number, number];
  const smallShape: Record<string, number[]> = {
    'equal shapes': shape,
    scalar: [],
    'per channel': [c],
    'per image': [n, 1, 1, c],
  };
  return {
    family: { add: 'Add', sub: 'Sub', mul: 'Multiply', div: 'RealDiv' }[op],
    name: `${shape.join('×')} with ${broadcast}`,
    compute: () => {
      const a = uniform(shape, seed);
      // Away from zero for the division.
      const b = tf.add(uniform(smallShape[broadcast] as number[], seed + 1), 2);
      const f = { add: tf.add, sub: tf.sub, mul: tf.mul, div: tf.div }[op];
      const dy = uniform(shape, seed + 2);
      const [da, db] = tf.grads((x, y) => tf.sum(tf.mul(f(x, y), dy)))([a, b]);
      return [f(a, b), f(b, a), da as tf.Tensor, db as tf.Tensor];
    },
  };
}

function unaryChecks(shape: number[], seed: number): Check[] {
  const name = shape.join('×');
  const withGradient = (family: string, f: (x: tf.Tensor) => tf.Tensor, shift = 0): Check => ({
    family,
    name,
    compute: () => {
      const x = tf.add(uniform(shape, seed), shift);
      const dy = uniform(shape, seed + 1);
      return [f(x), tf.grad((a) => tf.sum(tf.mul(f(a), dy)))(x)];
    },
  });
  const [n, h, w, c] = shape as [number, number, number, number];
  return [
    withGradient('Sqrt', tf.sqrt, 2),
    withGradient('Square', tf.square),
    withGradient('Relu', tf.relu),
    { family: 'Step', name, compute: () => [tf.step(uniform(shape, seed))] },
    {
      family: 'Sum, Mean',
      name: `${name} over [0, 1, 2], [3], all`,
      compute: () => {
        const x = uniform(shape, seed);
        return [
          tf.sum(x, [0, 1, 2]),
          tf.sum(x, 3),
          tf.sum(x),
          tf.mean(x, [0, 1, 2]),
          tf.mean(x, 3),
          tf.mean(x),
        ];
      },
    },
    {
      family: 'Tile',
      name: `[1, 1, 1, ${c}] to ${name}`,
      compute: () => {
        const x = uniform([1, 1, 1, c], seed);
        const dy = uniform(shape, seed + 1);
        const tile = (a: tf.Tensor) => tf.tile(a, [n, h, w, 1]);
        return [tile(x), tf.grad((a) => tf.sum(tf.mul(tile(a), dy)))(x)];
      },
    },
    {
      family: 'FusedBatchNorm',
      name,
      compute: () => {
        const x = uniform(shape, seed);
        const mean = uniform([c], seed + 1);
        const variance = tf.add(uniform([c], seed + 2), 1.5);
        const offset = uniform([c], seed + 3);
        const scale = uniform([c], seed + 4);
        const dy = uniform(shape, seed + 5);
        const bn = (a: tf.Tensor, o: tf.Tensor, s: tf.Tensor) =>
          tf.batchNorm(a, mean, variance, o, s, 1e-3);
        const grads = tf.grads((a, o, s) => tf.sum(tf.mul(bn(a, o, s), dy)))([x, offset, scale]);
        return [bn(x, offset, scale), ...grads];
      },
    },
  ];
}

const checks: Check[] = [];
// Dilated convolutions (forward only: tfjs has no gradient for them), one with a large input.
const dilated: ConvCase[] = [
  {
    ...{ batch: 2, height: 20, width: 18, inChannels: 16, outChannels: 16 },
    ...{ kernel: 3, stride: 1, dilation: 2, pad: 'same' },
  },
  {
    ...{ batch: 1, height: 40, width: 40, inChannels: 48, outChannels: 8 },
    ...{ kernel: 3, stride: 1, dilation: 2, pad: 'valid' },
  },
];
for (const [i, c] of [...randomConvCases(12, 2026), ...dilated].entries()) {
  checks.push(convCheck(c, 100 + 10 * i, i % 4 === 3));
}
// ResNet-18's layers: the stock kernels need ~10–90 M multiply-adds per direction for most of
// them, too slow for a test, so a seeded sample of those up to 12 M at each input size (at
// 257×128 that leaves the 1×1 downsamples, inputs of 133 000 floats and more), and the max-pool.
const layerRandom = seededRandom(18);
for (const [height, width, count] of [
  [64, 64, 4],
  [128, 128, 3],
  [257, 128, 2],
] as const) {
  const eligible = resnetConvCases(height, width).filter((c) => work(c) <= 12e6);
  for (let i = 0; i < count && eligible.length > 0; i++) {
    const [c] = eligible.splice(Math.floor(layerRandom() * eligible.length), 1);
    checks.push({
      ...convCheck(c as ConvCase, 500 + i, false),
      family: `ResNet-18 ${height}×${width}`,
    });
  }
  const pooled = [1, Math.ceil(height / 2), Math.ceil(width / 2), 64];
  checks.push({
    ...poolCheck({ shape: pooled as PoolCase['shape'], size: 3, stride: 2, pad: 1 }, 700),
    family: `ResNet-18 ${height}×${width}`,
  });
}
const poolRandom = seededRandom(77);
for (const [i, shape] of randomShapes(6, 31).entries()) {
  const size = pick(poolRandom, [2, 3]);
  const pad = pick(poolRandom, ['same', 'valid', 1] as Pad[]);
  if (shape[1] < size || shape[2] < size) continue;
  checks.push(poolCheck({ shape, size, stride: pick(poolRandom, [1, 2]), pad }, 800 + i));
}
const shapes: number[][] = [...randomShapes(6, 41), [4, 32, 32, 64]];
for (const [i, shape] of shapes.entries()) {
  for (const op of ['add', 'sub', 'mul', 'div'] as Binary[]) {
    for (const broadcast of ['equal shapes', 'scalar', 'per channel', 'per image']) {
      checks.push(binaryCheck(op, shape, broadcast, 900 + i));
    }
  }
  checks.push(...unaryChecks(shape, 1000 + i));
}

describe.skipIf(!availability.ok)(
  `every replaced kernel and its gradient agree with stock cpu at realistic sizes (≤ ${TOLERANCE} relative)`,
  () => {
    it.each(checks.map((check) => [`${check.family}: ${check.name}`, check] as const))(
      '%s',
      (_, check) => {
        const { stock, onednn } = stockAndOneDnn(check.compute);
        expect(onednn.length).toBe(stock.length);
        let worst = 0;
        for (const [k, expected] of stock.entries()) {
          worst = Math.max(worst, relativeError(onednn[k] as Float32Array, expected));
        }
        const family = check.family.startsWith('ResNet')
          ? 'Conv2D (ResNet-18 layers)'
          : check.family;
        const seen = largest.get(family);
        if (seen === undefined || worst > seen.error)
          largest.set(family, { error: worst, name: check.name });
        expect(worst).toBeLessThanOrEqual(TOLERANCE);
      },
    );

    afterAll(() => {
      const lines = [...largest].map(
        ([family, { error, name }]) => `  ${family}: ${error.toExponential(2)} (${name})`,
      );
      console.log(`largest relative differences, oneDNN vs stock cpu:\n${lines.join('\n')}`);
    });
  },
);
