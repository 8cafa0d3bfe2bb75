// Node-API entry points. Arguments are validated on the TypeScript side (src/native.ts); here
// only the typed-array lengths are re-checked so a bad call throws instead of corrupting memory.
#include <malloc.h>
#include <omp.h>

#include <napi.h>

#include "adam.h"
#include "batch_norm.h"
#include "convolution.h"
#include "elementwise.h"
#include "engine.h"
#include "max_pool.h"

namespace ranker {

dnnl::engine& cpuEngine() {
  static dnnl::engine engine(dnnl::engine::kind::cpu, 0);
  return engine;
}
dnnl::stream& cpuStream() {
  static dnnl::stream stream(cpuEngine());
  return stream;
}

namespace {

const float* floats(const Napi::Value& value, size_t length, const char* name) {
  auto array = value.As<Napi::Float32Array>();
  if (array.ElementLength() != length) {
    throw Napi::Error::New(value.Env(), std::string(name) + ": expected " + std::to_string(length) +
                                            " floats, got " + std::to_string(array.ElementLength()));
  }
  return array.Data();
}
float* mutableFloats(const Napi::Value& value, size_t length, const char* name) {
  return const_cast<float*>(floats(value, length, name));
}

// shape = [batch, inH, inW, inC, fH, fW, outC, outH, outW, strideH, strideW, dilationH,
//          dilationW, padTop, padLeft, padBottom, padRight]
ConvShape convShape(const Napi::Value& value) {
  auto a = value.As<Napi::Array>();
  long v[17];
  for (uint32_t i = 0; i < 17; i++) v[i] = a.Get(i).As<Napi::Number>().Int64Value();
  return {v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7], v[8],
          v[9], v[10], v[11], v[12], v[13], v[14], v[15], v[16]};
}
size_t sourceSize(const ConvShape& s) { return s.batch * s.inHeight * s.inWidth * s.inChannels; }
size_t filterSize(const ConvShape& s) {
  return s.filterHeight * s.filterWidth * s.inChannels * s.outChannels;
}
size_t destinationSize(const ConvShape& s) {
  return s.batch * s.outHeight * s.outWidth * s.outChannels;
}

// Runs `body`, turning oneDNN's exceptions into JavaScript errors.
template <typename Body>
Napi::Value guarded(const Napi::CallbackInfo& info, Body body) {
  try {
    body();
  } catch (const dnnl::error& e) {
    throw Napi::Error::New(info.Env(), std::string("oneDNN: ") + e.what());
  }
  return info.Env().Undefined();
}

// conv2d(shape, x, filter, bias | null, activation, out)
Napi::Value Conv2d(const Napi::CallbackInfo& info) {
  const ConvShape s = convShape(info[0]);
  const float* bias = info[3].IsNull() ? nullptr : floats(info[3], s.outChannels, "bias");
  return guarded(info, [&] {
    convolutionForward(s, floats(info[1], sourceSize(s), "x"),
                       floats(info[2], filterSize(s), "filter"), bias,
                       static_cast<Activation>(info[4].As<Napi::Number>().Int32Value()),
                       mutableFloats(info[5], destinationSize(s), "out"));
  });
}

// conv2dBackpropInput(shape, dy, filter, dx)
Napi::Value Conv2dBackpropInput(const Napi::CallbackInfo& info) {
  const ConvShape s = convShape(info[0]);
  return guarded(info, [&] {
    convolutionBackwardData(s, floats(info[1], destinationSize(s), "dy"),
                            floats(info[2], filterSize(s), "filter"),
                            mutableFloats(info[3], sourceSize(s), "dx"));
  });
}

// conv2dBackpropFilter(shape, x, dy, dfilter)
Napi::Value Conv2dBackpropFilter(const Napi::CallbackInfo& info) {
  const ConvShape s = convShape(info[0]);
  return guarded(info, [&] {
    convolutionBackwardWeights(s, floats(info[1], sourceSize(s), "x"),
                               floats(info[2], destinationSize(s), "dy"),
                               mutableFloats(info[3], filterSize(s), "dfilter"));
  });
}

// binary(op, big, small, smallFirst, middle, inner, out)
Napi::Value Binary(const Napi::CallbackInfo& info) {
  auto big = info[1].As<Napi::Float32Array>();
  const long middle = info[4].As<Napi::Number>().Int64Value();
  const long inner = info[5].As<Napi::Number>().Int64Value();
  const long length = static_cast<long>(big.ElementLength());
  if (middle <= 0 || inner <= 0 || length % (middle * inner) != 0) {
    throw Napi::Error::New(info.Env(), "binary: middle · inner (" + std::to_string(middle) + " · " +
                                           std::to_string(inner) + ") must divide the length " +
                                           std::to_string(length));
  }
  const BroadcastShape shape{length / (middle * inner), middle, inner};
  binary(static_cast<BinaryOp>(info[0].As<Napi::Number>().Int32Value()), big.Data(),
         floats(info[2], shape.outer * inner, "small"), shape, info[3].As<Napi::Boolean>(),
         mutableFloats(info[6], length, "out"));
  return info.Env().Undefined();
}

// unary(op, x, alpha, out)
Napi::Value Unary(const Napi::CallbackInfo& info) {
  auto x = info[1].As<Napi::Float32Array>();
  unary(static_cast<UnaryOp>(info[0].As<Napi::Number>().Int32Value()), x.Data(), x.ElementLength(),
        info[2].As<Napi::Number>().FloatValue(), mutableFloats(info[3], x.ElementLength(), "out"));
  return info.Env().Undefined();
}

// batchNorm(x, channels, mean, variance, offset | null, scale | null, epsilon, out)
Napi::Value BatchNorm(const Napi::CallbackInfo& info) {
  auto x = info[0].As<Napi::Float32Array>();
  const size_t channels = info[1].As<Napi::Number>().Int64Value();
  if (channels == 0 || x.ElementLength() % channels != 0) {
    throw Napi::Error::New(info.Env(), "batchNorm: x's length must be a multiple of channels");
  }
  batchNorm(x.Data(), x.ElementLength(), channels, floats(info[2], channels, "mean"),
            floats(info[3], channels, "variance"),
            info[4].IsNull() ? nullptr : floats(info[4], channels, "offset"),
            info[5].IsNull() ? nullptr : floats(info[5], channels, "scale"),
            info[6].As<Napi::Number>().FloatValue(), mutableFloats(info[7], x.ElementLength(), "out"));
  return info.Env().Undefined();
}

// [rows, channels] of a Float32Array x, checking that channels divides its length.
size_t rowsOf(const Napi::Value& x, size_t channels, const char* name) {
  const size_t length = x.As<Napi::Float32Array>().ElementLength();
  if (channels == 0 || length % channels != 0) {
    throw Napi::Error::New(x.Env(), std::string(name) + ": length " + std::to_string(length) +
                                        " is not a multiple of " + std::to_string(channels) +
                                        " channels");
  }
  return length / channels;
}

// batchNormTrain(x, channels, gamma, beta, epsilon, y, mean, variance)
Napi::Value BatchNormTrain(const Napi::CallbackInfo& info) {
  const size_t channels = info[1].As<Napi::Number>().Int64Value();
  const size_t rows = rowsOf(info[0], channels, "x");
  const size_t n = rows * channels;
  batchNormTrainForward(floats(info[0], n, "x"), rows, channels,
                        floats(info[2], channels, "gamma"), floats(info[3], channels, "beta"),
                        info[4].As<Napi::Number>().FloatValue(), mutableFloats(info[5], n, "y"),
                        mutableFloats(info[6], channels, "mean"),
                        mutableFloats(info[7], channels, "variance"));
  return info.Env().Undefined();
}

// batchNormTrainGrad(x, dy, channels, mean, variance, gamma, dmean, dvariance, epsilon, dx,
//                    dgamma, dbeta)
Napi::Value BatchNormTrainGrad(const Napi::CallbackInfo& info) {
  const size_t channels = info[2].As<Napi::Number>().Int64Value();
  const size_t rows = rowsOf(info[0], channels, "x");
  const size_t n = rows * channels;
  batchNormTrainBackward(
      floats(info[0], n, "x"), floats(info[1], n, "dy"), rows, channels,
      floats(info[3], channels, "mean"), floats(info[4], channels, "variance"),
      floats(info[5], channels, "gamma"), floats(info[6], channels, "dmean"),
      floats(info[7], channels, "dvariance"), info[8].As<Napi::Number>().FloatValue(),
      mutableFloats(info[9], n, "dx"), mutableFloats(info[10], channels, "dgamma"),
      mutableFloats(info[11], channels, "dbeta"));
  return info.Env().Undefined();
}

// maxPool(geometry, x, out)
Napi::Value MaxPool(const Napi::CallbackInfo& info) {
  const ConvShape s = convShape(info[0]);
  maxPool(s, floats(info[1], sourceSize(s), "x"), mutableFloats(info[2], destinationSize(s), "out"));
  return info.Env().Undefined();
}

// reduce(x, outer, reduced, inner, mean, out)
Napi::Value Reduce(const Napi::CallbackInfo& info) {
  const size_t outer = info[1].As<Napi::Number>().Int64Value();
  const size_t reduced = info[2].As<Napi::Number>().Int64Value();
  const size_t inner = info[3].As<Napi::Number>().Int64Value();
  reduce(floats(info[0], outer * reduced * inner, "x"), outer, reduced, inner,
         info[4].As<Napi::Boolean>(), mutableFloats(info[5], outer * inner, "out"));
  return info.Env().Undefined();
}

// maxPoolGrad(geometry, x, dy, dx)
Napi::Value MaxPoolGrad(const Napi::CallbackInfo& info) {
  const ConvShape s = convShape(info[0]);
  maxPoolGrad(s, floats(info[1], sourceSize(s), "x"), floats(info[2], destinationSize(s), "dy"),
              mutableFloats(info[3], sourceSize(s), "dx"));
  return info.Env().Undefined();
}

// adamUpdate([lr, β1, β2, ε, 1 − β1ᵗ, 1 − β2ᵗ, 1 − β1, 1 − β2], value, gradient, m, v, newValue,
//            newM, newV)
Napi::Value AdamUpdate(const Napi::CallbackInfo& info) {
  auto s = info[0].As<Napi::Array>();
  float k[8];
  for (uint32_t i = 0; i < 8; i++) k[i] = s.Get(i).As<Napi::Number>().FloatValue();
  const size_t n = info[1].As<Napi::Float32Array>().ElementLength();
  adamUpdate({k[0], k[1], k[2], k[3], k[4], k[5], k[6], k[7]}, n, floats(info[1], n, "value"),
             floats(info[2], n, "gradient"), floats(info[3], n, "m"), floats(info[4], n, "v"),
             mutableFloats(info[5], n, "newValue"), mutableFloats(info[6], n, "newM"),
             mutableFloats(info[7], n, "newV"));
  return info.Env().Undefined();
}

// adamUpdateInPlace([β1, 1 − β1, β2, 1 − β2, l2, shrink, stepSize, √(1 − β2ᵗ), ε], parameters,
//                   gradients, m, v)
Napi::Value AdamUpdateInPlace(const Napi::CallbackInfo& info) {
  auto s = info[0].As<Napi::Array>();
  double k[9];
  for (uint32_t i = 0; i < 9; i++) k[i] = s.Get(i).As<Napi::Number>().DoubleValue();
  const size_t n = info[1].As<Napi::Float32Array>().ElementLength();
  adamUpdateInPlace({k[0], k[1], k[2], k[3], k[4], k[5], k[6], k[7], k[8]}, n,
                    mutableFloats(info[1], n, "parameters"), floats(info[2], n, "gradients"),
                    mutableFloats(info[3], n, "firstMoment"), mutableFloats(info[4], n, "secondMoment"));
  return info.Env().Undefined();
}

// copySquareSum(source, target) → Σ source²
Napi::Value CopySquareSum(const Napi::CallbackInfo& info) {
  const size_t n = info[0].As<Napi::Float32Array>().ElementLength();
  return Napi::Number::New(info.Env(), copySquareSum(floats(info[0], n, "source"), n,
                                                     mutableFloats(info[1], n, "target")));
}

Napi::Value Threads(const Napi::CallbackInfo& info) {
  return Napi::Number::New(info.Env(), omp_get_max_threads());
}

}  // namespace

Napi::Object Init(Napi::Env env, Napi::Object exports) {
  // Every kernel output is a fresh typed array (Node allocates it with calloc). Above glibc's
  // default 128 KiB mmap threshold each one is a new mapping whose pages fault in one by one,
  // which costs more than the arithmetic that fills them; served from the heap, freed buffers
  // are reused. 32 MiB is the largest threshold glibc accepts on 64-bit.
  mallopt(M_MMAP_THRESHOLD, 32 * 1024 * 1024);
  mallopt(M_TRIM_THRESHOLD, 256 * 1024 * 1024);
  exports.Set("conv2d", Napi::Function::New(env, Conv2d));
  exports.Set("conv2dBackpropInput", Napi::Function::New(env, Conv2dBackpropInput));
  exports.Set("conv2dBackpropFilter", Napi::Function::New(env, Conv2dBackpropFilter));
  exports.Set("binary", Napi::Function::New(env, Binary));
  exports.Set("unary", Napi::Function::New(env, Unary));
  exports.Set("reduce", Napi::Function::New(env, Reduce));
  exports.Set("batchNorm", Napi::Function::New(env, BatchNorm));
  exports.Set("batchNormTrain", Napi::Function::New(env, BatchNormTrain));
  exports.Set("batchNormTrainGrad", Napi::Function::New(env, BatchNormTrainGrad));
  exports.Set("maxPool", Napi::Function::New(env, MaxPool));
  exports.Set("maxPoolGrad", Napi::Function::New(env, MaxPoolGrad));
  exports.Set("adamUpdate", Napi::Function::New(env, AdamUpdate));
  exports.Set("adamUpdateInPlace", Napi::Function::New(env, AdamUpdateInPlace));
  exports.Set("copySquareSum", Napi::Function::New(env, CopySquareSum));
  exports.Set("threads", Napi::Function::New(env, Threads));
  return exports;
}

}  // namespace ranker

static Napi::Object InitModule(Napi::Env env, Napi::Object exports) { return ranker::Init(env, exports); }

NODE_API_MODULE(onednn, InitModule)
