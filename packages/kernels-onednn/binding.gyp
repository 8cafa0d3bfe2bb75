{
  "targets": [
    {
      "target_name": "onednn",
      "sources": [
        "native/activation_layout.cc",
        "native/adam.cc",
        "native/addon.cc",
        "native/batch_norm.cc",
        "native/convolution.cc",
        "native/elementwise.cc",
        "native/filter_layout.cc",
        "native/max_pool.cc"
      ],
      "include_dirs": ["<!(node -p \"require('node-addon-api').include_dir\")"],
      "defines": ["NAPI_VERSION=8", "NAPI_CPP_EXCEPTIONS"],
      "cflags_cc!": ["-fno-exceptions"],
      "cflags_cc": ["-std=c++17", "-O3", "-march=x86-64-v2", "-ffp-contract=off", "-fno-math-errno", "-fopenmp"],
      "libraries": ["-ldnnl", "-fopenmp"],
      "ldflags": ["-Wl,-z,nodelete"]
    }
  ]
}
