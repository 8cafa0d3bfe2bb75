#include "batch_norm.h"

#include <cmath>
#include <vector>

#include "parallel.h"

namespace ranker {

void batchNormTrainForward(const float* x, size_t rows, size_t channels, const float* gamma,
                           const float* beta, float epsilon, float* y, float* mean,
                           float* variance) {
  const double n = static_cast<double>(rows);
  // Two passes (mean, then squared deviations): the one-pass Σx² − n·mean² cancels badly.
  std::vector<double> mu = channelSums(rows, channels, 1, [&](size_t r, double* sums) {
    const float* row = x + r * channels;
    for (size_t c = 0; c < channels; c++) sums[c] += row[c];
  });
  for (double& m : mu) m /= n;
  std::vector<double> var = channelSums(rows, channels, 1, [&](size_t r, double* sums) {
    const float* row = x + r * channels;
    for (size_t c = 0; c < channels; c++) {
      const double d = row[c] - mu[c];
      sums[c] += d * d;
    }
  });
  // y = (x − mean)·factor + beta: subtracting first keeps a (near-)constant channel exact
  // instead of cancelling x·factor against mean·factor when factor is as large as 1/√epsilon.
  std::vector<float> centre(channels), factor(channels);
  for (size_t c = 0; c < channels; c++) {
    var[c] /= n;
    mean[c] = static_cast<float>(mu[c]);
    variance[c] = static_cast<float>(var[c]);
    centre[c] = mean[c];
    factor[c] = static_cast<float>(gamma[c] / std::sqrt(var[c] + epsilon));
  }
  const long total = static_cast<long>(rows);
#pragma omp parallel for num_threads(threadsFor(rows * channels))
  for (long r = 0; r < total; r++) {
    const float* in = x + r * channels;
    float* out = y + r * channels;
    for (size_t c = 0; c < channels; c++) out[c] = (in[c] - centre[c]) * factor[c] + beta[c];
  }
}

void batchNormTrainBackward(const float* x, const float* dy, size_t rows, size_t channels,
                            const float* mean, const float* variance, const float* gamma,
                            const float* dmean, const float* dvariance, float epsilon, float* dx,
                            float* dgamma, float* dbeta) {
  const double n = static_cast<double>(rows);
  // sums[c] = Σ dy, sums[channels + c] = Σ dy·(x − mean); dgamma = σ⁻¹ · the second.
  std::vector<double> sums = channelSums(rows, channels, 2, [&](size_t r, double* s) {
    const float* xr = x + r * channels;
    const float* dyr = dy + r * channels;
    for (size_t c = 0; c < channels; c++) {
      s[c] += dyr[c];
      s[channels + c] += static_cast<double>(dyr[c]) * (xr[c] - static_cast<double>(mean[c]));
    }
  });
  // dx = a·dy + b·(x − mean) + k per channel, with
  //   a = gamma·σ⁻¹, b = −gamma·σ⁻³·Σdy(x − mean)/n + 2·dvariance/n,
  //   k = −gamma·σ⁻¹·Σdy/n + dmean/n.
  std::vector<float> a(channels), b(channels), k(channels), centre(channels);
  for (size_t c = 0; c < channels; c++) {
    const double inverse = 1.0 / std::sqrt(static_cast<double>(variance[c]) + epsilon);
    const double g = gamma[c];
    dbeta[c] = static_cast<float>(sums[c]);
    dgamma[c] = static_cast<float>(sums[channels + c] * inverse);
    a[c] = static_cast<float>(g * inverse);
    b[c] = static_cast<float>(-g * inverse * inverse * inverse * sums[channels + c] / n +
                              2.0 * dvariance[c] / n);
    k[c] = static_cast<float>(-g * inverse * sums[c] / n + dmean[c] / n);
    centre[c] = mean[c];
  }
  const long total = static_cast<long>(rows);
#pragma omp parallel for num_threads(threadsFor(rows * channels))
  for (long r = 0; r < total; r++) {
    const float* xr = x + r * channels;
    const float* dyr = dy + r * channels;
    float* out = dx + r * channels;
    for (size_t c = 0; c < channels; c++) out[c] = a[c] * dyr[c] + b[c] * (xr[c] - centre[c]) + k[c];
  }
}

}  // namespace ranker
