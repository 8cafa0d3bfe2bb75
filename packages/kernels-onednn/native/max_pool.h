// 2-D max pooling on NHWC data and its gradient, as tfjs defines them: padding never wins, and
// each output's gradient goes to the first (row-major) largest input of its window.
#pragma once

#include "convolution.h"

namespace ranker {

// out = maximum of each window of x.
void maxPool(const ConvShape& s, const float* x, float* out);

// dx (zeroed here) += dy routed to each window's maximum of x; s describes the pooling window as
// a convolution geometry with inChannels == outChannels.
void maxPoolGrad(const ConvShape& s, const float* x, const float* dy, float* dx);

}  // namespace ranker
