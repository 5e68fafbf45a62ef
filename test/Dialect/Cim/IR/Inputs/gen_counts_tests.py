#!/usr/bin/python3
"""Generates ../counts-invalid.mlir: one case per count, tile, step and cycle
field that must not be zero or negative (issue 14).

Usage (from the repository root):
  /usr/bin/python3 test/Dialect/Cim/IR/Inputs/gen_counts_tests.py \
      "$(cat test/Dialect/Cim/IR/Inputs/small-hardware.txt)" "$(cat test/Dialect/Cim/IR/Inputs/mapping.txt)"
"""
import re
import sys

hw, mapping_attr = sys.argv[1], sys.argv[2]
MAP = mapping_attr[len("#cim.mapping<"):-1]
ATTRS = {"arrays_used": "4", "index": "0", "lb_need_bytes": "80",
         "total_weight_slots": "160", "used_weight_slots": "160"}


def err(text):
    return "// expected-error @+1 {{" + text + "}}"


def case(comment, sched_op="cim.mvm 4 x[16 x 2]", sched_err=None, trips="2",
         macs="320", spatial="cores(2) arrays(4) replicas(1)", mapping=MAP,
         attrs=None, layer_err=None, loop_err=None, spatial_err=None,
         func_attr="", func_err=None, layer_macs="640"):
    a = dict(ATTRS)
    a.update(attrs or {})
    parts = []
    for k in sorted(list(a) + ["mapping"]):
        parts.append("mapping = #cim.mapping<%s>" % mapping if k == "mapping"
                     else "%s = %s : i64" % (k, a[k]))
    lines = ["// " + comment, "module attributes {cim.hardware = " + hw + "} {"]
    if func_err:
        lines.append(err(func_err))
    lines.append("func.func @f(%x: tensor<4x16xf32>, %w: tensor<16x10xf32>, "
                 "%f: tensor<4x10xf32>) -> tensor<4x10xf32>" + func_attr + " {")
    if layer_err:
        lines.append("  " + err(layer_err))
    lines.append('  %l = cim.layer "mm" kind matmul macs ' + layer_macs + " {"
                 + ", ".join(parts) + "} payload {")
    lines.append("    %m = linalg.matmul ins(%x, %w : tensor<4x16xf32>, "
                 "tensor<16x10xf32>) outs(%f : tensor<4x10xf32>) -> tensor<4x10xf32>")
    lines.append("    cim.yield %m : tensor<4x10xf32>")
    lines.append("  } schedule {")
    if loop_err:
        lines.append("    " + err(loop_err))
    lines.append("    cim.loop step trips(%s) macs(%s) {" % (trips, macs))
    if spatial_err:
        lines.append("      " + err(spatial_err))
    lines.append("      cim.spatial " + spatial + " {")
    if sched_err:
        lines.append("        " + err(sched_err))
    lines += ["        " + sched_op, "      }", "    }",
              "  } : tensor<4x10xf32>", "  return %l : tensor<4x10xf32>", "}", "}"]
    return "\n".join(lines)


cases = [
    case("An mvm op that runs no MVMs.", sched_op="cim.mvm 0 x[16 x 2]",
         sched_err="count must be positive, found 0"),
    case("A negative MVM count.", sched_op="cim.mvm -4 x[16 x 2]",
         sched_err="count must be positive, found -4"),
    case("An mvm tile of zero rows.", sched_op="cim.mvm 4 x[0 x 2]",
         sched_err="rows must be positive, found 0"),
    case("An mvm tile of zero columns.", sched_op="cim.mvm 4 x[16 x 0]",
         sched_err="cols must be positive, found 0"),
    case("Programming zero rows.", sched_op="cim.program rows(0)",
         sched_err="rows must be positive, found 0"),
    case("Vector work of zero ops.", sched_op="cim.vector ops(0)",
         sched_err="ops must be positive, found 0"),
    case("A transfer of no bytes.", sched_op="cim.transfer dram bytes(0)",
         sched_err="moves no bytes"),
    case("A negative all_cores byte count.",
         sched_op="cim.transfer lb bytes(0) {all_cores = -8 : i64}",
         sched_err="all_cores must be non-negative, found -8"),
    case("A loop of negative trips.", trips="-1",
         loop_err="trips must be positive, found -1"),
    case("A loop of negative MACs per trip.", macs="-320",
         loop_err="macs must be non-negative, found -320"),
    case("Step loops whose MAC count overflows int64.",
         trips="4611686018427387904", macs="4",
         loop_err="executes more than 2^63-1 MACs (4611686018427387904 trips x 4 MACs)"),
    case("A spatial op on zero cores.", spatial="cores(0) arrays(4) replicas(1)",
         spatial_err="cores must be positive, found 0"),
    case("A spatial op on negative arrays.",
         spatial="cores(2) arrays(-4) replicas(1)",
         spatial_err="arrays must be non-negative, found -4"),
    case("A spatial op of zero replicas.", spatial="cores(2) arrays(4) replicas(0)",
         spatial_err="replicas must be positive, found 0"),
    case("A negative layer index.", attrs={"index": "-1"},
         layer_err="index must be non-negative, found -1"),
    case("Negative MACs of a layer.", layer_macs="-640",
         layer_err="macs must be non-negative, found -640"),
    case("Negative arrays used.", attrs={"arrays_used": "-4"},
         layer_err="arrays_used must be non-negative, found -4"),
    case("Negative used weight slots.", attrs={"used_weight_slots": "-1"},
         layer_err="used_weight_slots must be non-negative, found -1"),
    case("Negative total weight slots.",
         attrs={"total_weight_slots": "-1", "used_weight_slots": "0"},
         layer_err="total_weight_slots must be non-negative, found -1"),
    case("More weight slots used than there are.",
         attrs={"used_weight_slots": "161"},
         layer_err="uses 161 weight slots of only 160"),
    case("Negative step buffer bytes.", attrs={"lb_need_bytes": "-80"},
         layer_err="lb_need_bytes must be non-negative, found -80"),
]
# On the arrays every tiling field is >= 1; the round sizes may be 0
# ("the largest rounds that fit"); no field is negative.
for field, value, positive in [
        ("arrays_available", "0", True), ("replication", "0", True),
        ("rows_per_step", "0", True), ("packing", "0", True),
        ("row_tiles", "0", True), ("col_tiles", "0", True),
        ("tiles", "0", True), ("columns_per_round", "-1", False),
        ("row_tiles_per_round", "-1", False), ("rounds", "0", True),
        ("cores", "0", True), ("steps", "-1", True)]:
    bad = re.sub(r"\b%s = -?\d+" % field, "%s = %s" % (field, value), MAP)
    cases.append(case(
        "#cim.mapping field %s = %s." % (field, value), mapping=bad,
        layer_err="#cim.mapping field '%s' must be %s, found %s"
        % (field, "positive" if positive else "non-negative", value)))
cases += [
    case("A negative cycle total on the function.",
         func_attr=" attributes {cim.cycles = -60 : i64}",
         func_err="'cim.cycles' must be non-negative, found -60"),
    case("A negative model-load cycle total.",
         func_attr=" attributes {cim.model_load_cycles = -1 : i64}",
         func_err="'cim.model_load_cycles' must be non-negative, found -1"),
    case("A cycle total that is not an integer.",
         func_attr=' attributes {cim.cycles = "many"}',
         func_err="'cim.cycles' must be an integer"),
]
header = """// RUN: cim-opt %s --split-input-file --verify-diagnostics
// Generated by Inputs/gen_counts_tests.py; edit that, not this file.

// Counts, tiles, steps and cycles: every field of the schedule ops, the
// layer op, #cim.mapping and the function's cycle totals rejects a zero or
// negative value where the lowering never emits one (issue 14), one case per
// field. cim-sim parses with verification, so it never costs such IR
// (test/BadInput/bad-input-matrix.test checks that).

"""
with open("test/Dialect/Cim/IR/counts-invalid.mlir", "w") as f:
    f.write(header + "\n\n// -----\n\n".join(cases) + "\n")
