import {
  getKernel,
  type KernelConfig,
  registerKernel,
  unregisterKernel,
} from '@tensorflow/tfjs-core';
import { conv2DBackpropFilterConfig } from './Conv2DBackpropFilter.js';
import { conv2DBackpropInputConfig } from './Conv2DBackpropInput.js';

/** Registers (replacing any existing) the convolution-gradient kernels for a backend. */
export function registerConvolutionGradientKernels(backendName: string): string[] {
  const configs: KernelConfig[] = [
    conv2DBackpropFilterConfig(backendName),
    conv2DBackpropInputConfig(backendName),
  ];
  for (const config of configs) {
    // Unregister first: registerKernel warns (once per kernel) when replacing one.
    if (getKernel(config.kernelName, backendName) !== undefined) {
      unregisterKernel(config.kernelName, backendName);
    }
    registerKernel(config);
  }
  return configs.map((c) => c.kernelName);
}
