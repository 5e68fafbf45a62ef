#!/usr/bin/env bash
# Sets up, builds and runs every test (lit regression tests, GoogleTest unit
# tests run through lit, lints). Ends with a plain "N passed, M failed" line
# counted from lit's own report (scripts/lit_summary.py); tests that were
# unsupported or skipped are named above it and not counted as passed.
set -uo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build=${CIM_BUILD_DIR:-$root/build}

"$root/scripts/setup.sh" || { echo "0 passed, 1 failed"; exit 1; }
"$root/scripts/build.sh" all CimUnitTests || { echo "0 passed, 1 failed"; exit 1; }
# The libFuzzer build that test/Fuzz runs (docs/reliability.md, "Fuzzing"):
# clang-19, ASan + UBSan, only the libraries the harnesses need.
fuzz_start=$SECONDS
export CIM_FUZZ_BUILD=${CIM_FUZZ_BUILD:-$root/build-fuzz}
"$root/scripts/fuzz.sh" --build-only --build "$CIM_FUZZ_BUILD" ||
  { echo "0 passed, 1 failed"; exit 1; }
echo "test.sh: fuzz build took $((SECONDS - fuzz_start)) s"

lit=/usr/lib/llvm-19/build/utils/lit/lit.py
log=$(mktemp "${TMPDIR:-/tmp}/cim-lit.XXXXXX")
trap 'rm -f "$log"' EXIT
/usr/bin/python3 "$lit" -v --time-tests "$build/test" "$build/unittests" 2>&1 | tee "$log"
/usr/bin/python3 "$root/scripts/lit_summary.py" "$log"
