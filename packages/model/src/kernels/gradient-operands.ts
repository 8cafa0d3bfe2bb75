import type { backend_util, KernelBackend, TensorInfo } from '@tensorflow/tfjs-core';
import { ModelError } from '../errors.js';
import { callKernel } from './backend-calls.js';

/** [n, c, h, w] → [n, h, w, c]: the gradient kernels compute in NHWC only. */
export function nchwToNhwc(backend: KernelBackend, backendName: string, x: TensorInfo): TensorInfo {
  return callKernel(backend, backendName, 'Transpose', { x }, { perm: [0, 2, 3, 1] });
}

/** [n, h, w, c] → [n, c, h, w]. */
export function nhwcToNchw(backend: KernelBackend, backendName: string, x: TensorInfo): TensorInfo {
  return callKernel(backend, backendName, 'Transpose', { x }, { perm: [0, 3, 1, 2] });
}

/**
 * dy (NHWC) as the forward geometry implies it, [n, outHeight, outWidth, outChannels]. tfjs
 * accepts a larger one: tf.conv2dTranspose with an outputShape its input could not have come
 * from ("input=8x8x8, output=4x4x8, s=1, same"). The stock kernels then read dy's top-left
 * outHeight × outWidth corner by dy's own strides; so does this, by cropping. Returns dy itself
 * when it already has the shape.
 */
export function dyForGeometry(
  backend: KernelBackend,
  backendName: string,
  dy: TensorInfo,
  info: backend_util.Conv2DInfo,
  kernelName: string,
): TensorInfo {
  const expected = [info.batchSize, info.outHeight, info.outWidth, info.outChannels];
  const [n, h, w, c] = dy.shape;
  if (dy.shape.every((d, k) => d === expected[k])) return dy;
  if (n !== info.batchSize || c !== info.outChannels || h < info.outHeight || w < info.outWidth) {
    throw new ModelError(
      'INVALID_TENSOR',
      `${kernelName}: dy has shape [${dy.shape.join(', ')}], expected [${expected.join(', ')}] (or larger in height and width) for this convolution`,
    );
  }
  return callKernel(
    backend,
    backendName,
    'Slice',
    { x: dy },
    { begin: [0, 0, 0, 0], size: expected },
  );
}
