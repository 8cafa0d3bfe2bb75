import type { MathBackendCPU } from '@tensorflow/tfjs-backend-cpu';
import { Tile as kernelName, type TensorInfo, type TileAttrs, util } from '@tensorflow/tfjs-core';
import type { OneDnnKernel } from '../onednn-kernel.js';
import { outputArray } from '../output-pool.js';
import { floatValues } from '../tensor-data.js';

/**
 * True when tiling only repeats x as a whole block: every repeated axis comes before every axis
 * where x has more than one element (batch-norm's gradient tiles [1,1,1,C] by [N,H,W,1]).
 */
export function isBlockRepeat(shape: number[], reps: number[]): boolean {
  const firstData = shape.findIndex((d) => d !== 1);
  return firstData === -1 || reps.every((r, i) => r === 1 || i < firstData);
}

/**
 * tf.tile for float32 block repeats as consecutive copies of x (memcpy), instead of the stock
 * kernel's per-element index arithmetic. Runs in JavaScript: a copy needs no oneDNN.
 */
export const tileKernel: OneDnnKernel = {
  kernelName,
  create: (_addon, stock) => (args) => {
    const { x } = args.inputs as { x: TensorInfo };
    const { reps } = args.attrs as unknown as TileAttrs;
    if (x.dtype !== 'float32' || !isBlockRepeat(x.shape, reps)) return stock(args);
    const backend = args.backend as MathBackendCPU;
    const values = floatValues(backend, x, 'Tile x');
    const shape = x.shape.map((d, i) => d * (reps[i] as number));
    const out = outputArray(backend, util.sizeFromShape(shape));
    for (let offset = 0; offset < out.length; offset += values.length) out.set(values, offset);
    return backend.makeTensorInfo(shape, 'float32', out);
  },
};
