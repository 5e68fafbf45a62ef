#!/bin/bash
# CiMNet reproduction on OFA-MobileNetV3 with the measured accuracy data:
#   (a) baseline: the most accurate measured network on the default hardware
#   (b) model-only search on the default hardware
#   (c) model-only search on the best single hardware configuration (least
#       worst-case regret over the joint fronts' networks)
#   (d) joint search
# then the iso-accuracy table, the regrets and the plot (docs/results.md);
# then (b), (c), (d) again with accuracy and energy, and with accuracy and EDP,
# as objectives in the energy hardware space (ENERGY_LEGS=0 skips them).
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
ENERGY_SPACE=$ROOT/configs/hw-space/energy.json

[ -x "$BIN" ] || { echo "reproduce_cimnet.sh: $BIN not built" >&2; exit 1; }
[ -f "$DATA" ] || { echo "reproduce_cimnet.sh: measured data $DATA missing" >&2; exit 1; }
mkdir -p "$OUT"
cp "$HW" "$OUT/default_hardware.json"

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

# One leg: (d) joint and (b) model-only on the default hardware, then (c) the
# best single configuration of HW_SPACE for the joint fronts' networks (least
# worst-case regret of the leg's cost objective) and model-only on it.
# usage: leg SUBDIR HW_SPACE [--objectives LIST]
leg() {
  local sub=$1 space=$2; shift 2
  local objectives=("$@")
  local base=$OUT/$sub prefix=$sub/
  [ "$sub" = . ] && base=$OUT && prefix=
  COMMON=(--supernet ofa_mbv3 --accuracy-data "$DATA" --hw-space "$space"
          --population "$POPULATION" --generations "$GENERATIONS" --threads "$THREADS")
  for s in $SEEDS; do
    run "${prefix}joint" "$s" --mode joint "${objectives[@]}"
    run "${prefix}model_default" "$s" --mode model-only --hw "$HW" "${objectives[@]}"
  done
  local fronts=()
  for s in $SEEDS; do fronts+=("$base/joint/seed$s/front.csv"); done
  mkdir -p "$base/regret"
  $PY "$ROOT/python/analyze_results.py" select-networks "$base/regret/networks.csv" \
    "$REGRET_NETWORKS" "${fronts[@]}"
  "$BIN" --accuracy-data "$DATA" --hw-space "$space" --threads "$THREADS" \
    "${objectives[@]}" --hw-regret "$base/regret/networks.csv" --out "$base/regret"
  # Mark the configurations that appear on the joint fronts.
  $PY - "$base" $SEEDS <<'PY'
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
    run "${prefix}model_best" "$s" --mode model-only --hw "$base/regret/best_hardware.json" \
      "${objectives[@]}"
  done
}

# The cycles study: the default objectives (accuracy, cycles).
leg . "$HW_SPACE"

# The energy legs (docs/results.md, "Co-design under energy"): accuracy with
# energy per inference, then with EDP, in the energy space (ADC resolution and
# SRAM size genes); each with its own reference point, top-1 70 % and twice
# the baseline's energy resp. EDP on the default hardware.
if [ "${ENERGY_LEGS:-1}" = 1 ]; then
  for metric in energy edp; do
    column=energy_pj
    [ "$metric" = edp ] && column=edp_pj_us
    VALUE=$($PY -c "import csv,sys; print(2 * float(next(csv.DictReader(open(sys.argv[1])))[sys.argv[2]]))" \
      "$OUT/baseline.csv" "$column")
    REF="70,$VALUE"
    echo "$metric leg: reference point $REF"
    leg "$metric" "$ENERGY_SPACE" --objectives "accuracy,$metric"
  done
fi

$PY "$ROOT/python/analyze_results.py" report "$OUT"
$PY "$ROOT/python/plot_fronts.py" "$OUT"
$PY "$ROOT/python/plot_fronts.py" "$OUT" --energy
