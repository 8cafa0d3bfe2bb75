// The process-wide oneDNN engine and stream, a cache of primitives keyed by their shapes
// (creating a primitive JIT-compiles code, milliseconds; a training step runs the same few
// dozen shapes every iteration), and the layout conversions between tfjs and oneDNN.
#pragma once

#include <map>
#include <memory>
#include <vector>

#include <oneapi/dnnl/dnnl.hpp>

#include "activation_layout.h"
#include "filter_layout.h"

namespace ranker {

dnnl::engine& cpuEngine();
dnnl::stream& cpuStream();

using Key = std::vector<long>;

// Returns the cached value for `key`, building it with `make()` on first use.
template <typename T, typename Make>
T& cached(std::map<Key, std::unique_ptr<T>>& cache, const Key& key, Make make) {
  auto found = cache.find(key);
  if (found != cache.end()) return *found->second;
  return *cache.emplace(key, std::make_unique<T>(make())).first->second;
}

// A memory object over caller-owned data (a typed array of the tfjs cpu backend): no copy.
inline dnnl::memory userMemory(const dnnl::memory::desc& desc, const float* data) {
  return dnnl::memory(desc, cpuEngine(), const_cast<float*>(data));
}

// Moves data between the caller's plain layout and the (possibly blocked) layout a primitive
// chose; when both agree it is a no-op and the primitive works on the caller's memory directly.
// Blocked filters and activations are copied by filter_layout.h and activation_layout.h where
// they apply, else by oneDNN reorders.
class Relayout {
 public:
  Relayout() = default;
  Relayout(const dnnl::memory::desc& plain, const dnnl::memory::desc& chosen) {
    if (plain == chosen) return;
    scratch_ = dnnl::memory(chosen, cpuEngine());
    needed_ = true;
    filter_ = filterBlocking(plain, chosen);
    activation_ = isBlockedActivation(plain, chosen);
    dims_ = plain.dims();
    if (filter_ != FilterBlocking::None || activation_) return;
    toChosen_ = dnnl::reorder(dnnl::reorder::primitive_desc(cpuEngine(), plain, cpuEngine(), chosen));
    toPlain_ = dnnl::reorder(dnnl::reorder::primitive_desc(cpuEngine(), chosen, cpuEngine(), plain));
  }
  // The memory to hand to the primitive as an input.
  dnnl::memory input(const dnnl::memory& plain) {
    if (!needed_) return plain;
    if (filter_ != FilterBlocking::None) {
      copyFilter(filter_, dims_, static_cast<const float*>(plain.get_data_handle()),
                 static_cast<float*>(scratch_.get_data_handle()), true);
    } else if (activation_) {
      copyActivation(dims_, static_cast<const float*>(plain.get_data_handle()),
                     static_cast<float*>(scratch_.get_data_handle()), true);
    } else {
      toChosen_.execute(cpuStream(), const_cast<dnnl::memory&>(plain), scratch_);
    }
    return scratch_;
  }
  // The memory the primitive should write an output to; call `finish` afterwards.
  dnnl::memory output(const dnnl::memory& plain) { return needed_ ? scratch_ : plain; }
  void finish(const dnnl::memory& plain) {
    if (!needed_) return;
    if (filter_ != FilterBlocking::None || activation_) {
      cpuStream().wait();
      const auto* from = static_cast<const float*>(scratch_.get_data_handle());
      auto* to = static_cast<float*>(plain.get_data_handle());
      if (activation_) {
        copyActivation(dims_, from, to, false);
      } else {
        copyFilter(filter_, dims_, from, to, false);
      }
    } else {
      toPlain_.execute(cpuStream(), scratch_, const_cast<dnnl::memory&>(plain));
    }
  }

 private:
  bool needed_ = false;
  FilterBlocking filter_ = FilterBlocking::None;
  bool activation_ = false;
  dnnl::memory::dims dims_;
  dnnl::memory scratch_;
  dnnl::reorder toChosen_, toPlain_;
};

}  // namespace ranker
