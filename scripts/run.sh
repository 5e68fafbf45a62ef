#!/usr/bin/env bash
# The main job on the bundled defaults: set up, build, then run a short joint
# search (OFA-MobileNetV3 sub-network x CiM hardware, NSGA-II) on the default
# hardware space (configs/hw-space/default.json) and print the front.
# Accuracy: the bundled measured ImageNet data (data/, see data/NOTICE.md)
# where a network was measured, the committed ridge predictor
# (configs/accuracy/) elsewhere; every row says which. Pass extra
# cim-opt-search flags as arguments, e.g. --generations 20.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build=${CIM_BUILD_DIR:-$root/build}
out=${CIM_RUN_DIR:-$root/results/quickstart}

"$root/scripts/setup.sh"
"$root/scripts/build.sh" cim-opt-search

rm -rf "$out"
mkdir -p "$(dirname "$out")"
(cd "$root" && "$build/bin/cim-opt-search" --supernet ofa_mbv3 --mode joint \
  --population 24 --generations 8 --seed 42 --threads "$(nproc)" \
  --out "$out" "$@")
echo
/usr/bin/python3 "$root/python/print_front.py" "$out/front.csv"
echo
echo "files: $out/evaluations.csv (every evaluation), $out/front.csv (the front),"
echo "       $out/summary.json (settings, hypervolume per generation, timing)"
