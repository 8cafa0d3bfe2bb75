import { RealDiv as kernelName } from '@tensorflow/tfjs-core';
import { binaryKernel } from '../binary-kernel.js';
import { NativeBinaryOp } from '../native.js';

/** Element-wise a div b (float32; equal shapes, scalars, per-channel vectors). */
export const realDivKernel = binaryKernel(kernelName, NativeBinaryOp.Div);
