import { Square as kernelName } from '@tensorflow/tfjs-core';
import { NativeUnaryOp } from '../native.js';
import { unaryKernel } from '../unary-kernel.js';

/** Element-wise square(x) for float32. */
export const squareKernel = unaryKernel(kernelName, NativeUnaryOp.Square);
