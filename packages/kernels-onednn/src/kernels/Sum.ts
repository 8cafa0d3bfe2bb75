import { Sum as kernelName } from '@tensorflow/tfjs-core';
import { reduceKernel } from '../reduce-kernel.js';

/** Sum over contiguous axes (float32 in, float32 out, float64 accumulation). */
export const sumKernel = reduceKernel(kernelName, false);
