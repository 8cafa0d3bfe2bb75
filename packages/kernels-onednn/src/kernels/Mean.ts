import { Mean as kernelName } from '@tensorflow/tfjs-core';
import { reduceKernel } from '../reduce-kernel.js';

/** Mean over contiguous axes (float32 in, float32 out, float64 accumulation). */
export const meanKernel = reduceKernel(kernelName, true);
