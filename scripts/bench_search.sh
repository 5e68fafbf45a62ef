#!/bin/bash
# Benchmark of cim-opt-search (issue 7): joint NSGA-II on OFA-MobileNetV3,
# population 100 x 200 generations (20,000 evaluations), exact simulation.
# Prints wall time, evaluations/s, cache hit rate and peak memory
# (/usr/bin/time -v). Target: <= 60 s wall on 2 cores.
#
# usage: scripts/bench_search.sh [OUT_DIR]
# env:   CIM_BUILD (default <repo>/build), THREADS (2),
#        POPULATION (100), GENERATIONS (200)
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
BIN=${CIM_BUILD:-$ROOT/build}/bin/cim-opt-search
OUT=${1:-${TMPDIR:-/tmp}/cim-bench-search}
THREADS=${THREADS:-2}
POPULATION=${POPULATION:-100}
GENERATIONS=${GENERATIONS:-200}
[ -x "$BIN" ] || { echo "bench_search.sh: $BIN not built" >&2; exit 1; }
rm -rf "$OUT"
mkdir -p "$(dirname "$OUT")"
# A fixed reference point (the reproduction's: top-1 70 %, 2 x the baseline's
# cycles) so start-up does not simulate the whole hardware space.
/usr/bin/time -v "$BIN" --supernet ofa_mbv3 --mode joint \
  --accuracy-data "$ROOT/data/ofa_mbv3_w10_imagenet.csv" \
  --population "$POPULATION" --generations "$GENERATIONS" --seed 1 \
  --threads "$THREADS" --ref-point 70,1875802 --out "$OUT" 2> "$OUT.time"
/usr/bin/python3 - "$OUT" "$OUT.time" <<'PY'
import json, re, sys
out, timing = sys.argv[1], open(sys.argv[2]).read()
s = json.load(open(out + "/summary.json"))
wall = re.search(r"Elapsed \(wall clock\) time.*: (\S+)", timing).group(1)
rss = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", timing).group(1))
user = float(re.search(r"User time \(seconds\): (\S+)", timing).group(1))
cache = s["details"]["layer_cost_cache"]
print("evaluations %d in %d generations, threads %s" % (
    s["evaluations"], s["generations_run"], s["settings"]["threads"]))
print("wall %s (search loop %.1f s), user CPU %.1f s" % (wall, s["search_seconds"], user))
print("evaluations/s %.1f (wall of the search loop)" % s["evaluations_per_second"])
print("layer-cost cache: %d hits, %d misses, hit rate %.3f, %d entries" % (
    cache["hits"], cache["misses"], cache["hit_rate"], cache["entries"]))
print("duplicates rejected: %d" % sum(g["duplicates_rejected"] for g in s["generations"]))
print("accuracy sources: %s" % s["details"]["accuracy_sources_this_session"])
print("peak memory (max RSS) %.1f MiB" % (rss / 1024.0))
print("final hypervolume %.6g (normalised %.4f)" % (
    s["generations"][-1]["hypervolume"], s["generations"][-1]["hypervolume_normalized"]))
PY
