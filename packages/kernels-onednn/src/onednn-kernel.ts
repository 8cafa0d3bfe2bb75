import type { KernelFunc } from '@tensorflow/tfjs-core';
import type { OneDnnAddon } from './native.js';

/**
 * A oneDNN replacement for one cpu-backend kernel. `create` receives the addon and the stock
 * kernel it replaces, which it calls for the cases oneDNN does not cover (NCHW, other dtypes,
 * activations that cannot be fused).
 */
export interface OneDnnKernel {
  kernelName: string;
  create(addon: OneDnnAddon, stock: KernelFunc): KernelFunc;
}
