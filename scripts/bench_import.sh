#!/usr/bin/env bash
# Times the ONNX importer (cim-translate --import-onnx) on torchvision models
# with random weights: ViT-B/16 with and without weights, ResNet-50 and
# MobileNetV3-Large with weights and --verify-roundtrip. Prints one line per
# import: model, ONNX size, wall time, text size written, peak RSS
# (/usr/bin/time), plus the machine, date and load. Results: docs/importer.md.
# Usage: scripts/bench_import.sh [BUILD_DIR] [WORK_DIR]
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build=${1:-$root/build}
work=${2:-$root/results/bench-import}
mkdir -p "$work"
for m in vit_b_16 resnet50 mobilenet_v3_large; do
  [[ -f $work/$m.onnx ]] || /usr/bin/python3 "$root/python/export_torchvision.py" --out "$work" --models "$m" >/dev/null
done
echo "machine: $(nproc) cores, $(lscpu | grep 'Model name' | sed 's/ *Model name: *//')"
echo "date: $(date -u '+%Y-%m-%d %H:%M UTC')   load: $(cut -d' ' -f1-3 /proc/loadavg)"
run() { # label model flags...
  local label=$1 model=$2; shift 2
  /usr/bin/time -f "%e %M" -o "$work/time" "$build/bin/cim-translate" --import-onnx \
    "$work/$model.onnx" "$@" -o "$work/out.mlir"
  read -r wall rss < "$work/time"
  printf '%s: ONNX %d MB, %s s, %d MB of text, peak RSS %d MB\n' "$label" \
    $(( $(stat -c %s "$work/$model.onnx") / 1000000 )) "$wall" \
    $(( $(stat -c %s "$work/out.mlir") / 1000000 )) $(( rss / 1024 ))
  rm -f "$work/out.mlir"
}
run "ViT-B/16, weights" vit_b_16
run "ViT-B/16, --elide-weights" vit_b_16 --elide-weights
run "ResNet-50, weights, --verify-roundtrip" resnet50 --verify-roundtrip
run "MobileNetV3-Large, weights, --verify-roundtrip" mobilenet_v3_large --verify-roundtrip
