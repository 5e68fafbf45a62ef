#!/bin/sh
# Builds and runs the cost-model benchmark pinned to one core.
# Usage: bench/run.sh [build-dir] [google-benchmark flags...]
# The build directory defaults to $CIM_BUILD_DIR, else <repo>/build; it is
# configured (Release, Ninja) if it has no build.ninja yet.
set -e
src=$(cd "$(dirname "$0")/.." && pwd)
build=${CIM_BUILD_DIR:-"$src/build"}
if [ $# -gt 0 ]; then
  build=$1
  shift
fi
if [ ! -f "$build/build.ninja" ]; then
  cmake -S "$src" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release
fi
ninja -C "$build" -j2 cim-bench-costmodel
echo "machine: $(nproc) cores, $(lscpu | grep 'Model name' | sed 's/ *Model name: *//')"
echo "date: $(date -u)   load: $(cut -d' ' -f1-3 /proc/loadavg)"
exec taskset -c 0 "$build/bin/cim-bench-costmodel" "$@"
