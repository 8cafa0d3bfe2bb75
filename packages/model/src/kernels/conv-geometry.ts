import { backend_util } from '@tensorflow/tfjs-core';

/** The attributes both convolution-gradient kernels receive about their forward convolution. */
export interface ForwardConvAttrs {
  strides: [number, number] | number;
  pad: 'same' | 'valid' | number | backend_util.ExplicitPadding;
  dimRoundingMode?: 'floor' | 'round' | 'ceil';
}

export interface ForwardConvGeometry {
  info: backend_util.Conv2DInfo;
  /**
   * Zero rows/columns the forward convolution read beyond each edge of its input. top/left are
   * tfjs's padding; bottom/right are derived from the last window, (out − 1)·s + k − top − size,
   * and are negative when the last rows/columns were never read.
   */
  pad: { top: number; bottom: number; left: number; right: number };
}

/** The geometry of the forward convolution x [n, h, w, ci] ⊛ filter [kh, kw, ci, co] (NHWC). */
export function forwardConvGeometry(
  xShape: [number, number, number, number],
  filterShape: [number, number, number, number],
  { strides, pad, dimRoundingMode }: ForwardConvAttrs,
): ForwardConvGeometry {
  const info = backend_util.computeConv2DInfo(
    xShape,
    filterShape,
    strides,
    1,
    pad,
    dimRoundingMode,
  );
  const { top, left } = info.padInfo;
  return {
    info,
    pad: {
      top,
      bottom: (info.outHeight - 1) * info.strideHeight + info.filterHeight - top - xShape[1],
      left,
      right: (info.outWidth - 1) * info.strideWidth + info.filterWidth - left - xShape[2],
    },
  };
}
