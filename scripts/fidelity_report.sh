#!/usr/bin/env bash
# Regenerates the numbers of docs/fidelity.md: the event-driven engine vs the
# analytical model (python/fidelity_report.py drives cim-opt and cim-sim).
# usage: scripts/fidelity_report.sh [--build DIR] [--docs DIR] [--models DIR]
#   always:   the 1,000 random layer x configuration cases (seed 12), block
#             fidelity-random (about 2 minutes on 2 cores)
#   --models: the six torchvision models of python/export_torchvision.py,
#             exported into DIR when missing (needs torch), block
#             fidelity-models
# test/Docs/fidelity-drift.test regenerates the random block into a copy of
# docs/ and requires it to equal the committed one.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build=$root/build
docs=$root/docs
models=
while [ $# -gt 0 ]; do
  case $1 in
    --build) build=$2; shift 2 ;;
    --docs) docs=$2; shift 2 ;;
    --models) models=$2; shift 2 ;;
    *) echo "fidelity_report.sh: unknown argument '$1'" >&2; exit 2 ;;
  esac
done
py=/usr/bin/python3
work=$(mktemp -d "${TMPDIR:-/tmp}/cim-fidelity.XXXXXX")
trap 'rm -rf "$work"' EXIT

# Replaces the lines between the BEGIN/END markers of block $1 in $2 by file $3.
replace_block() {
  $py - "$1" "$2" "$3" <<'PYEOF'
import os, sys
name, doc, body = sys.argv[1:]
text = open(doc).read()
begin = "<!-- BEGIN generated %s" % name
end = "<!-- END generated %s -->" % name
i = text.index(begin)
i = text.index("\n", i) + 1
j = text.index(end)
new = text[:i] + "```\n" + open(body).read() + "```\n" + text[j:]
tmp = doc + ".tmp"
open(tmp, "w").write(new)
os.replace(tmp, doc)
PYEOF
}

$py "$root/python/fidelity_report.py" --build "$build" random --cases 1000 \
  --seed 12 --out "$work/random.json"
$py "$root/python/fidelity_report.py" summary "$work/random.json" --markdown \
  > "$work/random.txt"
replace_block fidelity-random "$docs/fidelity.md" "$work/random.txt"
echo "regenerated fidelity-random in fidelity.md"

if [ -n "$models" ]; then
  names="mobilenet_v3_large mobilenet_v3_small resnet18 resnet50 efficientnet_b0 vit_b_16"
  mkdir -p "$models"
  for m in $names; do
    if [ ! -f "$models/$m.onnx" ]; then
      $py "$root/python/export_torchvision.py" --out "$models" \
        --models "$(echo $names | tr ' ' ',')" > "$work/export.log" 2>&1
      break
    fi
  done
  irs=()
  for m in $names; do
    "$build/bin/cim-translate" --import-onnx "$models/$m.onnx" --elide-weights \
      -o "$work/$m.mlir"
    irs+=("$work/$m.mlir")
  done
  $py "$root/python/fidelity_report.py" --build "$build" models "${irs[@]}" \
    --out "$work/models.json"
  $py "$root/python/fidelity_report.py" summary "$work/models.json" --markdown \
    > "$work/models.txt"
  replace_block fidelity-models "$docs/fidelity.md" "$work/models.txt"
  echo "regenerated fidelity-models in fidelity.md"
fi
