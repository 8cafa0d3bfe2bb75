import { backend_util } from '@tensorflow/tfjs-core';
import type { ConvGeometry } from './native.js';

type Shape4 = [number, number, number, number];

/** The attributes the convolution kernels share (Conv2DAttrs and the backprop kernels'). */
export interface ConvAttrs {
  strides: number | [number, number];
  pad: 'valid' | 'same' | number | backend_util.ExplicitPadding;
  dataFormat: 'NHWC' | 'NCHW';
  dilations?: number | [number, number];
  dimRoundingMode?: 'floor' | 'round' | 'ceil';
}

/** tfjs's Conv2DInfo for a kernel's input and filter shapes and attributes (dilation 1 if absent). */
export function convInfo(
  inShape: readonly number[],
  filterShape: readonly number[],
  attrs: ConvAttrs,
): backend_util.Conv2DInfo {
  return backend_util.computeConv2DInfo(
    inShape as Shape4,
    filterShape as Shape4,
    attrs.strides,
    attrs.dilations ?? 1,
    attrs.pad,
    attrs.dimRoundingMode,
    false,
    backend_util.convertConv2DDataFormat(attrs.dataFormat),
  );
}

/** The attributes MaxPool and MaxPoolGrad share. */
export interface PoolAttrs {
  filterSize: number | [number, number];
  strides: number | [number, number];
  pad: 'valid' | 'same' | number | backend_util.ExplicitPadding;
  dimRoundingMode?: 'floor' | 'round' | 'ceil';
}

/** tfjs's pooling geometry (a Conv2DInfo, NHWC) for an input shape and pooling attributes. */
export function poolInfo(inShape: readonly number[], attrs: PoolAttrs): backend_util.Conv2DInfo {
  return backend_util.computePool2DInfo(
    inShape as Shape4,
    attrs.filterSize,
    attrs.strides,
    1,
    attrs.pad,
    attrs.dimRoundingMode,
  );
}

/**
 * The addon's geometry vector for a tfjs Conv2DInfo (NHWC, computed by computeConv2DInfo).
 * Bottom/right padding is the exact amount the output size implies, as oneDNN defines it: negative
 * when the last window ends before the input does (a 1×1 stride-2 convolution of an even size),
 * where tfjs clamps it to 0.
 */
export function convGeometry(info: backend_util.Conv2DInfo): ConvGeometry {
  const { padInfo } = info;
  const padBottom =
    (info.outHeight - 1) * info.strideHeight +
    (info.filterHeight - 1) * info.dilationHeight +
    1 -
    info.inHeight -
    padInfo.top;
  const padRight =
    (info.outWidth - 1) * info.strideWidth +
    (info.filterWidth - 1) * info.dilationWidth +
    1 -
    info.inWidth -
    padInfo.left;
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
    padBottom,
    padRight,
  ];
}

/** True when oneDNN's kernels cover this convolution (the addon handles NHWC float32 only). */
export function isNativeConvolution(info: backend_util.Conv2DInfo, ...dtypes: string[]): boolean {
  return info.dataFormat === 'channelsLast' && dtypes.every((dtype) => dtype === 'float32');
}

/**
 * True when a gradient's dy has the shape the forward geometry implies. tfjs accepts others
 * (tf.conv2dTranspose with an outputShape its input could not have come from); the stock kernels
 * then read dy by its own strides, which the addon cannot, so those go to the stock kernel.
 */
export function matchesOutShape(info: backend_util.Conv2DInfo, dy: { shape: number[] }): boolean {
  const expected = info.outShape;
  return dy.shape.length === 4 && dy.shape.every((d, k) => d === expected[k]);
}

/**
 * True when every pooling window covers at least one input cell. A window wholly in the padding
 * (a 1×1 window, stride 2, padding 1) has no maximum: oneDNN returns −∞ there, the stock kernel
 * its own value, so such geometries go to the stock kernel.
 */
export function everyWindowReadsInput(info: backend_util.Conv2DInfo): boolean {
  const reads = (out: number, stride: number, pad: number, extent: number, size: number) =>
    Array.from({ length: out }, (_, i) => i * stride - pad).every(
      (start) => start + extent - 1 >= 0 && start < size,
    );
  return (
    reads(
      info.outHeight,
      info.strideHeight,
      info.padInfo.top,
      info.effectiveFilterHeight,
      info.inHeight,
    ) &&
    reads(
      info.outWidth,
      info.strideWidth,
      info.padInfo.left,
      info.effectiveFilterWidth,
      info.inWidth,
    )
  );
}
