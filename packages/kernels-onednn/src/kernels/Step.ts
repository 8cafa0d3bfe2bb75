import { Step as kernelName } from '@tensorflow/tfjs-core';
import { NativeUnaryOp } from '../native.js';
import { unaryKernel } from '../unary-kernel.js';

/** 1 where x > 0, else alpha (NaN stays NaN): the mask tfjs multiplies into relu's gradient. */
export const stepKernel = unaryKernel(kernelName, NativeUnaryOp.Step);
