#!/usr/bin/env bash
# The outputs of a fixed set of runs, for proving that a change of structure
# changes no behaviour: run once before, once after, then
#   scripts/compare_outputs.py BEFORE AFTER
# must report no difference.
#
# usage: scripts/snapshot_outputs.sh OUT_DIR [MODELS_DIR]
#   MODELS_DIR  where the exported ONNX models are kept (default
#               OUT_DIR/../snapshot-models); exported once, then reused, so
#               both snapshots read the very same models.
# env:   CIM_BUILD (default <repo>/build)
#
# What it records (every file deterministic; timings are stripped):
#  - the six torchvision exports and the two small models of
#    python/export_small_models.py, each on two hardware configurations (the
#    default and a point of the default space, 64x64 arrays on 8 cores):
#    cim-sim's text and JSON reports and cim-opt --cim-report's JSON (the IR
#    in between is not recorded: its syntax may change, its numbers may not);
#  - a 5-generation search in each mode (joint, model-only, hardware-only) and
#    a random search: evaluations.csv, front.csv, summary.json without times;
#  - --evaluate, --emit-subnet and --hw-regret on fixed genomes;
#  - cim-space describe / layers / accuracy / cycles-study tables;
#  - the conformance sweep (libonnx-testdata) on its three configurations.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
bin=${CIM_BUILD:-$root/build}/bin
out=$1
models=${2:-$(dirname "$out")/snapshot-models}
py=/usr/bin/python3
mkdir -p "$out" "$models"
out=$(cd "$out" && pwd)

# Models (exported once).
if [ ! -f "$models/vit_b_16.onnx" ]; then
  $py "$root/python/export_torchvision.py" --out "$models" > "$models/export.log" 2>&1
fi
if [ ! -f "$models/small/cnn/model.onnx" ]; then
  $py "$root/python/export_small_models.py" --out "$models/small" >> "$models/export.log" 2>&1
fi

configs=("$root/configs/hw/default.json" "$root/test/EndToEnd/Inputs/space-64x64-c8.json")
mkdir -p "$out/models"
ir=$(mktemp -d "${TMPDIR:-/tmp}/cim-snapshot-ir.XXXXXX")
trap 'rm -rf "$ir"' EXIT
for onnx in "$models"/*.onnx "$models"/small/*/model.onnx; do
  name=$(basename "$onnx" .onnx)
  [ "$name" = model ] && name=small_$(basename "$(dirname "$onnx")")
  "$bin/cim-translate" --import-onnx "$onnx" --elide-weights -o "$ir/$name.mlir"
  for config in "${configs[@]}"; do
    tag=$name.$(basename "$config" .json)
    "$bin/cim-opt" "$ir/$name.mlir" --cim-compile="config=$config" \
      -o "$ir/$tag.low.mlir"
    "$bin/cim-sim" "$ir/$tag.low.mlir" --analytic -o "$out/models/$tag.sim.txt"
    "$bin/cim-sim" "$ir/$tag.low.mlir" --analytic --json -o "$out/models/$tag.sim.json"
    "$bin/cim-opt" "$ir/$name.mlir" --cim-attach-hardware="config=$config" \
      --cim-map --cim-report="output=$out/models/$tag.report.json" -o /dev/null
  done
done

# Searches.
mbv3='ks=3,7,-,-,7,7,5,-,5,5,5,-,3,5,3,7,3,7,5,7;e=4,6,-,-,3,4,3,-,4,4,4,-,4,3,6,6,4,4,4,6;d=2,3,3,4,4'
search() { # dir args...
  local dir=$out/search/$1; shift
  "$bin/cim-opt-search" --population 10 --generations 5 --seed 7 \
    --ref-point 70,3000000 --out "$dir" "$@" > "$dir.log"
  $py - "$dir/summary.json" <<'PY'
import json, sys
path = sys.argv[1]
s = json.load(open(path))
def strip(v):
    if isinstance(v, dict):
        return {k: strip(x) for k, x in v.items()
                if not (k.endswith("_seconds") or k == "evaluations_per_second")}
    if isinstance(v, list):
        return [strip(x) for x in v]
    return v
s = strip(s)
s["settings"].pop("arguments", None)  # holds the output path
open(path, "w").write(json.dumps(s, indent=2, sort_keys=True) + "\n")
PY
  sed -i "s|$out|OUT|g" "$dir.log" "$dir/summary.json"
}
mkdir -p "$out/search"
search joint --mode joint
search model-only --mode model-only --hw "$root/configs/hw/default.json"
search hardware-only --mode hardware-only --subnet "$mbv3"
search random --search-algo random
"$bin/cim-opt-search" --evaluate "$mbv3" > "$out/search/evaluate.csv"
"$bin/cim-opt-search" --hw-space "$root/test/Inputs/small-hw-space.json" \
  --hw-regret "$out/search/joint/front.csv" --out "$out/search/regret" > /dev/null
for space in ofa_mbv3 ofa_mbv3_r ofa_resnet50 vit_b16; do
  case $space in
    ofa_mbv3) g=$mbv3 ;;
    ofa_mbv3_r) g="$mbv3;r=192" ;;
    ofa_resnet50) g='d=0,1,2,0,1;e=0.2,0.25,0.35,0.2,0.25,0.35,0.2,0.25,0.35,0.2,0.25,0.35,0.2,0.25,0.35,0.2,0.25,0.35;w=0,1,2,0,1,2' ;;
    vit_b16) g='num_layers=11;num_attention_heads=6,8,10,12,6,8,10,12,6,8,10,-;vit_intermediate_sizes=1024,2048,3072,1024,2048,3072,1024,2048,3072,1024,2048,-' ;;
  esac
  "$bin/cim-opt-search" --emit-subnet "$space" "$g" -o "$ir/$space.mlir"
  "$bin/cim-opt" "$ir/$space.mlir" --cim-compile="config=$root/configs/hw/default.json" \
    -o "$ir/$space.low.mlir"
  "$bin/cim-sim" "$ir/$space.low.mlir" --analytic --json -o "$out/search/$space.subnet.sim.json"
  "$bin/cim-opt-search" --supernet "$space" --evaluate "$g" > "$out/search/$space.evaluate.csv"
  "$bin/cim-space" describe --space "$space" > "$out/space.$space.describe.txt"
  "$bin/cim-space" layers --space "$space" --genome "$g" > "$out/space.$space.layers.txt"
  "$bin/cim-space" accuracy --space "$space" --genome "$g" > "$out/space.$space.accuracy.txt"
done
"$bin/cim-space" cycles-study --space ofa_mbv3 --train 40 --test 20 --seed 3 \
  | sed 's/oracle_seconds [0-9.]*//' > "$out/space.cycles-study.txt"

# Conformance sweep.
if [ -d /usr/share/libonnx-testdata/data/node ]; then
  PATH=$bin:$PATH $py "$root/test/Conformance/Inputs/conformance_sweep.py" cim-run \
    /usr/share/libonnx-testdata/data/node \
    --hw "$root/test/Inputs/hw/odd-7x6.json" \
    --hw "$root/test/Inputs/hw/one-array-4x1.json" \
    --hw "$root/test/Inputs/hw/small-16x8.json" > "$out/conformance.txt"
fi
# Paths of this checkout and build are not behaviour: name them ROOT, BUILD.
build_dir=$(cd "$bin/.." && pwd)
find "$out" -type f -print0 | xargs -0 sed -i -e "s|$build_dir|BUILD|g" -e "s|$root|ROOT|g"
find "$out" -type f | wc -l | xargs echo "snapshot: files written to $out:"
