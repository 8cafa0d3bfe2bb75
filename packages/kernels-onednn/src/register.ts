import '@tensorflow/tfjs-backend-cpu';
import {
  getKernel,
  type KernelConfig,
  registerGradient,
  registerKernel,
  unregisterKernel,
} from '@tensorflow/tfjs-core';
import {
  batchNormTrainGradient,
  batchNormTrainGradKernel,
  batchNormTrainGradKernelName,
  batchNormTrainKernel,
  batchNormTrainKernelName,
} from './batch-norm-training.js';
import { addKernel } from './kernels/Add.js';
import { conv2DKernel } from './kernels/Conv2D.js';
import { conv2DBackpropFilterKernel } from './kernels/Conv2DBackpropFilter.js';
import { conv2DBackpropInputKernel } from './kernels/Conv2DBackpropInput.js';
import { fusedBatchNormKernel } from './kernels/FusedBatchNorm.js';
import { fusedConv2DKernel } from './kernels/FusedConv2D.js';
import { maxPoolKernel } from './kernels/MaxPool.js';
import { maxPoolGradKernel } from './kernels/MaxPoolGrad.js';
import { meanKernel } from './kernels/Mean.js';
import { multiplyKernel } from './kernels/Multiply.js';
import { realDivKernel } from './kernels/RealDiv.js';
import { reluKernel } from './kernels/Relu.js';
import { sqrtKernel } from './kernels/Sqrt.js';
import { squareKernel } from './kernels/Square.js';
import { stepKernel } from './kernels/Step.js';
import { subKernel } from './kernels/Sub.js';
import { sumKernel } from './kernels/Sum.js';
import { tileKernel } from './kernels/Tile.js';
import type { OneDnnAddon } from './native.js';
import { loadAddon } from './native.js';
import type { OneDnnKernel } from './onednn-kernel.js';
import { setOutputPooling } from './output-pool.js';
import { reluGradient, reluGradKernel, reluGradKernelName } from './relu-gradient.js';

/** Result of {@link loadOneDnnKernels}: the kernels now served by oneDNN, or why none are. */
export type OneDnnLoadResult =
  | { ok: true; threads: number; kernels: string[] }
  | { ok: false; reason: string };

// Chosen from a profile of a ResNet-18 ranking step on the cpu backend (README): the
// convolutions, then the element-wise ops of Adam and batch-norm's gradient, which the stock
// backend broadcasts per element with index arithmetic, the tiling in batch-norm's gradient,
// max-pool and its gradient; then (second profile) relu, its Step mask and batch-norm.
const kernels: OneDnnKernel[] = [
  conv2DKernel,
  fusedConv2DKernel,
  conv2DBackpropInputKernel,
  conv2DBackpropFilterKernel,
  addKernel,
  subKernel,
  multiplyKernel,
  realDivKernel,
  sqrtKernel,
  squareKernel,
  sumKernel,
  meanKernel,
  maxPoolGradKernel,
  tileKernel,
  reluKernel,
  stepKernel,
  fusedBatchNormKernel,
  maxPoolKernel,
];

/** Kernels with no stock counterpart, run by batchNormTraining and the Relu gradient. */
const ownKernels: {
  kernelName: string;
  create: (addon: OneDnnAddon) => KernelConfig['kernelFunc'];
}[] = [
  { kernelName: batchNormTrainKernelName, create: batchNormTrainKernel },
  { kernelName: batchNormTrainGradKernelName, create: batchNormTrainGradKernel },
  { kernelName: reluGradKernelName, create: reluGradKernel },
];

const backendName = 'cpu';
/** The stock kernels replaced, to put back in {@link restoreStockKernels}. */
let replaced: KernelConfig[] | undefined;

/**
 * Registers oneDNN kernels for tfjs's `cpu` backend when the native addon and libdnnl load.
 * Never throws: on failure the stock kernels stay and `reason` says why in one line. Calling it
 * again after success returns the same answer without registering twice.
 */
export function loadOneDnnKernels(): OneDnnLoadResult {
  try {
    const loaded = loadAddon();
    if (!loaded.ok) return { ok: false, reason: loaded.reason };
    const { addon } = loaded;
    if (replaced === undefined) {
      const stock = kernels.map((kernel) => getKernel(kernel.kernelName, backendName));
      const missing = kernels
        .filter((_, i) => stock[i] === undefined)
        .map((kernel) => kernel.kernelName);
      if (missing.length > 0) {
        return {
          ok: false,
          reason: `the cpu backend has no stock kernel for ${missing.join(', ')}`,
        };
      }
      replaced = stock as KernelConfig[];
      for (const [i, kernel] of kernels.entries()) {
        const original = replaced[i] as KernelConfig;
        unregisterKernel(kernel.kernelName, backendName);
        registerKernel({
          kernelName: kernel.kernelName,
          backendName,
          kernelFunc: kernel.create(addon, original.kernelFunc),
        });
      }
      for (const kernel of ownKernels) {
        registerKernel({
          kernelName: kernel.kernelName,
          backendName,
          kernelFunc: kernel.create(addon),
        });
      }
      registerGradient(batchNormTrainGradient);
      // Replaces tfjs's Relu gradient for every backend; it falls back to tfjs's formula
      // wherever the fused kernel is not registered.
      registerGradient(reluGradient);
      setOutputPooling(true);
    }
    return {
      ok: true,
      threads: addon.threads(),
      kernels: [...kernels, ...ownKernels].map((kernel) => kernel.kernelName),
    };
  } catch (error) {
    return {
      ok: false,
      reason: `oneDNN kernels not registered: ${error instanceof Error ? error.message : String(error)}`,
    };
  }
}

/** Puts the stock cpu kernels back (for comparisons and tests); a no-op when none were replaced. */
export function restoreStockKernels(): void {
  if (replaced === undefined) return;
  for (const original of replaced) {
    unregisterKernel(original.kernelName, backendName);
    registerKernel(original);
  }
  for (const kernel of ownKernels) unregisterKernel(kernel.kernelName, backendName);
  setOutputPooling(false);
  replaced = undefined;
}
