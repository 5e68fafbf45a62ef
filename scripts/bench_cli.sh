#!/usr/bin/env bash
# Times the full command-line path on MobileNetV3-Large:
#   export (once) -> cim-translate --import-onnx -> cim-opt --cim-compile -> cim-sim
# Usage: scripts/bench_cli.sh [BUILD_DIR] [WORK_DIR]
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build=${1:-$root/build}
work=${2:-$root/results/bench-cli}
mkdir -p "$work"
model=$work/mobilenet_v3_large.onnx
[[ -f $model ]] || /usr/bin/python3 "$root/python/export_torchvision.py" --out "$work" --models mobilenet_v3_large >/dev/null
run() { /usr/bin/time -f "%e s wall, %M KB peak: $1" "${@:2}"; }
for i in 1 2 3; do
  echo "run $i"
  run "cim-translate (weights)" "$build/bin/cim-translate" --import-onnx "$model" -o "$work/mbv3.mlir"
  run "cim-opt --cim-compile" "$build/bin/cim-opt" "$work/mbv3.mlir" \
    --cim-compile="config=$root/configs/hw/default.json" -o "$work/mbv3.low.mlir"
  run "cim-sim" "$build/bin/cim-sim" "$work/mbv3.low.mlir" -o /dev/null
done
