{
  "targets": [
    {
      "target_name": "sct_native",
      "sources": [
        "src/addon.cc",
        "src/arg_decode.cc",
        "src/convert.cc",
        "src/events.cc",
        "src/fifo.cc",
        "src/guard.cc",
        "src/kernel_features.cc",
        "src/keeper.cc",
        "src/notif_exec.cc",
        "src/notif_open.cc",
        "src/notify.cc",
        "src/proc_mem.cc",
        "src/prog_eval.cc",
        "src/prog_verify.cc",
        "src/rules.cc",
        "src/session.cc",
        "src/tracer.cc"
      ],
      "include_dirs": [
        "<!(node -p \"require('node-addon-api').include_dir\")",
        "../include",
        "src",
        "shared"
      ],
      "defines": ["NAPI_VERSION=8", "NAPI_CPP_EXCEPTIONS", "_GNU_SOURCE"],
      "cflags!": ["-fno-exceptions"],
      "cflags_cc!": ["-fno-exceptions", "-std=gnu++14", "-std=gnu++17"],
      "cflags_cc": ["-std=c++17", "-fexceptions", "-Wall", "-Wextra", "-Wno-unused-parameter", "-Wno-missing-field-initializers"],
      "libraries": ["-lpthread"]
    }
  ]
}
