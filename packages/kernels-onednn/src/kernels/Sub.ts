import { Sub as kernelName } from '@tensorflow/tfjs-core';
import { binaryKernel } from '../binary-kernel.js';
import { NativeBinaryOp } from '../native.js';

/** Element-wise a sub b (float32; equal shapes, scalars, per-channel vectors). */
export const subKernel = binaryKernel(kernelName, NativeBinaryOp.Sub);
