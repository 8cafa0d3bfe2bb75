#include "max_pool.h"

#include <algorithm>
#include <limits>
#include <vector>

#include "parallel.h"

namespace ranker {

namespace {

// Calls visit(outputIndex, bestInputIndex) for every output position and channel of batch b;
// bestInputIndex is −1 when the window holds no value greater than −∞. Channels are innermost
// (NHWC), so each window position is compared for all channels at once, without branches so
// that the loop vectorises (GCC will not vectorise a float-compare select of an int index, so
// the index is chosen with a mask; on random data a branch mispredicts half the time).
// Indices are ints: one image of a tfjs tensor holds fewer than 2³¹ values.
template <typename Visit>
void forEachWindowMaximum(const ConvShape& s, const float* xb, Visit visit) {
  const long channels = s.inChannels;
  std::vector<float> bestValues(channels);
  std::vector<int> bestIndices(channels);
  float* __restrict best = bestValues.data();
  int* __restrict bestIndex = bestIndices.data();
  const float* __restrict x = xb;
  for (long oh = 0; oh < s.outHeight; oh++) {
    for (long ow = 0; ow < s.outWidth; ow++) {
      std::fill(best, best + channels, -std::numeric_limits<float>::infinity());
      std::fill(bestIndex, bestIndex + channels, -1);
      for (long fh = 0; fh < s.filterHeight; fh++) {
        const long ih = oh * s.strideHeight - s.padTop + fh * s.dilationHeight;
        if (ih < 0 || ih >= s.inHeight) continue;
        for (long fw = 0; fw < s.filterWidth; fw++) {
          const long iw = ow * s.strideWidth - s.padLeft + fw * s.dilationWidth;
          if (iw < 0 || iw >= s.inWidth) continue;
          const int base = static_cast<int>((ih * s.inWidth + iw) * channels);
          for (int c = 0; c < channels; c++) {
            // Strictly greater: the first maximum in row-major window order wins, as in tfjs.
            const float value = x[base + c];
            const int better = -static_cast<int>(value > best[c]);  // all ones or zero
            best[c] = value > best[c] ? value : best[c];
            bestIndex[c] = (bestIndex[c] & ~better) | ((base + c) & better);
          }
        }
      }
      const long out = (oh * s.outWidth + ow) * channels;
      for (long c = 0; c < channels; c++) visit(out + c, bestIndex[c]);
    }
  }
}

}  // namespace

void maxPool(const ConvShape& s, const float* x, float* out) {
  const long inSize = s.inHeight * s.inWidth * s.inChannels;
  const long outSize = s.outHeight * s.outWidth * s.inChannels;
  // Images are independent: one per thread.
#pragma omp parallel for num_threads(threadsFor(s.batch * inSize))
  for (long b = 0; b < s.batch; b++) {
    const float* xb = x + b * inSize;
    float* ob = out + b * outSize;
    forEachWindowMaximum(s, xb, [&](long o, long best) {
      ob[o] = best >= 0 ? xb[best] : -std::numeric_limits<float>::infinity();
    });
  }
}

void maxPoolGrad(const ConvShape& s, const float* x, const float* dy, float* dx) {
  const long channels = s.inChannels;
  const long inSize = s.inHeight * s.inWidth * channels;
  const long outSize = s.outHeight * s.outWidth * channels;
  // Images are independent (a window never leaves its image): one per thread.
#pragma omp parallel for num_threads(threadsFor(s.batch * inSize))
  for (long b = 0; b < s.batch; b++) {
    float* dxb = dx + b * inSize;
    std::fill(dxb, dxb + inSize, 0.0f);
    const float* gb = dy + b * outSize;
    forEachWindowMaximum(s, x + b * inSize, [&](long o, long best) {
      if (best >= 0) dxb[best] += gb[o];
    });
  }
}

}  // namespace ranker
