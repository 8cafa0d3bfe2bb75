import {
  getKernel,
  type KernelBackend,
  type NamedAttrMap,
  type TensorInfo,
} from '@tensorflow/tfjs-core';

/**
 * Calls another kernel of the same backend directly, as tfjs's own composite kernels do: no
 * engine bookkeeping and no gradient tape inside a kernel. Intermediates are released with
 * {@link release}.
 */
export function callKernel(
  backend: KernelBackend,
  backendName: string,
  kernelName: string,
  inputs: Record<string, TensorInfo> | TensorInfo[],
  attrs: NamedAttrMap = {},
): TensorInfo {
  const kernel = getKernel(kernelName, backendName);
  if (kernel === undefined) {
    throw new Error(`kernel '${kernelName}' is not registered for backend '${backendName}'`);
  }
  const out = kernel.kernelFunc({ inputs: inputs as Record<string, TensorInfo>, attrs, backend });
  return Array.isArray(out) ? (out[0] as TensorInfo) : out;
}

export function release(backend: KernelBackend, ...infos: TensorInfo[]): void {
  for (const info of infos) backend.disposeData(info.dataId);
}

/**
 * Pads (positive amounts) or crops (negative amounts) the two spatial axes of an NHWC tensor.
 * Convolution rewrites need both: a transposed convolution can read fewer rows than exist.
 */
export function padOrCropSpatial(
  backend: KernelBackend,
  backendName: string,
  x: TensorInfo,
  [top, bottom, left, right]: [number, number, number, number],
): TensorInfo {
  const [n, h, w, c] = x.shape as [number, number, number, number];
  let current = x;
  if (top < 0 || bottom < 0 || left < 0 || right < 0) {
    const begin = [0, Math.max(0, -top), Math.max(0, -left), 0];
    const size = [n, h - begin[1] - Math.max(0, -bottom), w - begin[2] - Math.max(0, -right), c];
    current = callKernel(backend, backendName, 'Slice', { x: current }, { begin, size });
  }
  if (top > 0 || bottom > 0 || left > 0 || right > 0) {
    const paddings = [
      [0, 0],
      [Math.max(0, top), Math.max(0, bottom)],
      [Math.max(0, left), Math.max(0, right)],
      [0, 0],
    ];
    const padded = callKernel(
      backend,
      backendName,
      'PadV2',
      { x: current },
      { paddings, constantValue: 0 },
    );
    if (current !== x) release(backend, current);
    current = padded;
  }
  return current;
}

/** A new tensor of the backend holding `values` (float32). */
export function writeFloats(
  backend: KernelBackend,
  values: Float32Array,
  shape: number[],
): TensorInfo {
  return { dataId: backend.write(values, shape, 'float32'), shape, dtype: 'float32' };
}
