#!/usr/bin/env bash
# Builds the libFuzzer harnesses of fuzz/ (clang-19, ASan + UBSan, a separate
# build directory), replays the regression inputs fuzz/regressions/<harness>/,
# then fuzzes each harness for a time budget from the committed seeds
# fuzz/corpus/<harness>/ (docs/reliability.md, "Fuzzing").
#
#   scripts/fuzz.sh [--budget SECONDS] [--seed N] [--build DIR] [--work DIR]
#                   [--no-build] [--build-only] [--jobs N] [harness...]
#
# --budget is per harness (default 60; 0 replays the regressions and seeds
# only). --seed fixes libFuzzer's random seed (default: a new one each run),
# so a run repeats the same mutations up to where its budget ends. --build is the fuzz build (default build-fuzz; configured with
# clang-19 and built when needed unless --no-build; --build-only stops
# there). Harnesses: onnx_import
# hardware_json hardware_space genome_text accuracy_csv cim_sim (default:
# all). The working corpus grows in WORK/fuzz-corpus/<harness> (kept between
# runs; WORK defaults to the build); findings are written to
# WORK/fuzz-findings/<harness>/ (crash-*, timeout-*, oom-*, leak-*), logs to
# WORK/fuzz-<harness>.log. Prints one line per harness (seconds, execs,
# corpus size, cov/ft, findings) and exits 1 on any finding (also one left
# from an earlier run) or a failed regression replay; the report of each
# finding and the finding itself (base64, when small) go to stderr, so a CI
# log alone is enough to reproduce it.
set -uo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
budget=60
seed=
build=$root/build-fuzz
work=
dobuild=1
jobs=${CIM_JOBS:-2}
all=(onnx_import hardware_json hardware_space genome_text accuracy_csv cim_sim)
harnesses=()
while [[ $# -gt 0 ]]; do
  case "$1" in
    --budget) budget=$2; shift 2 ;;
    --seed) seed=$2; shift 2 ;;
    --build) build=$2; shift 2 ;;
    --work) work=$2; shift 2 ;;
    --no-build) dobuild=0; shift ;;
    --build-only) dobuild=2; shift ;;
    --jobs) jobs=$2; shift 2 ;;
    -h|--help) sed -n '2,23p' "$0"; exit 0 ;;
    -*) echo "fuzz.sh: unknown option $1" >&2; exit 2 ;;
    *) harnesses+=("$1"); shift ;;
  esac
done
[[ ${#harnesses[@]} -eq 0 ]] && harnesses=("${all[@]}")
for h in "${harnesses[@]}"; do
  [[ " ${all[*]} " == *" $h "* ]] || { echo "fuzz.sh: unknown harness '$h' (known: ${all[*]})" >&2; exit 2; }
done

work=${work:-$build}
if [[ $dobuild -ne 0 && ! -f "$build/build.ninja" ]]; then
  launcher=()
  command -v ccache >/dev/null &&
    launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache -DCMAKE_C_COMPILER_LAUNCHER=ccache)
  # -O1 -g1: the usual libFuzzer setting; reports carry file:line.
  CXX=clang++-19 CC=clang-19 cmake -S "$root" -B "$build" -G Ninja \
    -DCMAKE_BUILD_TYPE=Release \
    -DCMAKE_CXX_FLAGS_RELEASE="-O1 -g1 -DNDEBUG" \
    -DCMAKE_C_FLAGS_RELEASE="-O1 -g1 -DNDEBUG" \
    -DCIM_SANITIZERS="address;undefined" -DCIM_ENABLE_FUZZERS=ON \
    -DMLIR_DIR=/usr/lib/llvm-19/lib/cmake/mlir \
    -DPython3_EXECUTABLE=/usr/bin/python3 "${launcher[@]}" >"$build.configure.log" 2>&1 ||
    { cat "$build.configure.log" >&2; echo "fuzz.sh: configure failed" >&2; exit 1; }
fi
targets=()
for h in "${harnesses[@]}"; do targets+=("fuzz-$h"); done
if [[ $dobuild -ne 0 ]]; then
  ninja -C "$build" -j "$jobs" "${targets[@]}" >&2 || { echo "fuzz.sh: build failed" >&2; exit 1; }
  [[ $dobuild -eq 2 ]] && exit 0
fi

# Leak checking stays on; a report ends the run (a finding).
export ASAN_OPTIONS=${ASAN_OPTIONS:-halt_on_error=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-halt_on_error=1:print_stacktrace=1}
# libFuzzer: an input running longer than 25 s is a hang; RSS over 2 GB or
# one allocation over 2 GB is a memory finding.
common=(-timeout=25 -rss_limit_mb=2048 -malloc_limit_mb=2048 -print_final_stats=1)
[[ -n $seed ]] && common+=(-seed="$seed")

# What a finding is: the sanitizer's or libFuzzer's report lines from the
# log, then each finding file, base64-encoded up to 8 KB
# (`base64 -d > input; build-fuzz/bin/fuzz-<harness> input` reproduces it).
report_findings() {
  local log=$1 dir=$2 f
  grep -E 'runtime error|ERROR: (AddressSanitizer|LeakSanitizer|libFuzzer)|^SUMMARY: |^ +#[0-9]+ 0x[0-9a-f]+ in ' "$log" |
    head -40 | sed 's/^/  | /' >&2
  while IFS= read -r f; do
    echo "  finding $(basename "$f") ($(stat -c %s "$f") bytes):" >&2
    if [[ $(stat -c %s "$f") -le 8192 ]]; then
      base64 -w 100 "$f" | sed 's/^/    /' >&2
    fi
  done < <(find "$dir" -type f | sort)
}

status=0
printf '%-15s %8s %10s %7s %8s %8s %9s\n' harness seconds execs corpus cov ft findings
for h in "${harnesses[@]}"; do
  bin=$build/bin/fuzz-$h
  [[ -x "$bin" ]] || { echo "fuzz.sh: no harness $bin" >&2; exit 1; }
  log=$work/fuzz-$h.log
  findings=$work/fuzz-findings/$h
  corpus=$work/fuzz-corpus/$h
  mkdir -p "$findings" "$corpus"
  : >"$log"
  # Regressions first: every committed reproducer must now be handled.
  regressions=()
  [[ -d "$root/fuzz/regressions/$h" ]] &&
    mapfile -t regressions < <(find "$root/fuzz/regressions/$h" -type f | sort)
  # One process per input: each failing one is named, not only the first.
  for input in "${regressions[@]}"; do
    if ! "$bin" "${common[@]}" -artifact_prefix="$findings/regression-" "$input" >>"$log" 2>&1; then
      echo "fuzz.sh: $h: regression input ${input#"$root"/} failed (log: $log)" >&2
      grep -E 'runtime error|^SUMMARY: ' "$log" | tail -2 | sed 's/^/  | /' >&2
      status=1
    fi
  done
  start=$(date +%s)
  "$bin" "${common[@]}" -artifact_prefix="$findings/" -max_total_time="$budget" \
    $([[ $budget -eq 0 ]] && echo -runs=0) "$corpus" "$root/fuzz/corpus/$h" >>"$log" 2>&1
  rc=$?
  seconds=$(( $(date +%s) - start ))
  execs=$(grep -o 'stat::number_of_executed_units: [0-9]*' "$log" | tail -1 | awk '{print $2}')
  last=$(grep -E '^#[0-9]+' "$log" | grep -E 'cov: ' | tail -1)
  cov=$(sed -nE 's/.* cov: ([0-9]+).*/\1/p' <<<"$last")
  ft=$(sed -nE 's/.* ft: ([0-9]+).*/\1/p' <<<"$last")
  corp=$(sed -nE 's/.* corp: ([0-9]+)\/.*/\1/p' <<<"$last")
  nfind=$(find "$findings" -type f \( -name 'crash-*' -o -name 'timeout-*' -o -name 'oom-*' -o -name 'leak-*' \) | wc -l)
  printf '%-15s %8s %10s %7s %8s %8s %9s\n' "$h" "$seconds" "${execs:-?}" "${corp:-?}" "${cov:-?}" "${ft:-?}" "$nfind"
  if [[ $rc -ne 0 || $nfind -ne 0 ]]; then
    echo "fuzz.sh: $h: finding(s) in $findings (log: $log)" >&2
    report_findings "$log" "$findings"
    status=1
  fi
done
exit $status
