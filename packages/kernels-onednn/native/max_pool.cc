#include "max_pool.h"

#include <algorithm>
#include <limits>
#include <vector>

#include "parallel.h"

namespace ranker {

namespace {

// Calls visit(outputIndex, bestInputIndex) for every output position and channel of batch b;
// bestInputIndex is −1 when the window holds no value greater than −∞. Channels are innermost
// (NHWC), so each window position is compared for all channels at once.
template <typename Visit>
void forEachWindowMaximum(const ConvShape& s, const float* xb, Visit visit) {
  const long channels = s.inChannels;
  std::vector<float> best(channels);
  std::vector<long> bestIndex(channels);
  for (long oh = 0; oh < s.outHeight; oh++) {
    for (long ow = 0; ow < s.outWidth; ow++) {
      std::fill(best.begin(), best.end(), -std::numeric_limits<float>::infinity());
      std::fill(bestIndex.begin(), bestIndex.end(), -1);
      for (long fh = 0; fh < s.filterHeight; fh++) {
        const long ih = oh * s.strideHeight - s.padTop + fh * s.dilationHeight;
        if (ih < 0 || ih >= s.inHeight) continue;
        for (long fw = 0; fw < s.filterWidth; fw++) {
          const long iw = ow * s.strideWidth - s.padLeft + fw * s.dilationWidth;
          if (iw < 0 || iw >= s.inWidth) continue;
          const long base = (ih * s.inWidth + iw) * channels;
          for (long c = 0; c < channels; c++) {
            // Strictly greater: the first maximum in row-major window order wins, as in tfjs.
            if (xb[base + c] > best[c]) {
              best[c] = xb[base + c];
              bestIndex[c] = base + c;
            }
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
