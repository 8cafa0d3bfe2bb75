// HWIO filters (tfjs) to and from oneDNN's 8×8-blocked filter layouts, as plain copies of
// 8-float runs. oneDNN 2.6's generic reorder (jit:uni) took about 1 ms for a 64×64×3×3 filter
// (PyTorch's from OIHW: 0.03 ms), and a training step does three such reorders per convolution.
#pragma once

#include <oneapi/dnnl/dnnl.hpp>

namespace ranker {

enum class FilterBlocking {
  None,        // not handled here: use a oneDNN reorder
  InputOuter,  // ABcd8b8a: [O/8][I/8][H][W][8 in][8 out]
  OutputOuter  // ABcd8a8b: [O/8][I/8][H][W][8 out][8 in]
};

// Which copy converts `plain` to `chosen`: handled when plain is HWIO, chosen one of the two
// blocked layouts above, and both channel counts are multiples of 8 (no padding).
FilterBlocking filterBlocking(const dnnl::memory::desc& plain, const dnnl::memory::desc& chosen);

// Copies an HWIO filter with dims (O, I, H, W) into `blocking`'s layout, or back when !toBlocked.
void copyFilter(FilterBlocking blocking, const dnnl::memory::dims& dims, const float* from,
                float* to, bool toBlocked);

}  // namespace ranker
