#include "batch_norm.h"

#include <algorithm>
#include <cmath>
#include <vector>

#include "parallel.h"

namespace ranker {

void batchNormTrainForward(const float* x, size_t rows, size_t channels, const float* gamma,
                           const float* beta, float epsilon, float* y, float* mean,
                           float* variance) {
  if (rows == 0) {  // no values: undefined moments (0/0), nothing to normalise
    std::fill(mean, mean + channels, std::nanf(""));
    std::fill(variance, variance + channels, std::nanf(""));
    return;
  }
  const double n = static_cast<double>(rows);
  // One pass for both moments, of x − shift with shift = the first row: the plain one-pass
  // Σx² − n·mean² cancels badly when |mean| ≫ σ, but relative to a sample of the data the sums
  // stay of order σ (in double, exact enough for any float input).
  std::vector<double> shift(x, x + channels);
  const double* __restrict k = shift.data();
  std::vector<double> sums = channelSums(rows, channels, 2, [&](size_t r, double* __restrict s) {
    const float* __restrict row = x + r * channels;
    for (size_t c = 0; c < channels; c++) {
      const double d = static_cast<double>(row[c]) - k[c];
      s[c] += d;
      s[channels + c] += d * d;
    }
  });
  // y = (x − mean)·factor + beta: subtracting first keeps a (near-)constant channel exact
  // instead of cancelling x·factor against mean·factor when factor is as large as 1/√epsilon.
  std::vector<float> centre(channels), factor(channels);
  for (size_t c = 0; c < channels; c++) {
    const double offset = sums[c] / n;
    const double var = std::max(0.0, sums[channels + c] / n - offset * offset);
    mean[c] = static_cast<float>(k[c] + offset);
    variance[c] = static_cast<float>(var);
    centre[c] = mean[c];
    factor[c] = static_cast<float>(gamma[c] / std::sqrt(var + epsilon));
  }
  const float* __restrict centres = centre.data();
  const float* __restrict factors = factor.data();
  const long total = static_cast<long>(rows);
#pragma omp parallel for num_threads(threadsFor(rows * channels))
  for (long r = 0; r < total; r++) {
    const float* __restrict in = x + r * channels;
    float* __restrict out = y + r * channels;
    for (size_t c = 0; c < channels; c++) out[c] = (in[c] - centres[c]) * factors[c] + beta[c];
  }
}

void batchNormTrainBackward(const float* x, const float* dy, size_t rows, size_t channels,
                            const float* mean, const float* variance, const float* gamma,
                            const float* dmean, const float* dvariance, float epsilon, float* dx,
                            float* dgamma, float* dbeta) {
  const double n = static_cast<double>(rows);
  // sums[c] = Σ dy, sums[channels + c] = Σ dy·(x − mean); dgamma = σ⁻¹ · the second.
  std::vector<double> centreD(mean, mean + channels);
  const double* __restrict mu = centreD.data();
  std::vector<double> sums = channelSums(rows, channels, 2, [&](size_t r, double* __restrict s) {
    const float* __restrict xr = x + r * channels;
    const float* __restrict dyr = dy + r * channels;
    for (size_t c = 0; c < channels; c++) {
      s[c] += dyr[c];
      s[channels + c] += static_cast<double>(dyr[c]) * (xr[c] - mu[c]);
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
  const float *__restrict as = a.data(), *__restrict bs = b.data(), *__restrict ks = k.data();
  const float* __restrict centres = centre.data();
  const long total = static_cast<long>(rows);
#pragma omp parallel for num_threads(threadsFor(rows * channels))
  for (long r = 0; r < total; r++) {
    const float* __restrict xr = x + r * channels;
    const float* __restrict dyr = dy + r * channels;
    float* __restrict out = dx + r * channels;
    for (size_t c = 0; c < channels; c++) {
      out[c] = as[c] * dyr[c] + bs[c] * (xr[c] - centres[c]) + ks[c];
    }
  }
}

}  // namespace ranker
