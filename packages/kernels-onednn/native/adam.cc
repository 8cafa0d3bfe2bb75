#include "adam.h"

#include <cmath>

#include "parallel.h"

namespace ranker {

void adamUpdate(const AdamScalars& a, size_t length, const float* value, const float* gradient,
                const float* m, const float* v, float* newValue, float* newM, float* newV) {
  const float oneMinusBeta1 = a.oneMinusBeta1;
  const float oneMinusBeta2 = a.oneMinusBeta2;
  const float negativeRate = -a.learningRate;
#pragma omp parallel for num_threads(threadsFor(length))
  for (long i = 0; i < static_cast<long>(length); i++) {
    const float g = gradient[i];
    const float mi = m[i] * a.beta1 + g * oneMinusBeta1;
    const float vi = v[i] * a.beta2 + (g * g) * oneMinusBeta2;
    newM[i] = mi;
    newV[i] = vi;
    const float corrected = (mi / a.oneMinusAccBeta1) / (std::sqrt(vi / a.oneMinusAccBeta2) + a.epsilon);
    newValue[i] = corrected * negativeRate + value[i];
  }
}

void adamUpdateInPlace(const AdamInPlaceScalars& a, size_t length, float* parameters,
                       const float* gradients, float* m, float* v) {
#pragma omp parallel for num_threads(threadsFor(length))
  for (long i = 0; i < static_cast<long>(length); i++) {
    const double theta = parameters[i];
    const double g = gradients[i] + a.l2 * theta;
    const double mi = a.beta1 * m[i] + a.oneMinusBeta1 * g;
    const double vi = a.beta2 * v[i] + a.oneMinusBeta2 * g * g;
    m[i] = static_cast<float>(mi);
    v[i] = static_cast<float>(vi);
    parameters[i] = static_cast<float>(theta * a.shrink -
                                       (a.stepSize * mi) / (std::sqrt(vi) / a.sqrtCorrection2 + a.epsilon));
  }
}

}  // namespace ranker
