import { Sqrt as kernelName } from '@tensorflow/tfjs-core';
import { NativeUnaryOp } from '../native.js';
import { unaryKernel } from '../unary-kernel.js';

/** Element-wise sqrt(x) for float32. */
export const sqrtKernel = unaryKernel(kernelName, NativeUnaryOp.Sqrt);
