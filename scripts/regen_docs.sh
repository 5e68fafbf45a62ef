#!/usr/bin/env bash
# Regenerates the numbers the docs quote: every block of docs/*.md between
# <!-- BEGIN generated NAME: ... --> and <!-- END generated NAME --> is
# rewritten from what the tools of this repository produce now.
#
#   scripts/regen_docs.sh              cheap generators (well under a minute):
#                                      predictor CV, cycles-study table, search
#                                      log, reproduction baseline, benchmark
#                                      counters, space sizes, sweep counts,
#                                      allocator test properties
#   scripts/regen_docs.sh --long       also the CiMNet reproduction
#                                      (scripts/reproduce_cimnet.sh, minutes) and
#                                      docs/results_fronts.{png,pdf},
#                                      docs/results_energy.{png,pdf}
#   scripts/regen_docs.sh --reproduction RESULTS_DIR   the same from a finished run
#   scripts/regen_docs.sh --list       every block, its doc and its cost
#   options: --docs DIR (rewrite a copy), --build DIR (default $CIM_BUILD or
#            build/), --only NAME[,NAME...]
#
# Not run here (timing depends on the machine and its load; the docs give the
# script, machine and date next to each table): bench/run.sh,
# scripts/bench_search.sh, scripts/bench_cli.sh, scripts/bench_import.sh.
# test/Docs/regen-docs.test runs the cheap generators into a copy of docs/ and
# fails when a committed block differs.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
exec /usr/bin/python3 "$root/python/docgen.py" "$@"
