// NHWC activations (tfjs) to and from oneDNN's nChw8c layout, as copies of 8-float runs.
// oneDNN 2.6's generic reorder (jit:uni) between the two took ~1.2 ms for an 8×4×4×512 tensor
// of 256 KiB, a third of the convolution it fed; a ResNet step does six per convolution.
#pragma once

#include <oneapi/dnnl/dnnl.hpp>

namespace ranker {

// Whether `plain` is NHWC and `chosen` nChw8c of the same dims with channels a multiple of 8
// (no padding): then copyActivation converts between them.
bool isBlockedActivation(const dnnl::memory::desc& plain, const dnnl::memory::desc& chosen);

// Copies an activation with dims (N, C, H, W) from NHWC into nChw8c, or back when !toBlocked.
void copyActivation(const dnnl::memory::dims& dims, const float* from, float* to, bool toBlocked);

}  // namespace ranker
