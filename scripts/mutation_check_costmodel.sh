#!/usr/bin/env bash
# Mutation check of the analytical cost model (issue 12, docs/verification.md).
#
# Applies one mutant at a time to lib/CostModel/Formulas.cpp (a constant
# result, a dropped term, a doubled term, ...), rebuilds only the CostModel
# unit tests, runs them, and reports each mutant as killed (some test
# failed) or survived (every test passed). The source is restored after
# every mutant and on exit, whatever happens.
#
# usage: scripts/mutation_check_costmodel.sh [BUILD_DIR]   (default <repo>/build)
# Takes about a minute with ccache warm; not part of the default suite.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build=${1:-$root/build}
src=$root/lib/CostModel/Formulas.cpp
backup=$(mktemp "${TMPDIR:-/tmp}/cim-mutation.XXXXXX")
cp "$src" "$backup"
restore() { cp "$backup" "$src"; rm -f "$backup"; }
trap restore EXIT

# name | sed expression (applied to the formula source, must change it)
mutants=(
  "constant cycles|s#^  b.stalls = b.cycles - b.compute;#  b.cycles = 1000;\n  b.stalls = b.cycles - b.compute;#"
  "drop hop|s#int64_t hop = hw.stepOverheadCycles;#int64_t hop = 0;#"
  "drop dram term|s#int64_t dram =\$#int64_t dram = 0 *#"
  "drop lb term|s#int64_t lb = llvm::divideCeilSigned(c.lbBytes#int64_t lb = 0 * llvm::divideCeilSigned(c.lbBytes#"
  "double compute|s#compute = c.mvms \* t.interval + (t.latency - t.interval);#compute = 2 * (c.mvms * t.interval + (t.latency - t.interval));#"
  "double vector term|s#llvm::divideCeilSigned(c.vectorOps, hw.vectorLanesPerCore);#2 * llvm::divideCeilSigned(c.vectorOps, hw.vectorLanesPerCore);#"
  "serial body drops dram|s#body += terms\[i\];#body += i == 1 ? 0 : terms[i];#"
  "double-buffered body doubled|s#body = terms\[best\];#body = 2 * terms[best];#"
  "drop latency tail|s#t.latency = slices + tree;#t.latency = slices;#"
  "drop row writes from programming|s#c.rowsProgrammed \* hw.programCyclesPerRow#0 * hw.programCyclesPerRow#"
  "fill/drain bytes counted again|s#^      continue;\$#      break;#"
  "double dram bytes|s#b.dramBytes += n \* c.dramBytes;#b.dramBytes += 2 * n * c.dramBytes;#"
  "drop gb bytes|s#b.gbBytes += n \* c.gbBytes;#b.gbBytes += 0;#"
  "drop macs|s#b.macs += n \* c.macs;#b.macs += 0;#"
  "ping-pong hides twice|s#b.cycles -= hidden;#b.cycles -= 2 * hidden;#"
  "ping-pong ignores free arrays|s#2 \* plan.arraysUsed <= mp.arraysAvailable#plan.arraysUsed <= mp.arraysAvailable#"
  "ping-pong last round is the whole layer|s#    lastRound = stepCycles - share;#    lastRound = stepCycles;#"
  "cross-layer hides twice|s#    total.cycles -= hidden;#    total.cycles -= 2 * hidden;#"
  "cross-layer ignores busy arrays|s#prev.pingPongArrays + cur.pingPongArrays > cur.pingPongFreeArrays#false#"
  "cross-layer hides the whole program|s#std::min(cur.pingPongFirstProgram, prev.pingPongLastRound)#cur.pingPongFirstProgram#"
)

killed=0
survived=0
for entry in "${mutants[@]}"; do
  name=${entry%%|*}
  expr=${entry#*|}
  cp "$backup" "$src"
  sed -i -e "$expr" "$src"
  if cmp -s "$backup" "$src"; then
    echo "NOT APPLIED  $name (the pattern no longer matches Formulas.cpp)"
    exit 1
  fi
  if ! ninja -C "$build" -j2 CimCostModelTests > /dev/null 2>&1; then
    echo "killed (does not compile)  $name"
    killed=$((killed + 1))
    continue
  fi
  if "$build/unittests/CostModel/CimCostModelTests" > /dev/null 2>&1; then
    echo "SURVIVED  $name"
    survived=$((survived + 1))
  else
    echo "killed    $name"
    killed=$((killed + 1))
  fi
done
cp "$backup" "$src"
ninja -C "$build" -j2 CimCostModelTests > /dev/null
echo "mutants: ${#mutants[@]}, killed: $killed, survived: $survived"
[ "$survived" -eq 0 ]
