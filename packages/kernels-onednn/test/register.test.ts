import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { resnet18RankingStep } from '../bench/resnet-step.js';
import { loadOneDnnKernels, OneDnnError, restoreStockKernels } from '../src/index.js';
import { loadAddonFrom } from '../src/native.js';
import { availability, relativeError, stockAndOneDnn, uniform } from './compare.js';

describe('loading the addon', () => {
  it('says the addon is not built, naming the path, when the file is missing', () => {
    const result = loadAddonFrom('/nonexistent/onednn.node');
    expect(result).toEqual({
      ok: false,
      reason: expect.stringMatching(
        /^native addon not built \(\/nonexistent\/onednn\.node missing; install libdnnl-dev/,
      ),
    });
  });

  it('returns a one-line reason instead of throwing when the file is not a loadable addon', () => {
    const path = join(mkdtempSync(join(tmpdir(), 'onednn-')), 'onednn.node');
    writeFileSync(path, 'not a shared object');
    const result = loadAddonFrom(path);
    expect(result.ok).toBe(false);
    expect(!result.ok && result.reason).toMatch(/^cannot load native addon: .*onednn\.node/);
    expect(!result.ok && result.reason.includes('\n')).toBe(false);
  });
});

describe.skipIf(!availability.ok)('registered kernels', () => {
  it('loadOneDnnKernels reports the thread count and the kernels it registered, idempotently', () => {
    const first = loadOneDnnKernels();
    const second = loadOneDnnKernels();
    restoreStockKernels();
    expect(first).toEqual(second);
    expect(first.ok && first.threads).toBeGreaterThanOrEqual(1);
    expect(first.ok && first.kernels).toEqual(
      expect.arrayContaining([
        'Conv2D',
        'FusedConv2D',
        'Conv2DBackpropInput',
        'Conv2DBackpropFilter',
      ]),
    );
  });

  it('restoreStockKernels puts the stock kernels back', () => {
    const stock = tf.getKernel('Conv2D', 'cpu')?.kernelFunc;
    loadOneDnnKernels();
    const replaced = tf.getKernel('Conv2D', 'cpu')?.kernelFunc;
    restoreStockKernels();
    expect(replaced).not.toBe(stock);
    expect(tf.getKernel('Conv2D', 'cpu')?.kernelFunc).toBe(stock);
  });

  it('leaks no tensors over repeated forward and backward passes', () => {
    loadOneDnnKernels();
    try {
      const x = uniform([2, 9, 9, 3], 1) as tf.Tensor4D;
      const filter = tf.variable(uniform([3, 3, 3, 4], 2)) as tf.Variable<tf.Rank.R4>;
      const offset = tf.variable(uniform([4], 3));
      const scale = tf.variable(uniform([4], 4));
      const step = () =>
        tf.tidy(() => {
          const { grads } = tf.variableGrads(() => {
            const y = tf.fused.conv2d({ x, filter, strides: 2, pad: 'same', activation: 'relu' });
            const { mean, variance } = tf.moments(y, [0, 1, 2]);
            return tf.mean(
              tf.square(
                tf.maxPool(
                  tf.batchNorm(y, mean, variance, offset, scale) as tf.Tensor4D,
                  3,
                  2,
                  'same',
                ),
              ),
            );
          });
          return grads;
        });
      tf.dispose(step());
      const before = tf.memory().numTensors;
      for (let i = 0; i < 3; i++) tf.dispose(step());
      expect(tf.memory().numTensors).toBe(before);
      tf.dispose([x, filter, offset, scale]);
    } finally {
      restoreStockKernels();
    }
  });

  it('a failing native call throws OneDnnError naming the kernel and the input shapes', () => {
    loadOneDnnKernels();
    try {
      // The filter claims 3 input channels, x has 2: tfjs's op checks this, the kernel must too.
      const x = tf.zeros([1, 4, 4, 2]);
      const filter = tf.zeros([3, 3, 3, 8]);
      const run = () =>
        tf
          .engine()
          .runKernel(
            'Conv2D',
            { x, filter },
            { strides: 1, pad: 'same', dataFormat: 'NHWC', dilations: 1 },
          );
      expect(run).toThrow(OneDnnError);
      expect(run).toThrow(
        /^Conv2D \(x \[1, 4, 4, 2\], filter \[3, 3, 3, 8\]\): filter: expected 144 floats, got 216$/,
      );
      tf.dispose([x, filter]);
    } finally {
      restoreStockKernels();
    }
  });
});

describe.skipIf(!availability.ok)('a whole training step', () => {
  it('gives the same flattened batch gradient with oneDNN kernels as with the stock cpu kernels (≤ 1e-3)', () => {
    // A narrow ResNet-18 (stage widths 4-8-16-32) on 32×32 inputs, 2 pairs: every replaced kernel
    // runs (convolutions and their gradients, batch-norm, max-pool, Adam-free element-wise ops).
    const { stock, onednn } = stockAndOneDnn(() => {
      const step = resnet18RankingStep(32, 32, 2, 4);
      const gradient = step.gradient();
      step.dispose();
      return [tf.tensor1d(gradient)];
    });
    expect(onednn[0]?.length).toBe(stock[0]?.length);
    expect(relativeError(onednn[0] as Float32Array, stock[0] as Float32Array)).toBeLessThanOrEqual(
      1e-3,
    );
  });
});
