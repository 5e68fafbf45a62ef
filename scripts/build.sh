#!/usr/bin/env bash
# Configures (once) and builds cimnet into build/ (Release, Ninja).
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build=${CIM_BUILD_DIR:-$root/build}
jobs=${CIM_JOBS:-$(nproc)}
if [[ ! -f "$build/build.ninja" ]]; then
  cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release \
    -DMLIR_DIR=/usr/lib/llvm-19/lib/cmake/mlir \
    -DPython3_EXECUTABLE=/usr/bin/python3
fi
ninja -C "$build" -j "$jobs" "$@"
