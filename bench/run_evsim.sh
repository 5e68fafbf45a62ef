#!/bin/sh
# Builds and runs the event-driven engine benchmark pinned to one core.
# Usage: bench/run_evsim.sh MODELS_DIR [build-dir] [google-benchmark flags...]
# MODELS_DIR holds resnet50.onnx, mobilenet_v3_large.onnx and vit_b_16.onnx
# (python/export_torchvision.py --out MODELS_DIR exports them when missing);
# they are imported and lowered on configs/hw/default.json first.
set -e
src=$(cd "$(dirname "$0")/.." && pwd)
models=$1
shift
build=${CIM_BUILD_DIR:-"$src/build"}
if [ $# -gt 0 ]; then
  build=$1
  shift
fi
ninja -C "$build" -j2 cim-bench-evsim cim-translate cim-opt
if [ ! -f "$models/vit_b_16.onnx" ]; then
  /usr/bin/python3 "$src/python/export_torchvision.py" --out "$models" \
    --models resnet50,mobilenet_v3_large,vit_b_16
fi
lowered=$(mktemp -d "${TMPDIR:-/tmp}/cim-bench-evsim.XXXXXX")
trap 'rm -rf "$lowered"' EXIT
for m in resnet50 mobilenet_v3_large vit_b_16; do
  "$build/bin/cim-translate" --import-onnx "$models/$m.onnx" --elide-weights \
    -o "$lowered/$m.mlir"
  "$build/bin/cim-opt" "$lowered/$m.mlir" \
    --cim-compile="config=$src/configs/hw/default.json" -o "$lowered/$m.low.mlir"
done
echo "machine: $(nproc) cores, $(lscpu | grep 'Model name' | sed 's/ *Model name: *//')"
echo "date: $(date -u)   load: $(cut -d' ' -f1-3 /proc/loadavg)"
CIM_BENCH_LOWERED=$lowered taskset -c 0 "$build/bin/cim-bench-evsim" "$@"
