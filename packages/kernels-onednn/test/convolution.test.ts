import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { availability, relativeError, stockAndOneDnn, uniform } from './compare.js';

interface Case {
  batch: number;
  size: [number, number];
  inChannels: number;
  outChannels: number;
  kernel: number;
  stride: number;
  pad: 'same' | 'valid';
}

// Covers kernel 1/3/7, stride 1/2, same/valid, odd sizes, batch 1..8 and channels 1..512;
// spatial sizes shrink as channels grow so the stock kernel (the reference) stays fast.
const cases: Case[] = [
  { batch: 1, size: [9, 7], inChannels: 1, outChannels: 4, kernel: 3, stride: 1, pad: 'same' },
  { batch: 8, size: [17, 13], inChannels: 1, outChannels: 8, kernel: 7, stride: 2, pad: 'same' },
  { batch: 3, size: [15, 11], inChannels: 5, outChannels: 7, kernel: 7, stride: 2, pad: 'valid' },
  { batch: 2, size: [11, 9], inChannels: 16, outChannels: 16, kernel: 3, stride: 2, pad: 'same' },
  { batch: 2, size: [8, 8], inChannels: 64, outChannels: 64, kernel: 3, stride: 1, pad: 'same' },
  { batch: 5, size: [7, 9], inChannels: 3, outChannels: 2, kernel: 1, stride: 1, pad: 'valid' },
  { batch: 2, size: [9, 9], inChannels: 64, outChannels: 128, kernel: 1, stride: 2, pad: 'same' },
  { batch: 1, size: [13, 6], inChannels: 9, outChannels: 5, kernel: 3, stride: 2, pad: 'valid' },
  { batch: 1, size: [5, 5], inChannels: 128, outChannels: 512, kernel: 3, stride: 2, pad: 'same' },
  { batch: 1, size: [3, 3], inChannels: 512, outChannels: 96, kernel: 3, stride: 1, pad: 'same' },
  { batch: 6, size: [4, 5], inChannels: 128, outChannels: 256, kernel: 1, stride: 2, pad: 'valid' },
  // Channels multiples of 8, in ≠ out: the hand-written 8×8-blocked filter copies (filter_layout.h).
  { batch: 3, size: [6, 5], inChannels: 24, outChannels: 40, kernel: 3, stride: 1, pad: 'same' },
  // Even size, 1×1 stride 2 'same': the last window ends before the input does (padding −1).
  { batch: 4, size: [8, 8], inChannels: 4, outChannels: 8, kernel: 1, stride: 2, pad: 'same' },
];

const name = (c: Case) =>
  `batch ${c.batch}, ${c.size.join('×')}×${c.inChannels} → ${c.outChannels}, ${c.kernel}×${c.kernel}/${c.stride} ${c.pad}`;

function operands(c: Case, seed: number) {
  const x = uniform([c.batch, ...c.size, c.inChannels], seed) as tf.Tensor4D;
  const filter = uniform(
    [c.kernel, c.kernel, c.inChannels, c.outChannels],
    seed + 1,
  ) as tf.Tensor4D;
  const outShape = tf.conv2d(x, filter, c.stride, c.pad).shape;
  const dy = uniform(outShape, seed + 2) as tf.Tensor4D;
  const bias = uniform([c.outChannels], seed + 3) as tf.Tensor1D;
  return { x, filter, dy, bias };
}

describe.skipIf(!availability.ok)(
  'convolution kernels agree with the stock cpu kernels (≤ 1e-4 relative)',
  () => {
    it.each(cases.map((c) => [name(c), c] as const))(
      'Conv2D, Conv2DBackpropInput, Conv2DBackpropFilter: %s',
      (_, c) => {
        const { stock, onednn } = stockAndOneDnn(() => {
          const { x, filter, dy } = operands(c, 11);
          // d/dx and d/dfilter of sum(conv2d(x, filter) · dy) are exactly the two backprop kernels.
          const loss = (a: tf.Tensor, b: tf.Tensor) =>
            tf.sum(tf.mul(tf.conv2d(a as tf.Tensor4D, b as tf.Tensor4D, c.stride, c.pad), dy));
          const [dx, dfilter] = tf.grads(loss)([x, filter]) as [tf.Tensor, tf.Tensor];
          return [tf.conv2d(x, filter, c.stride, c.pad), dx, dfilter];
        });
        for (const [i, kernel] of [
          'Conv2D',
          'Conv2DBackpropInput',
          'Conv2DBackpropFilter',
        ].entries()) {
          const error = relativeError(onednn[i] as Float32Array, stock[i] as Float32Array);
          expect(error, `${kernel}, ${name(c)}`).toBeLessThanOrEqual(1e-4);
        }
      },
    );

    it.each(cases.filter((_, i) => i % 2 === 0).map((c) => [name(c), c] as const))(
      'FusedConv2D with bias + relu and its gradients: %s',
      (_, c) => {
        const { stock, onednn } = stockAndOneDnn(() => {
          const { x, filter, dy, bias } = operands(c, 23);
          const fused = (a: tf.Tensor4D, b: tf.Tensor4D, v: tf.Tensor1D) =>
            tf.fused.conv2d({
              x: a,
              filter: b,
              bias: v,
              strides: c.stride,
              pad: c.pad,
              activation: 'relu',
            });
          const loss = (a: tf.Tensor, b: tf.Tensor, v: tf.Tensor) =>
            tf.sum(tf.mul(fused(a as tf.Tensor4D, b as tf.Tensor4D, v as tf.Tensor1D), dy));
          return [fused(x, filter, bias), ...(tf.grads(loss)([x, filter, bias]) as tf.Tensor[])];
        });
        for (const [i, what] of ['output', 'dx', 'dfilter', 'dbias'].entries()) {
          const error = relativeError(onednn[i] as Float32Array, stock[i] as Float32Array);
          expect(error, `FusedConv2D ${what}, ${name(c)}`).toBeLessThanOrEqual(1e-4);
        }
      },
    );

    it('a ReLU-fused output has no negative values and equals relu(conv2d + bias) computed by hand', () => {
      // 1×2×2×1 input, 1×1 filter of weight 2, bias −3: relu(2·x − 3) for x = 1, 2, −1, 4.
      const { onednn } = stockAndOneDnn(() => [
        tf.fused.conv2d({
          x: tf.tensor4d([1, 2, -1, 4], [1, 2, 2, 1]),
          filter: tf.tensor4d([2], [1, 1, 1, 1]),
          bias: tf.tensor1d([-3]),
          strides: 1,
          pad: 'valid',
          activation: 'relu',
        }),
      ]);
      expect(Array.from(onednn[0] as Float32Array)).toEqual([0, 1, 0, 5]);
    });

    it('activations oneDNN cannot fuse (elu) fall back to the stock kernel with the same result', () => {
      const c = cases[3] as Case;
      const { stock, onednn } = stockAndOneDnn(() => {
        const { x, filter, bias } = operands(c, 5);
        return [
          tf.fused.conv2d({ x, filter, bias, strides: c.stride, pad: c.pad, activation: 'elu' }),
        ];
      });
      expect(
        relativeError(onednn[0] as Float32Array, stock[0] as Float32Array),
      ).toBeLessThanOrEqual(1e-4);
    });
  },
);
