#include "max_pool.h"

#include <algorithm>
#include <limits>

namespace ranker {

void maxPoolGrad(const ConvShape& s, const float* x, const float* dy, float* dx) {
  const long channels = s.inChannels;
  std::fill(dx, dx + s.batch * s.inHeight * s.inWidth * channels, 0.0f);
  for (long b = 0; b < s.batch; b++) {
    const float* xb = x + b * s.inHeight * s.inWidth * channels;
    float* dxb = dx + b * s.inHeight * s.inWidth * channels;
    for (long oh = 0; oh < s.outHeight; oh++) {
      for (long ow = 0; ow < s.outWidth; ow++) {
        const float* g = dy + ((b * s.outHeight + oh) * s.outWidth + ow) * channels;
        for (long c = 0; c < channels; c++) {
          float best = -std::numeric_limits<float>::infinity();
          long bestIndex = -1;
          for (long fh = 0; fh < s.filterHeight; fh++) {
            const long ih = oh * s.strideHeight - s.padTop + fh * s.dilationHeight;
            if (ih < 0 || ih >= s.inHeight) continue;
            for (long fw = 0; fw < s.filterWidth; fw++) {
              const long iw = ow * s.strideWidth - s.padLeft + fw * s.dilationWidth;
              if (iw < 0 || iw >= s.inWidth) continue;
              const long index = (ih * s.inWidth + iw) * channels + c;
              if (xb[index] > best) {
                best = xb[index];
                bestIndex = index;
              }
            }
          }
          if (bestIndex >= 0) dxb[bestIndex] += g[c];
        }
      }
    }
  }
}

}  // namespace ranker
