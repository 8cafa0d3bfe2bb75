import { Multiply as kernelName } from '@tensorflow/tfjs-core';
import { binaryKernel } from '../binary-kernel.js';
import { NativeBinaryOp } from '../native.js';

/** Element-wise a mul b (float32; equal shapes, scalars, per-channel vectors). */
export const multiplyKernel = binaryKernel(kernelName, NativeBinaryOp.Mul);
