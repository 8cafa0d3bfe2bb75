/**
 * Differential test of the model's Conv2DBackpropInput/Filter (src/kernels) on wasm, where they
 * replace tfjs's kernels in training, against the stock cpu kernels, at realistic sizes: seeded
 * random geometries (strides 1–2, 'same'/'valid'/explicit padding, 1–64 input and 8–64 output
 * channels, NHWC and NCHW, inputs to ~150 000 floats) and a seeded sample of ResNet-18's layers
 * at 64×64, 128×128 and 257×128 (batch 1). Both kernels are called directly with the same
 * attributes the gradient of tf.conv2d passes them.
 * Bound: max|ours − stock| / max|stock| ≤ 1e-4 per output (float32 sums of up to 4608 products
 * in another order); the largest seen is printed. Tens of seconds: the stock kernels are loops.
 */
import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { selectBackend } from '../src/backend.js';
import { createRandom } from '../src/random.js';

const TOLERANCE = 1e-4;

interface Case {
  batch: number;
  height: number;
  width: number;
  inChannels: number;
  outChannels: number;
  kernel: number;
  stride: number;
  pad: 'same' | 'valid' | number;
  dataFormat: 'NHWC' | 'NCHW';
}

const pick = <T>(random: () => number, values: readonly T[]): T =>
  values[Math.floor(random() * values.length)] as T;
const between = (random: () => number, low: number, high: number) =>
  low + Math.floor(random() * (high - low + 1));

/** Multiply-adds of one direction: what the stock kernels' loops cost. */
const work = (c: Case) =>
  c.batch *
  Math.ceil(c.height / c.stride) *
  Math.ceil(c.width / c.stride) *
  c.kernel ** 2 *
  c.inChannels *
  c.outChannels;

function randomCases(count: number, seed: number): Case[] {
  const random = createRandom(seed);
  const cases: Case[] = [];
  while (cases.length < count) {
    const large = cases.length % 2 === 0;
    const kernel = pick(random, large ? [1, 3] : [1, 3, 5, 7]);
    const c: Case = {
      batch: between(random, 1, 3),
      height: large ? between(random, 32, 48) : between(random, 4, 24),
      width: large ? between(random, 32, 48) : between(random, 4, 24),
      inChannels: pick(random, large ? [32, 64] : [1, 3, 8, 16, 24]),
      outChannels: pick(random, large ? [8, 16] : [8, 16, 32, 64]),
      kernel,
      stride: pick(random, [1, 1, 2]),
      pad: pick(random, ['same', 'valid', Math.floor(kernel / 2)] as const),
      dataFormat: cases.length % 3 === 2 ? 'NCHW' : 'NHWC',
    };
    if (c.pad === 'valid' && (c.height < kernel || c.width < kernel)) continue;
    if (large && c.batch * c.height * c.width * c.inChannels < 65536) continue;
    if (work(c) > 3e6) continue;
    cases.push(c);
  }
  return cases;
}

/** ResNet-18's convolutions (explicit padding k / 2, as src/resnet.ts builds them), batch 1. */
function resnetCases(height: number, width: number): Case[] {
  const cases: Case[] = [];
  const add = (h: number, w: number, ci: number, co: number, kernel: number, stride: number) =>
    cases.push({
      batch: 1,
      height: h,
      width: w,
      inChannels: ci,
      outChannels: co,
      kernel,
      stride,
      pad: Math.floor(kernel / 2),
      dataFormat: 'NHWC',
    });
  const down = (n: number) => Math.ceil(n / 2);
  add(height, width, 1, 64, 7, 2);
  let h = down(down(height)); // stem stride 2, then the 3×3/2 max-pool
  let w = down(down(width));
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

const cases: { family: string; c: Case }[] = randomCases(10, 20).map((c) => ({
  family: 'random',
  c,
}));
// Most ResNet layers need 10–90 M multiply-adds per direction in the stock loops: a seeded
// sample of those up to 12 M at each input size.
const layerRandom = createRandom(18);
for (const [height, width, count] of [
  [64, 64, 4],
  [128, 128, 3],
  [257, 128, 2],
] as const) {
  const eligible = resnetCases(height, width).filter((c) => work(c) <= 12e6);
  for (let i = 0; i < count && eligible.length > 0; i++) {
    const [c] = eligible.splice(Math.floor(layerRandom() * eligible.length), 1);
    cases.push({ family: `ResNet-18 ${height}×${width}`, c: c as Case });
  }
}

const name = (c: Case) =>
  `${c.dataFormat} ${c.batch}×${c.height}×${c.width}×${c.inChannels} → ${c.outChannels}, ${c.kernel}×${c.kernel}/${c.stride} pad ${c.pad}`;

function values(length: number, random: () => number): Float32Array {
  return Float32Array.from({ length }, () => 2 * random() - 1);
}

/** dx and dW from the Conv2DBackpropInput/Filter kernels of the backend in use. */
function gradients(c: Case, x: Float32Array, filter: Float32Array, dy: Float32Array) {
  const nhwc = [c.batch, c.height, c.width, c.inChannels];
  const inputShape = (
    c.dataFormat === 'NHWC' ? nhwc : [c.batch, c.inChannels, c.height, c.width]
  ) as [number, number, number, number];
  const filterShape = [c.kernel, c.kernel, c.inChannels, c.outChannels] as [
    number,
    number,
    number,
    number,
  ];
  const info = tf.backend_util.computeConv2DInfo(
    inputShape,
    filterShape,
    c.stride,
    1,
    c.pad,
    undefined,
    false,
    c.dataFormat === 'NHWC' ? 'channelsLast' : 'channelsFirst',
  );
  const attrs = { strides: c.stride, pad: c.pad, dataFormat: c.dataFormat };
  return tf.tidy(() => {
    const dyTensor = tf.tensor(dy, info.outShape);
    const dx = tf
      .engine()
      .runKernel(
        'Conv2DBackpropInput',
        { dy: dyTensor, filter: tf.tensor(filter, filterShape) },
        { ...attrs, inputShape },
      ) as tf.Tensor;
    const dW = tf
      .engine()
      .runKernel(
        'Conv2DBackpropFilter',
        { x: tf.tensor(x, inputShape), dy: dyTensor },
        { ...attrs, filterShape },
      ) as tf.Tensor;
    return [dx.dataSync() as Float32Array, dW.dataSync() as Float32Array];
  });
}

function relativeError(actual: Float32Array, expected: Float32Array): number {
  let difference = 0;
  let scale = 0;
  for (let i = 0; i < expected.length; i++) {
    difference = Math.max(difference, Math.abs((actual[i] as number) - (expected[i] as number)));
    scale = Math.max(scale, Math.abs(expected[i] as number));
  }
  return actual.length !== expected.length ? Number.POSITIVE_INFINITY : difference / scale;
}

let largest = { error: 0, case: '' };

beforeAll(async () => {
  await selectBackend('wasm', () => {});
});

describe(`model convolution gradients on wasm agree with stock cpu (≤ ${TOLERANCE} relative)`, () => {
  it.each(cases.map(({ family, c }) => [`${family}: ${name(c)}`, c] as const))(
    '%s',
    async (_, c) => {
      const random = createRandom(work(c));
      const x = values(c.batch * c.height * c.width * c.inChannels, random);
      const filter = values(c.kernel ** 2 * c.inChannels * c.outChannels, random);
      const dy = values(outputSize(c) * c.outChannels, random);
      const ours = gradients(c, x, filter, dy);
      await tf.setBackend('cpu');
      const stock = gradients(c, x, filter, dy);
      await tf.setBackend('wasm');
      for (const k of [0, 1]) {
        const error = relativeError(ours[k] as Float32Array, stock[k] as Float32Array);
        if (error > largest.error) largest = { error, case: name(c) };
        expect(error).toBeLessThanOrEqual(TOLERANCE);
      }
    },
  );

  afterAll(() => {
    console.log(
      `largest relative difference, model kernels on wasm vs stock cpu: ${largest.error.toExponential(2)} (${largest.case})`,
    );
  });
});

/** Output positions of the forward convolution (tfjs's geometry, NHWC). */
function outputSize(c: Case): number {
  const info = tf.backend_util.computeConv2DInfo(
    [c.batch, c.height, c.width, c.inChannels],
    [c.kernel, c.kernel, c.inChannels, c.outChannels],
    c.stride,
    1,
    c.pad,
  );
  return c.batch * info.outHeight * info.outWidth;
}
