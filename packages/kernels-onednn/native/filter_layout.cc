#include "filter_layout.h"

#include "parallel.h"

namespace ranker {

using dnnl::memory;

FilterBlocking filterBlocking(const memory::desc& plain, const memory::desc& chosen) {
  const memory::dims dims = plain.dims();
  if (dims.size() != 4 || dims[0] % 8 != 0 || dims[1] % 8 != 0) return FilterBlocking::None;
  const auto f32 = memory::data_type::f32;
  if (plain != memory::desc(dims, f32, memory::format_tag::hwio)) return FilterBlocking::None;
  if (chosen == memory::desc(dims, f32, memory::format_tag::ABcd8b8a))
    return FilterBlocking::InputOuter;
  if (chosen == memory::desc(dims, f32, memory::format_tag::ABcd8a8b))
    return FilterBlocking::OutputOuter;
  return FilterBlocking::None;
}

void copyFilter(FilterBlocking blocking, const memory::dims& dims, const float* from, float* to,
                bool toBlocked) {
  const long outputs = dims[0], inputs = dims[1], height = dims[2], width = dims[3];
  const long outputBlocks = outputs / 8, inputBlocks = inputs / 8, taps = height * width;
  const bool inputOuter = blocking == FilterBlocking::InputOuter;
#pragma omp parallel for num_threads(threadsFor(outputs * inputs * taps))
  for (long block = 0; block < outputBlocks * inputBlocks; block++) {
    const long ob = block / inputBlocks, ib = block % inputBlocks;
    for (long tap = 0; tap < taps; tap++) {
      // The 8×8 tile of this block and tap: in HWIO, row i (input channel ib·8 + i) holds the
      // 8 output channels ob·8 … ob·8 + 7 contiguously.
      float* tile = (toBlocked ? to : const_cast<float*>(from)) + (block * taps + tap) * 64;
      float* hwio = (toBlocked ? const_cast<float*>(from) : to) + (tap * inputs + ib * 8) * outputs + ob * 8;
      for (long i = 0; i < 8; i++) {
        for (long o = 0; o < 8; o++) {
          float& blocked = tile[inputOuter ? i * 8 + o : o * 8 + i];
          float& plain = hwio[i * outputs + o];
          if (toBlocked) blocked = plain; else plain = blocked;
        }
      }
    }
  }
}

}  // namespace ranker
