#!/usr/bin/env bash
# Sets up, builds and runs every test (lit regression tests, GoogleTest unit
# tests run through lit, lints). Ends with a plain "N passed, M failed" line.
set -uo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build=${CIM_BUILD_DIR:-$root/build}

"$root/scripts/setup.sh" || exit 1
"$root/scripts/build.sh" all CimUnitTests || { echo "0 passed, 1 failed"; exit 1; }

lit=/usr/lib/llvm-19/build/utils/lit/lit.py
out=$(/usr/bin/python3 "$lit" -v --time-tests "$build/test" "$build/unittests" 2>&1)
rc=$?
printf '%s\n' "$out"
printf '%s\n' "$out" | awk '
  /^ *Passed: /               {p += $2}
  /^ *Failed: /               {f += $2}
  /^ *Unresolved: /           {f += $2}
  /^ *Unexpectedly Passed: /  {f += $3}
  /^ *Timed Out: /            {f += $3}
  END {printf "%d passed, %d failed\n", p, f}'
exit $rc
