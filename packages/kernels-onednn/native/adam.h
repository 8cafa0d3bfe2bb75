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

}  // namespace ranker
