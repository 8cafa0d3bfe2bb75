import type { MathBackendCPU } from '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resnet18RankingStep } from '../bench/resnet-step.js';
import { loadOneDnnKernels, oneDnnAdam, restoreStockKernels } from '../src/index.js';
import { setOutputPooling } from '../src/output-pool.js';
import { availability, uniform } from './compare.js';

/** 32 768 floats = 128 KiB: above the size from which outputs are pooled. */
const LENGTH = 32_768;

/** The buffer the cpu backend holds for `t`, looked up without readSync (which bars reuse). */
const bufferOf = (t: tf.Tensor) =>
  ((tf.backend() as MathBackendCPU).data.get(t.dataId).values as Float32Array).buffer;

const relu = (values: Float32Array) => values.map((v) => Math.max(0, v));

describe.skipIf(!availability.ok)('recycled kernel outputs', () => {
  beforeAll(() => {
    loadOneDnnKernels();
  });
  afterAll(() => restoreStockKernels());

  it('gives a disposed output’s buffer to the next output of its size, values computed anew', () => {
    const x = uniform([LENGTH], 1);
    const negated = tf.neg(x); // the stock kernel: not from the pool
    const first = tf.relu(x);
    const buffer = bufferOf(first);
    first.dispose();
    const second = tf.relu(negated);
    expect(bufferOf(second)).toBe(buffer);
    expect(second.dataSync()).toEqual(relu(negated.dataSync() as Float32Array));
    tf.dispose([x, negated, second]);
  });

  it('never reuses an array handed out by dataSync: it keeps its values after dispose', () => {
    const x = uniform([LENGTH], 2);
    const first = tf.relu(x);
    const read = first.dataSync() as Float32Array;
    const expected = read.slice();
    first.dispose();
    const later = [1, 2, 3].map((k) => tf.tidy(() => tf.relu(tf.mul(x, -k))));
    expect(later.every((t) => bufferOf(t) !== read.buffer)).toBe(true);
    expect(read).toEqual(expected);
    tf.dispose([x, ...later]);
  });

  it('keeps a buffer while a stock kernel’s view of it (a simple Slice) lives', () => {
    const x = uniform([LENGTH], 3);
    const full = tf.relu(x);
    const half = tf.slice(full, [0], [LENGTH / 2]);
    // The stock Slice shares the buffer; without that this test would prove nothing.
    expect(bufferOf(half)).toBe(bufferOf(full));
    const shared = bufferOf(full);
    const expected = relu((x.dataSync() as Float32Array).slice(0, LENGTH / 2));
    full.dispose();
    const other = tf.tidy(() => tf.relu(tf.neg(x)));
    expect(bufferOf(other)).not.toBe(shared);
    expect(half.dataSync()).toEqual(expected);
    other.dispose();
    // Once the view is gone too, the buffer is free again (half was read: it is never reused).
    half.dispose();
    tf.dispose(x);
  });

  it('frees a buffer once the last tensor viewing it is disposed', () => {
    const x = uniform([LENGTH], 4);
    const full = tf.relu(x);
    const shared = bufferOf(full);
    const half = tf.slice(full, [0], [LENGTH / 2]);
    full.dispose();
    half.dispose();
    const next = tf.relu(x);
    expect(bufferOf(next)).toBe(shared);
    tf.dispose([x, next]);
  });

  it('trains bit for bit as with fresh outputs: three ResNet steps, their losses and gradient', () => {
    // 64×64 inputs at width 8: activations of 256 KiB, above the pooled size.
    const train = (pooling: boolean) => {
      setOutputPooling(pooling);
      const step = resnet18RankingStep(64, 64, 4, 8, oneDnnAdam(1e-3));
      try {
        const losses = [step.run(), step.run(), step.run()];
        return { losses, gradient: step.gradient() };
      } finally {
        step.dispose();
        setOutputPooling(true);
      }
    };
    const fresh = train(false);
    const recycled = train(true);
    expect(recycled.losses).toEqual(fresh.losses);
    expect(recycled.gradient).toEqual(fresh.gradient);
    expect(fresh.losses.every(Number.isFinite)).toBe(true);
  });
});
