// 2-D convolution on NHWC activations and HWIO filters (the tfjs layouts), forward with
// optional bias and ReLU, and both gradients.
#pragma once

namespace ranker {

// Geometry of one convolution, in tfjs's terms (padding as computed by computeConv2DInfo).
struct ConvShape {
  long batch, inHeight, inWidth, inChannels;
  long filterHeight, filterWidth, outChannels;
  long outHeight, outWidth;
  long strideHeight, strideWidth, dilationHeight, dilationWidth;
  long padTop, padLeft, padBottom, padRight;
};

enum class Activation { Linear = 0, Relu = 1 };

// out[n,oh,ow,oc] = act(sum x * filter + bias[oc]); bias may be null.
void convolutionForward(const ConvShape& s, const float* x, const float* filter, const float* bias,
                        Activation activation, float* out);
// dx = gradient of the convolution with respect to its input, given dy.
void convolutionBackwardData(const ConvShape& s, const float* dy, const float* filter, float* dx);
// dfilter = gradient with respect to the filter, given the input x and dy.
void convolutionBackwardWeights(const ConvShape& s, const float* x, const float* dy, float* dfilter);

}  // namespace ranker
