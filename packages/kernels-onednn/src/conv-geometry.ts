import type { backend_util } from '@tensorflow/tfjs-core';
import type { ConvGeometry } from './native.js';

/** The addon's geometry vector for a tfjs Conv2DInfo (NHWC, computed by computeConv2DInfo). */
export function convGeometry(info: backend_util.Conv2DInfo): ConvGeometry {
  const { padInfo } = info;
  return [
    info.batchSize,
    info.inHeight,
    info.inWidth,
    info.inChannels,
    info.filterHeight,
    info.filterWidth,
    info.outChannels,
    info.outHeight,
    info.outWidth,
    info.strideHeight,
    info.strideWidth,
    info.dilationHeight,
    info.dilationWidth,
    padInfo.top,
    padInfo.left,
    padInfo.bottom,
    padInfo.right,
  ];
}

/** True when oneDNN's kernels cover this convolution (the addon handles NHWC float32 only). */
export function isNativeConvolution(info: backend_util.Conv2DInfo, ...dtypes: string[]): boolean {
  return info.dataFormat === 'channelsLast' && dtypes.every((dtype) => dtype === 'float32');
}
