#!/usr/bin/env bash
# Mutation check of the event-driven engine (docs/verification.md): runs the
# cim-sim lit tests once unmutated (all must pass) and once per deliberate
# error the engine can be switched to by CIM_EVSIM_MUTATION (constant,
# drop-noc, drop-hop, double-mvm, overlap-all); each mutant must make at
# least one test fail. Prints the tests that kill each mutant; exit status 1
# if the unmutated run fails or a mutant survives.
# usage: scripts/mutation_check_evsim.sh [BUILD_DIR]
set -uo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build=${1:-$root/build}
lit=/usr/lib/llvm-19/build/utils/lit/lit.py
run() { /usr/bin/python3 "$lit" "$build/test/cim-sim" 2>&1; }
status=0
if ! out=$(env -u CIM_EVSIM_MUTATION /usr/bin/python3 "$lit" "$build/test/cim-sim" 2>&1); then
  echo "unmutated: cim-sim tests fail"; echo "$out" | grep -E '^  CIM ::'; exit 1
fi
echo "unmutated: all cim-sim tests pass"
for m in constant drop-noc drop-hop double-mvm overlap-all; do
  out=$(CIM_EVSIM_MUTATION=$m run)
  killers=$(echo "$out" | grep -E '^  CIM :: ' | sed 's/^  CIM :: //' | tr '\n' ' ')
  if [ -z "$killers" ]; then
    echo "mutant $m: SURVIVED"; status=1
  else
    echo "mutant $m: killed by $killers"
  fi
done
exit $status
