#!/usr/bin/env bash
# The main job on the bundled defaults: set up, build, then attach the default
# hardware (configs/hw/default.json) to the bundled example workload
# (examples/tiny_cnn.mlir) and print the result.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build=${CIM_BUILD_DIR:-$root/build}

"$root/scripts/setup.sh"
"$root/scripts/build.sh" cim-opt

"$build/bin/cim-opt" "$root/examples/tiny_cnn.mlir" \
  --cim-attach-hardware="config=$root/configs/hw/default.json"
