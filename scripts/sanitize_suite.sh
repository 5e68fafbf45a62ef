#!/usr/bin/env bash
# Builds the whole project with AddressSanitizer + UndefinedBehaviorSanitizer
# (-fsanitize=address,undefined -fno-sanitize-recover=all, our sources only;
# LLVM/MLIR/ONNX/protobuf are Debian's uninstrumented libraries) into
# build-asan and runs the whole lit suite under it, ending with the same
# "N passed, M failed" line as scripts/test.sh (docs/reliability.md,
# "Sanitizers").
#
#   scripts/sanitize_suite.sh [--build DIR] [--skip-fresh-clone] [--no-build]
#                             [lit args...]
#
# --skip-fresh-clone leaves out test/Product/fresh-clone*.test, which clone
# and rebuild the tree with the default (uninstrumented) configuration and so
# test nothing the sanitizers see. --no-build runs the suite on the build as
# it is. The compiler is $CXX/$CC (default clang++-19/clang-19, which
# scripts/setup.sh installs for the fuzzers; docs/reliability.md records the
# build times); ccache is used when present.
set -uo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build=$root/build-asan
filter=()
lit_args=()
dobuild=1
while [[ $# -gt 0 ]]; do
  case "$1" in
    --build) build=$2; shift 2 ;;
    --skip-fresh-clone) filter=(--filter-out 'fresh-clone'); shift ;;
    --no-build) dobuild=0; shift ;;
    -h|--help) sed -n '2,17p' "$0"; exit 0 ;;
    *) lit_args+=("$1"); shift ;;
  esac
done
jobs=${CIM_JOBS:-2}
launcher=()
if command -v ccache >/dev/null; then
  launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache -DCMAKE_C_COMPILER_LAUNCHER=ccache)
fi

start=$(date +%s)
if [[ ! -f "$build/build.ninja" ]]; then
  # -O1 keeps the instrumented build and the suite fast enough; -g1 gives
  # the sanitizer reports file:line.
  CXX=${CXX:-clang++-19} CC=${CC:-clang-19} cmake -S "$root" -B "$build" -G Ninja \
    -DCMAKE_BUILD_TYPE=Release \
    -DCMAKE_CXX_FLAGS_RELEASE="-O1 -g1 -DNDEBUG" \
    -DCMAKE_C_FLAGS_RELEASE="-O1 -g1 -DNDEBUG" \
    -DCIM_SANITIZERS="address;undefined" \
    -DMLIR_DIR=/usr/lib/llvm-19/lib/cmake/mlir \
    -DPython3_EXECUTABLE=/usr/bin/python3 "${launcher[@]}" ||
    { echo "0 passed, 1 failed"; exit 1; }
fi
if [[ $dobuild -eq 1 ]]; then
  ninja -C "$build" -j "$jobs" all CimUnitTests || { echo "0 passed, 1 failed"; exit 1; }
fi
built=$(date +%s)
echo "sanitize_suite: build took $((built - start)) s"

# Every sanitizer report ends the process with a non-zero status (a test
# then fails on its exit status or its missing output). Leak checking stays
# on. allow_user_poisoning=0: LLVM's BumpPtrAllocator (llvm/Support/
# Allocator.h) poisons a new slab in our instrumented copy of its inline code
# while Debian's uninstrumented MLIR libraries allocate from it without
# unpoisoning: a false use-after-poison on every MLIRContext. Heap, stack
# and global checks are unaffected. test/lit.cfg.py passes these through.
# Open MPI's own leaks at MPI_Finalize are suppressed (scripts/openmpi-lsan.supp).
export ASAN_OPTIONS=${ASAN_OPTIONS:-halt_on_error=1:detect_leaks=1:allow_user_poisoning=0}
export LSAN_OPTIONS=${LSAN_OPTIONS:-suppressions=$root/scripts/openmpi-lsan.supp}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-halt_on_error=1:print_stacktrace=1}
lit=/usr/lib/llvm-19/build/utils/lit/lit.py
log=$(mktemp "${TMPDIR:-/tmp}/cim-asan-lit.XXXXXX")
trap 'rm -f "$log"' EXIT
/usr/bin/python3 "$lit" -v --time-tests "${filter[@]}" "${lit_args[@]}" \
  "$build/test" "$build/unittests" 2>&1 | tee "$log"
echo "sanitize_suite: tests took $(( $(date +%s) - built )) s"
/usr/bin/python3 "$root/scripts/lit_summary.py" "$log"
