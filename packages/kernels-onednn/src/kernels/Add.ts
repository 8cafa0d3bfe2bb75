import { Add as kernelName } from '@tensorflow/tfjs-core';
import { binaryKernel } from '../binary-kernel.js';
import { NativeBinaryOp } from '../native.js';

/** Element-wise a add b (float32; equal shapes, scalars, per-channel vectors). */
export const addKernel = binaryKernel(kernelName, NativeBinaryOp.Add);
