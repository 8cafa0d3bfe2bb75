import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { selectBackend } from '../src/backend.js';
import { createRandom } from '../src/random.js';

type Pad = 'same' | 'valid' | number;
interface Case {
  n: number;
  h: number;
  w: number;
  ci: number;
  co: number;
  k: number;
  stride: number;
  pad: Pad;
}

// 1×1 / 3×3 / 7×7, stride 1 and 2, odd and even sizes, 'same', 'valid' and explicit padding.
// The input gradient takes its matrix-product path for stride 2 and for the cases with many
// channels and few positions below, its convolution path for the other stride-1 cases.
const cases: Case[] = [];
for (const k of [1, 3, 7]) {
  for (const stride of [1, 2]) {
    for (const pad of ['same', 'valid', Math.floor(k / 2)] as Pad[]) {
      for (const [h, w] of [
        [9, 9],
        [10, 7],
      ]) {
        cases.push({ n: 2, h, w, ci: 3, co: 4, k, stride, pad });
      }
    }
  }
}
for (const stride of [1, 2]) {
  for (const pad of ['same', 'valid', 1] as Pad[]) {
    cases.push({ n: 1, h: 4, w: 3, ci: 16, co: 12, k: 3, stride, pad });
  }
}
// Deep-layer shapes: filters larger than the activations.
for (const stride of [1, 2]) {
  for (const pad of ['same', 1] as Pad[]) {
    cases.push({ n: 1, h: 2, w: 2, ci: 32, co: 32, k: 3, stride, pad });
  }
}

function randomArray(length: number, random: () => number): Float32Array {
  return Float32Array.from({ length }, () => 2 * random() - 1);
}

/** Direct summation in float64 of dW[a,b,ci,co] = Σ x[n, i·s+a−pt, j·s+b−pl, ci]·dy[n,i,j,co]. */
function directGradients(c: Case, x: Float32Array, w: Float32Array, dy: Float32Array) {
  const info = tf.backend_util.computeConv2DInfo(
    [c.n, c.h, c.w, c.ci],
    [c.k, c.k, c.ci, c.co],
    c.stride,
    1,
    c.pad,
  );
  const { outHeight: oh, outWidth: ow } = info;
  const { top, left } = info.padInfo;
  const dW = new Float64Array(c.k * c.k * c.ci * c.co);
  const dx = new Float64Array(c.n * c.h * c.w * c.ci);
  for (let n = 0; n < c.n; n++)
    for (let i = 0; i < oh; i++)
      for (let j = 0; j < ow; j++)
        for (let a = 0; a < c.k; a++)
          for (let b = 0; b < c.k; b++) {
            const r = i * c.stride + a - top;
            const s = j * c.stride + b - left;
            if (r < 0 || r >= c.h || s < 0 || s >= c.w) continue;
            for (let ci = 0; ci < c.ci; ci++)
              for (let co = 0; co < c.co; co++) {
                const g = dy[((n * oh + i) * ow + j) * c.co + co];
                const xi = ((n * c.h + r) * c.w + s) * c.ci + ci;
                const wi = ((a * c.k + b) * c.ci + ci) * c.co + co;
                dW[wi] += x[xi] * g;
                dx[xi] += w[wi] * g;
              }
          }
  return { dW, dx, outShape: [c.n, oh, ow, c.co] as [number, number, number, number] };
}

function maxAbs(values: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < values.length; i++) m = Math.max(m, Math.abs(values[i]));
  return m;
}

for (const backendName of ['cpu', 'wasm'] as const) {
  describe(`convolution gradient kernels on ${backendName}`, () => {
    beforeAll(async () => {
      await selectBackend(backendName, () => {});
    });
    afterAll(() => {});

    it.each(cases)(
      'match direct summation: n=$n h=$h w=$w ci=$ci co=$co k=$k stride=$stride pad=$pad',
      (c) => {
        const random = createRandom(c.h * 1000 + c.k * 10 + c.stride);
        const x = randomArray(c.n * c.h * c.w * c.ci, random);
        const w = randomArray(c.k * c.k * c.ci * c.co, random);
        const probe = directGradients(c, x, w, new Float32Array(0));
        const dy = randomArray(
          probe.outShape.reduce((p, q) => p * q),
          random,
        );
        const truth = directGradients(c, x, w, dy);

        const before = tf.memory().numTensors;
        const xT = tf.tensor4d(x, [c.n, c.h, c.w, c.ci]);
        const wT = tf.tensor4d(w, [c.k, c.k, c.ci, c.co]);
        const dyT = tf.tensor4d(dy, truth.outShape);
        const attrs = { strides: c.stride, pad: c.pad, dataFormat: 'NHWC' };
        const dW = tf.engine().runKernel(
          'Conv2DBackpropFilter',
          { x: xT, dy: dyT },
          {
            ...attrs,
            filterShape: [c.k, c.k, c.ci, c.co],
          },
        ) as tf.Tensor;
        const dx = tf.engine().runKernel(
          'Conv2DBackpropInput',
          { dy: dyT, filter: wT },
          {
            ...attrs,
            inputShape: [c.n, c.h, c.w, c.ci],
          },
        ) as tf.Tensor;
        expect(dW.shape).toEqual([c.k, c.k, c.ci, c.co]);
        expect(dx.shape).toEqual([c.n, c.h, c.w, c.ci]);
        const dWValues = dW.dataSync();
        const dxValues = dx.dataSync();
        const tolerance = 1e-5 * Math.max(1, maxAbs(truth.dW), maxAbs(truth.dx));
        for (let i = 0; i < truth.dW.length; i++) {
          expect(Math.abs(dWValues[i] - truth.dW[i])).toBeLessThan(tolerance);
        }
        for (let i = 0; i < truth.dx.length; i++) {
          expect(Math.abs(dxValues[i] - truth.dx[i])).toBeLessThan(tolerance);
        }
        tf.dispose([xT, wT, dyT, dW, dx]);
        expect(tf.memory().numTensors).toBe(before);
      },
    );
  });
}
