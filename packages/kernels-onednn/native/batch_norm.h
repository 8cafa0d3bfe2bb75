// Batch normalisation in training mode (Ioffe & Szegedy 2015, algorithm 1) over the leading axes
// of NHWC data viewed as [rows, channels], forward and gradient, each one threaded pass over the
// data instead of the dozens of element-wise tfjs ops (and their output arrays) that
// tf.moments + tf.batchNorm and their gradients cost. Statistics accumulate in double.
#pragma once

#include <cstddef>

namespace ranker {

// mean[c] = Σ_r x[r,c] / rows; variance[c] = Σ_r (x[r,c] − mean[c])² / rows (biased, as used to
// normalise); y = (x − mean) / sqrt(variance + epsilon) · gamma + beta.
void batchNormTrainForward(const float* x, size_t rows, size_t channels, const float* gamma,
                           const float* beta, float epsilon, float* y, float* mean,
                           float* variance);

// Gradients of (y, mean, variance) above with respect to x, gamma and beta, given dy, dmean and
// dvariance (the upstream gradients of the three outputs). With n = rows,
// σ⁻¹ = 1/sqrt(variance + epsilon), x̂ = (x − mean)·σ⁻¹:
//   dbeta = Σ_r dy, dgamma = Σ_r dy·x̂,
//   dx = gamma·σ⁻¹·(dy − dbeta/n − x̂·dgamma/n) + dmean/n + dvariance·2(x − mean)/n.
void batchNormTrainBackward(const float* x, const float* dy, size_t rows, size_t channels,
                            const float* mean, const float* variance, const float* gamma,
                            const float* dmean, const float* dvariance, float epsilon, float* dx,
                            float* dgamma, float* dbeta);

}  // namespace ranker
