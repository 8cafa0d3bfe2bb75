import type { MathBackendCPU } from '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import { NativeBinaryOp, type OneDnnAddon } from './native.js';
import { runNative } from './native-call.js';
import { outputArray } from './output-pool.js';
import { floatValues } from './tensor-data.js';

/** dy · step(x) in one native pass (tfjs's Relu gradient is Step, Cast and Multiply). */
export const reluGradKernelName = 'OneDnnReluGrad';

/** The fused kernel: inputs dy and x of equal shape, float32. */
export function reluGradKernel(addon: OneDnnAddon): tf.KernelFunc {
  return ({ inputs, backend }) => {
    const { dy, x } = inputs as { dy: tf.TensorInfo; x: tf.TensorInfo };
    const cpu = backend as MathBackendCPU;
    const out = outputArray(cpu, tf.util.sizeFromShape(x.shape));
    runNative(reluGradKernelName, { dy, x }, () =>
      addon.binary(
        NativeBinaryOp.ReluGrad,
        floatValues(cpu, dy, `${reluGradKernelName} dy`),
        floatValues(cpu, x, `${reluGradKernelName} x`),
        false,
        1,
        out.length,
        out,
      ),
    );
    return cpu.makeTensorInfo(x.shape, 'float32', out);
  };
}

/**
 * Relu's gradient, replacing tfjs's (registered by loadOneDnnKernels): the fused kernel where it
 * is registered (cpu backend, oneDNN loaded) and both operands are float32 of one shape, else
 * tfjs's own formula dy · cast(step(x)), so other backends are unaffected.
 */
export const reluGradient: tf.GradConfig = {
  kernelName: tf.Relu,
  inputsToSave: ['x'],
  gradFunc: (dy, saved) => {
    const [x] = saved as [tf.Tensor];
    const gradient = dy as tf.Tensor;
    const fused =
      tf.getBackend() === 'cpu' &&
      tf.getKernel(reluGradKernelName, 'cpu') !== undefined &&
      x.dtype === 'float32' &&
      gradient.dtype === 'float32' &&
      tf.util.arraysEqual(x.shape, gradient.shape);
    return {
      x: () =>
        fused
          ? (tf.engine().runKernel(reluGradKernelName, { dy: gradient, x }) as tf.Tensor)
          : tf.mul(gradient, tf.cast(tf.step(x), 'float32')),
    };
  },
};
