// Element-wise arithmetic and reductions the stock cpu backend runs as per-element JavaScript
// with index arithmetic (its broadcasting path): Adam's update and batch-norm's gradient are
// dozens of these per step. Plain loops vectorised by the compiler, on OpenMP threads when the
// data is large enough (parallel.h).
#pragma once

#include <cstddef>

namespace ranker {

// ReluGrad: a · step(b), the gradient dy · step(x) of relu (tfjs's Relu gradient, fused).
enum class BinaryOp { Add = 0, Sub = 1, Mul = 2, Div = 3, ReluGrad = 4 };
enum class UnaryOp { Sqrt = 0, Square = 1, Relu = 2, Step = 3 };

// `big` viewed as [outer, middle, inner] and `small` as [outer, 1, inner]:
// out[o, m, i] = op(big[o, m, i], small[o, i]) (or op(small…, big…) when smallFirst). Covers
// equal shapes (middle 1), scalars (outer 1, inner 1), per-channel vectors (outer 1) and
// per-image values ([N, 1, 1, C] against [N, H, W, C]: the gradient of a spatial mean).
struct BroadcastShape {
  long outer, middle, inner;
};
void binary(BinaryOp op, const float* big, const float* small, const BroadcastShape& shape,
            bool smallFirst, float* out);

// Step is tfjs's: 1 where x > 0, alpha elsewhere, NaN stays NaN; Relu keeps NaN too.
void unary(UnaryOp op, const float* x, size_t length, float alpha, float* out);

// Batch normalisation with per-channel statistics over the last axis of x (NHWC):
// out = (x − mean[c]) · scale[c] / sqrt(variance[c] + epsilon) + offset[c]; offset and scale may
// be null (0 and 1).
void batchNorm(const float* x, size_t length, size_t channels, const float* mean,
               const float* variance, const float* offset, const float* scale, float epsilon,
               float* out);

// x viewed as [outer, reduced, inner]: out[o, i] = sum over r of x[o, r, i] (accumulated in
// double), divided by `reduced` when mean.
void reduce(const float* x, size_t outer, size_t reduced, size_t inner, bool mean, float* out);

// Copies source into target and returns the sum of source², each term exact in double; the
// threads' partial sums are added in thread order (parallel.h's channelSums), so a given thread
// count gives one result.
double copySquareSum(const float* source, size_t length, float* target);

}  // namespace ranker
