import { Relu as kernelName } from '@tensorflow/tfjs-core';
import { NativeUnaryOp } from '../native.js';
import { unaryKernel } from '../unary-kernel.js';

/** Element-wise max(0, x) for float32 (NaN stays NaN, as in the stock kernel). */
export const reluKernel = unaryKernel(kernelName, NativeUnaryOp.Relu);
