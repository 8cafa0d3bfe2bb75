// One Adam step for one parameter array, fused into a single pass (tfjs's AdamOptimizer runs 14
// separate element-wise ops, each allocating a new array). Same arithmetic, same order, float32:
//   m' = m·β1 + g·(1 − β1),  v' = v·β2 + g²·(1 − β2)
//   value' = (m'/(1 − β1ᵗ)) / (sqrt(v'/(1 − β2ᵗ)) + ε) · (−lr) + value
// (Kingma & Ba 2015, Algorithm 1, with tfjs's placement of ε).
#pragma once

#include <cstddef>

namespace ranker {

struct AdamScalars {
  float learningRate, beta1, beta2, epsilon;
  float oneMinusAccBeta1, oneMinusAccBeta2;  // 1 − β1ᵗ, 1 − β2ᵗ
  float oneMinusBeta1, oneMinusBeta2;        // rounded from double, as tfjs does
};

void adamUpdate(const AdamScalars& a, size_t length, const float* value, const float* gradient,
                const float* m, const float* v, float* newValue, float* newM, float* newV);

// torch.optim.Adam(weight_decay) / AdamW, in place, in float64 arithmetic stored to float32:
//   g = g + l2·θ;  m' = β1·m + (1 − β1)·g;  v' = β2·v + (1 − β2)·g·g
//   θ' = θ·shrink − (stepSize·m') / (√v' / sqrtCorrection2 + ε)
// with l2 = λ (Adam) or 0, shrink = 1 − ηλ (AdamW) or 1, stepSize = η / (1 − β1ᵗ),
// sqrtCorrection2 = √(1 − β2ᵗ), all computed by the caller (src/adam-update.ts) so that this
// loop and model's JavaScript loop perform the same operations in the same order: results are
// bit-identical (binding.gyp builds with -ffp-contract=off so no step is fused into an FMA).
// m' and v' are used unrounded in θ', as in the JavaScript loop.
struct AdamInPlaceScalars {
  double beta1, oneMinusBeta1, beta2, oneMinusBeta2, l2, shrink, stepSize, sqrtCorrection2,
      epsilon;
};

void adamUpdateInPlace(const AdamInPlaceScalars& a, size_t length, float* parameters,
                       const float* gradients, float* m, float* v);

}  // namespace ranker
