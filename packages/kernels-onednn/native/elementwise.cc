#include "elementwise.h"

#include <cmath>
#include <vector>

#include "parallel.h"

namespace ranker {
namespace {

template <typename Op>
void binaryLoop(const float* big, const float* small, const BroadcastShape& b, float* out, Op op) {
  const long rows = b.outer * b.middle, inner = b.inner;
  const int threads = threadsFor(rows * inner);
  if (b.middle == 1) {
    // Equal sizes: one flat run split across the threads (the row loop below would be a
    // single row here, run by one thread).
    const long n = rows * inner;
#pragma omp parallel for num_threads(threads)
    for (long i = 0; i < n; i++) out[i] = op(big[i], small[i]);
    return;
  }
  if (b.outer == 1 && inner == 1) {
    // A scalar: one run over everything.
    const float s = small[0];
#pragma omp parallel for num_threads(threads)
    for (long i = 0; i < rows; i++) out[i] = op(big[i], s);
    return;
  }
#pragma omp parallel for num_threads(threads)
  for (long r = 0; r < rows; r++) {
    const float* bigRow = big + r * inner;
    const float* smallRow = small + (r / b.middle) * inner;
    float* o = out + r * inner;
    for (long i = 0; i < inner; i++) o[i] = op(bigRow[i], smallRow[i]);
  }
}

template <typename Op>
void oriented(const float* big, const float* small, const BroadcastShape& b, bool smallFirst,
              float* out, Op op) {
  if (smallFirst) {
    binaryLoop(big, small, b, out, [op](float x, float s) { return op(s, x); });
  } else {
    binaryLoop(big, small, b, out, op);
  }
}

}  // namespace

void binary(BinaryOp op, const float* big, const float* small, const BroadcastShape& shape,
            bool smallFirst, float* out) {
  switch (op) {
    case BinaryOp::Add:
      return oriented(big, small, shape, smallFirst, out,
                      [](float a, float b) { return a + b; });
    case BinaryOp::Sub:
      return oriented(big, small, shape, smallFirst, out,
                      [](float a, float b) { return a - b; });
    case BinaryOp::Mul:
      return oriented(big, small, shape, smallFirst, out,
                      [](float a, float b) { return a * b; });
    case BinaryOp::Div:
      return oriented(big, small, shape, smallFirst, out,
                      [](float a, float b) { return a / b; });
    case BinaryOp::ReluGrad:
      return oriented(big, small, shape, smallFirst, out, [](float a, float b) {
        // Two selects rather than nested branches, so the loop vectorises: on signs that
        // change at random the branches mispredicted half the time (3× slower than Add).
        float step = b > 0.0f ? 1.0f : 0.0f;
        step = std::isnan(b) ? b : step;
        return a * step;
      });
  }
}

void unary(UnaryOp op, const float* x, size_t length, float alpha, float* out) {
  const long n = static_cast<long>(length);
  const int threads = threadsFor(length);
  switch (op) {
    case UnaryOp::Sqrt:
#pragma omp parallel for num_threads(threads)
      for (long i = 0; i < n; i++) out[i] = std::sqrt(x[i]);
      return;
    case UnaryOp::Square:
#pragma omp parallel for num_threads(threads)
      for (long i = 0; i < n; i++) out[i] = x[i] * x[i];
      return;
    case UnaryOp::Relu:
#pragma omp parallel for num_threads(threads)
      for (long i = 0; i < n; i++) out[i] = x[i] < 0 ? 0.0f : x[i];
      return;
    case UnaryOp::Step:
#pragma omp parallel for num_threads(threads)
      for (long i = 0; i < n; i++) {
        const float step = x[i] > 0 ? 1.0f : alpha;  // selects, not branches: see ReluGrad
        out[i] = std::isnan(x[i]) ? x[i] : step;
      }
      return;
  }
}

void batchNorm(const float* x, size_t length, size_t channels, const float* mean,
               const float* variance, const float* offset, const float* scale, float epsilon,
               float* out) {
  // Per channel, out = x · factor + shift, with factor and shift computed once in double.
  std::vector<float> factor(channels), shift(channels);
  for (size_t c = 0; c < channels; c++) {
    const double f = (scale ? scale[c] : 1.0) / std::sqrt(static_cast<double>(variance[c]) + epsilon);
    factor[c] = static_cast<float>(f);
    shift[c] = static_cast<float>((offset ? offset[c] : 0.0) - mean[c] * f);
  }
  const long rows = static_cast<long>(length / channels);
#pragma omp parallel for num_threads(threadsFor(length))
  for (long r = 0; r < rows; r++) {
    const size_t row = r * channels;
    for (size_t c = 0; c < channels; c++) out[row + c] = x[row + c] * factor[c] + shift[c];
  }
}

void reduce(const float* x, size_t outer, size_t reduced, size_t inner, bool mean, float* out) {
  const double scale = mean ? 1.0 / static_cast<double>(reduced) : 1.0;
  if (inner == 1) {
    // Reducing the innermost axis: one contiguous run per output.
#pragma omp parallel for num_threads(threadsFor(outer * reduced))
    for (long o = 0; o < static_cast<long>(outer); o++) {
      double sum = 0;
      const float* row = x + o * reduced;
      for (size_t r = 0; r < reduced; r++) sum += row[r];
      out[o] = static_cast<float>(sum * scale);
    }
    return;
  }
  // Reducing leading axes (batch-norm statistics over N, H, W of NHWC): rows of `inner` values
  // are added into double accumulator rows.
  for (size_t o = 0; o < outer; o++) {
    const float* block = x + o * reduced * inner;
    std::vector<double> sum = channelSums(reduced, inner, 1, [&](size_t r, double* sums) {
      const float* row = block + r * inner;
      for (size_t i = 0; i < inner; i++) sums[i] += row[i];
    });
    for (size_t i = 0; i < inner; i++) out[o * inner + i] = static_cast<float>(sum[i] * scale);
  }
}

double copySquareSum(const float* source, size_t length, float* target) {
  // Rows of four values: four running sums per thread, so the additions do not wait on each
  // other; channelSums splits the rows across the threads and adds their sums in thread order.
  const size_t rows = length / 4;
  const std::vector<double> sums = channelSums(rows, 4, 1, [&](size_t r, double* __restrict s) {
    for (size_t c = 0; c < 4; c++) {
      const double value = source[4 * r + c];
      target[4 * r + c] = source[4 * r + c];
      s[c] += value * value;
    }
  });
  double total = (sums[0] + sums[1]) + (sums[2] + sums[3]);
  for (size_t i = 4 * rows; i < length; i++) {
    const double value = source[i];
    target[i] = source[i];
    total += value * value;
  }
  return total;
}

}  // namespace ranker
