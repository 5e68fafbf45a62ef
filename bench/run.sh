#!/bin/sh
# Builds and runs the cost-model benchmark on one core.
# Usage: bench/run.sh [build-dir] [extra google-benchmark flags...]
set -e
src=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-"$src/build-bench"}
[ $# -gt 0 ] && shift
if [ ! -f "$build/build.ninja" ]; then
  cmake -S "$src" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release
fi
ninja -C "$build" -j2 cim-bench-costmodel
echo "machine: $(nproc) cores, $(lscpu | grep 'Model name' | sed 's/ *Model name: *//')"
date -u
exec taskset -c 0 "$build/bin/cim-bench-costmodel" "$@"
