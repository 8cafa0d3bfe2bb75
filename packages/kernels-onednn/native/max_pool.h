// Gradient of 2-D max pooling on NHWC data, as tfjs defines it: each output's gradient goes to
// the first (row-major) largest input of its window; padding never wins.
#pragma once

#include "convolution.h"

namespace ranker {

// dx (zeroed here) += dy routed to each window's maximum of x; s describes the pooling window as
// a convolution geometry with inChannels == outChannels.
void maxPoolGrad(const ConvShape& s, const float* x, const float* dy, float* dx);

}  // namespace ranker
