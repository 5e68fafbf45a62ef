#!/bin/bash
# CiMNet reproduction on OFA-MobileNetV3 with the measured accuracy data:
#   (a) baseline: the most accurate measured network on the default hardware
#   (b) model-only search on the default hardware
#   (c) model-only search on the best single hardware configuration (least
#       worst-case regret over the joint fronts' networks)
#   (d) joint search
# then the iso-accuracy table, the regrets and the plot (docs/results.md).
#
# usage: scripts/reproduce_cimnet.sh [RESULTS_DIR]
# env:   CIM_BUILD (default <repo>/build),
#        SEEDS ("1 2 3 4 5"), POPULATION (30), GENERATIONS (20), THREADS (2),
#        REGRET_NETWORKS (12)
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
BIN=${CIM_BUILD:-$ROOT/build}/bin/cim-opt-search
DATA=$ROOT/data/ofa_mbv3_w10_imagenet.csv
OUT=${1:-$ROOT/results/cimnet}
SEEDS=${SEEDS:-1 2 3 4 5}
POPULATION=${POPULATION:-30}
GENERATIONS=${GENERATIONS:-20}
THREADS=${THREADS:-2}
REGRET_NETWORKS=${REGRET_NETWORKS:-12}
PY=/usr/bin/python3
HW=$ROOT/configs/hw/default.json
HW_SPACE=$ROOT/configs/hw-space/default.json

[ -x "$BIN" ] || { echo "reproduce_cimnet.sh: $BIN not built" >&2; exit 1; }
[ -f "$DATA" ] || { echo "reproduce_cimnet.sh: measured data $DATA missing" >&2; exit 1; }
mkdir -p "$OUT"
cp "$HW" "$OUT/default_hardware.json"
COMMON=(--supernet ofa_mbv3 --accuracy-data "$DATA" --hw-space "$HW_SPACE"
        --population "$POPULATION" --generations "$GENERATIONS" --threads "$THREADS")

# (a) Baseline.
read -r GENOME TOP1 < <($PY "$ROOT/python/analyze_results.py" baseline-genome "$DATA")
"$BIN" --accuracy-data "$DATA" --hw "$HW" --evaluate "$GENOME" > "$OUT/baseline.csv"
BASE_CYCLES=$($PY -c "import csv,sys; print(next(csv.DictReader(open(sys.argv[1])))['cycles'])" "$OUT/baseline.csv")
# One fixed hypervolume reference point for every run: top-1 70 %, twice the
# baseline's cycles.
REF="70,$((2 * BASE_CYCLES))"
echo "baseline: top-1 $TOP1, $BASE_CYCLES cycles; reference point $REF"

run() { # mode-dir seed extra-args...
  local dir=$OUT/$1/seed$2; shift 2
  local seed=${dir##*seed}
  if [ -f "$dir/summary.json" ] && grep -q '"status": "complete"' "$dir/summary.json"; then
    return
  fi
  if [ -f "$dir/summary.json" ]; then
    "$BIN" --resume "$dir" --threads "$THREADS"
  else
    "$BIN" "${COMMON[@]}" --seed "$seed" --ref-point "$REF" --out "$dir" "$@"
  fi
}

# (d) Joint search and (b) model-only on the default hardware.
for s in $SEEDS; do
  run joint "$s" --mode joint
  run model_default "$s" --mode model-only --hw "$HW"
done

# (c) The best single configuration for the joint fronts' networks.
FRONTS=()
for s in $SEEDS; do FRONTS+=("$OUT/joint/seed$s/front.csv"); done
mkdir -p "$OUT/regret"
$PY "$ROOT/python/analyze_results.py" select-networks "$OUT/regret/networks.csv" \
  "$REGRET_NETWORKS" "${FRONTS[@]}"
"$BIN" --accuracy-data "$DATA" --hw-space "$HW_SPACE" --threads "$THREADS" \
  --hw-regret "$OUT/regret/networks.csv" --out "$OUT/regret"
# Mark the configurations that appear on the joint fronts.
$PY - "$OUT" $SEEDS <<'PY'
import csv, sys, os
out, seeds = sys.argv[1], sys.argv[2:]
on = set()
for s in seeds:
    for r in csv.DictReader(open(os.path.join(out, "joint", "seed" + s, "front.csv"))):
        on.add(tuple(r[k] for k in r if k.startswith("hw_")))
path = os.path.join(out, "regret", "regret.csv")
rows = list(csv.DictReader(open(path)))
for r in rows:
    r["on_input_front"] = "1" if tuple(r[k] for k in r if k.startswith("hw_")) in on else "0"
with open(path, "w", newline="") as f:
    w = csv.DictWriter(f, fieldnames=list(rows[0].keys()))
    w.writeheader()
    w.writerows(rows)
PY
for s in $SEEDS; do
  run model_best "$s" --mode model-only --hw "$OUT/regret/best_hardware.json"
done

$PY "$ROOT/python/analyze_results.py" report "$OUT"
$PY "$ROOT/python/plot_fronts.py" "$OUT"
