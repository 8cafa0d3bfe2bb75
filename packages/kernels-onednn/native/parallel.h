// How many OpenMP threads a memory-bound loop over `elements` floats gets: one below a size at
// which waking the second thread (tens of microseconds, far more when cores are shared) costs
// more than it saves, else oneDNN's count (OMP_NUM_THREADS).
#pragma once

#include <omp.h>

#include <cstddef>
#include <vector>

namespace ranker {

inline int threadsFor(size_t elements) {
  constexpr size_t kMinimumPerThread = 1 << 16;
  const int most = omp_get_max_threads();
  const size_t useful = elements / kMinimumPerThread;
  return useful < 1 ? 1 : (useful < static_cast<size_t>(most) ? static_cast<int>(useful) : most);
}

// Sums over the rows of [rows, channels] data: `terms(r, sums)` adds row r's terms into
// sums[k·channels + c], k < width (several sums per channel in one pass). Each thread accumulates a block of
// rows in its own double buffer; the buffers are then added in thread order, so the result does
// not depend on scheduling.
template <typename Terms>
inline std::vector<double> channelSums(size_t rows, size_t channels, size_t width, Terms terms) {
  const int threads = threadsFor(rows * channels);
  std::vector<double> partial(static_cast<size_t>(threads) * width * channels, 0.0);
#pragma omp parallel num_threads(threads)
  {
    const int t = omp_get_thread_num();
    const int n = omp_get_num_threads();
    double* sums = partial.data() + static_cast<size_t>(t) * width * channels;
    const size_t begin = rows * t / n, end = rows * (t + 1) / n;
    for (size_t r = begin; r < end; r++) terms(r, sums);
  }
  std::vector<double> total(width * channels, 0.0);
  for (int t = 0; t < threads; t++) {
    const double* sums = partial.data() + static_cast<size_t>(t) * width * channels;
    for (size_t i = 0; i < width * channels; i++) total[i] += sums[i];
  }
  return total;
}

}  // namespace ranker
