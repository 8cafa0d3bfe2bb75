#include "activation_layout.h"

#include <algorithm>

#include "parallel.h"

namespace ranker {

using dnnl::memory;

bool isBlockedActivation(const memory::desc& plain, const memory::desc& chosen) {
  const memory::dims dims = plain.dims();
  if (dims.size() != 4 || dims[1] % 8 != 0) return false;
  const auto f32 = memory::data_type::f32;
  return plain == memory::desc(dims, f32, memory::format_tag::nhwc) &&
         chosen == memory::desc(dims, f32, memory::format_tag::nChw8c);
}

void copyActivation(const memory::dims& dims, const float* from, float* to, bool toBlocked) {
  const long images = dims[0], channels = dims[1], pixels = dims[2] * dims[3];
  const long blocks = channels / 8;
  // One task per image and block of 8 channels: in NHWC those 8 floats repeat every `channels`
  // floats, in nChw8c they are contiguous over the block's pixels.
#pragma omp parallel for num_threads(threadsFor(images * channels * pixels))
  for (long task = 0; task < images * blocks; task++) {
    const long image = task / blocks, block = task % blocks;
    const long nhwc = image * pixels * channels + block * 8;
    const long blocked = task * pixels * 8;
    for (long p = 0; p < pixels; p++) {
      const float* source = toBlocked ? from + nhwc + p * channels : from + blocked + p * 8;
      float* target = toBlocked ? to + blocked + p * 8 : to + nhwc + p * channels;
      std::copy(source, source + 8, target);
    }
  }
}

}  // namespace ranker
