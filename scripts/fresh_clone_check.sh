#!/usr/bin/env bash
# What a new user meets: the committed HEAD cloned alone into an empty
# directory, then the README's first command (scripts/run.sh, here with a
# small budget). It must end with a front, and every file the main job opens
# (traced with strace) must come from the clone or the system: nothing from
# the checkout it was cloned from, nothing beside the clone (no ../shared).
#
# usage: scripts/fresh_clone_check.sh SOURCE_CHECKOUT WORK_DIR
# Prints the wall time of each step; exit status 0 only if every check holds.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd -P)
source_dir=$(cd "$1" && pwd -P)
work=$2
rm -rf "$work"
mkdir -p "$work/alone"
work=$(cd "$work" && pwd -P)
clone=$work/alone/cimnet

git clone --quiet "$source_dir" "$clone"
echo "fresh-clone: cloned $(git -C "$clone" rev-parse --short HEAD) into $clone"

# The environment a new user has: none of the project's variables.
unset CIM_SHARED_DIR CIM_BUILD_DIR CIM_RUN_DIR CIM_JOBS CIM_BUILD
cd "$clone"
budget=(--population 8 --generations 2)

start=$SECONDS
./scripts/run.sh "${budget[@]}" > "$work/first-run.log" 2>&1 || {
  tail -n 30 "$work/first-run.log"
  echo "fresh-clone: error: scripts/run.sh failed on the fresh clone" >&2
  exit 1
}
echo "fresh-clone: set-up, build and main job: $((SECONDS - start)) s"

# Again under strace (the build is then up to date): what does the job read?
start=$SECONDS
strace -f -qq -e trace=open,openat,openat2,execve -o "$work/trace.txt" \
  ./scripts/run.sh "${budget[@]}" > "$work/run.log" 2>&1 || {
  tail -n 30 "$work/run.log"
  echo "fresh-clone: error: scripts/run.sh failed under strace" >&2
  exit 1
}
echo "fresh-clone: main job again under strace: $((SECONDS - start)) s"
cat "$work/run.log"

/usr/bin/python3 "$here/check_trace.py" "$work/trace.txt" "$clone" "$source_dir"

grep -Eq '^[0-9]+ point\(s\) on the front' "$work/run.log" || {
  echo "fresh-clone: error: the main job printed no front" >&2
  exit 1
}
rows=$(($(wc -l < "$clone/results/quickstart/front.csv") - 1))
[ "$rows" -ge 1 ] || {
  echo "fresh-clone: error: results/quickstart/front.csv has no rows" >&2
  exit 1
}
echo "fresh-clone: ok: a front of $rows point(s)"
