#!/usr/bin/python3
"""Generates ../schedule.mlir and ../schedule-invalid.mlir.

Usage (from the repository root):
  /usr/bin/python3 test/Dialect/Cim/IR/Inputs/gen_schedule_tests.py \
      "$(cat test/Dialect/Cim/IR/Inputs/small-hardware.txt)" "$(cat test/Dialect/Cim/IR/Inputs/mapping.txt)"
"""
import sys
hw, mp = sys.argv[1], sys.argv[2]
DEFAULT_SCHED = '''    cim.loop step trips(2) macs(320) {
      cim.spatial cores(2) arrays(4) replicas(1) {
        cim.transfer dram bytes(96)
        cim.transfer noc bytes(96)
        cim.transfer lb bytes(80) {all_cores = 160 : i64}
        cim.program rows(16)
        cim.mvm 4 x[16 x 2] {partial}
        cim.accumulate row_tiles(2)
        cim.vector ops(40)
      }
    }'''
DEFAULT_PAYLOAD = '''    %m = linalg.matmul ins(%x, %w : tensor<4x16xf32>, tensor<16x10xf32>) outs(%f : tensor<4x10xf32>) -> tensor<4x10xf32>
    cim.yield %m : tensor<4x10xf32>'''
def layer(sched=DEFAULT_SCHED, macs=640, lbneed=80, payload=DEFAULT_PAYLOAD, mapping=mp, kind='matmul'):
    return ('  %l = cim.layer "mm" kind KIND macs MACS {arrays_used = 4 : i64, index = 0 : i64, lb_need_bytes = LBNEED : i64, mapping = MAPPING, total_weight_slots = 160 : i64, used_weight_slots = 160 : i64} payload {\n'
            + payload + '\n  } schedule {\n' + sched + '\n  } : tensor<4x10xf32>').replace('KIND', kind).replace('MACS', str(macs)).replace('LBNEED', str(lbneed)).replace('MAPPING', mapping)
def func(body, diag=''):
    return ('func.func @f(%x: tensor<4x16xf32>, %w: tensor<16x10xf32>, %f: tensor<4x10xf32>) -> tensor<4x10xf32> {\n'
            + (('  // expected-error @+1 {{' + diag + '}}\n') if diag else '') + body + '\n  return %l : tensor<4x10xf32>\n}')
def module(text, with_hw=True):
    return ('module attributes {cim.hardware = ' + hw + '} {\n' + text + '\n}') if with_hw else text

rt = '''// RUN: cim-opt %s | FileCheck %s
// RUN: cim-opt %s --mlir-print-op-generic | cim-opt | FileCheck %s

// Every schedule op and #cim.mapping round-trip in pretty and generic form.
// CHECK-LABEL: func.func @f
// CHECK: %[[L:.*]] = cim.layer "mm" kind matmul macs 640
// CHECK-SAME: mapping = MAPPING
// CHECK: %[[M:.*]] = linalg.matmul
// CHECK: cim.yield %[[M]] : tensor<4x10xf32>
// CHECK: } schedule {
// CHECK-NEXT: cim.loop step trips(2) macs(320) {
// CHECK-NEXT: cim.spatial cores(2) arrays(4) replicas(1) {
// CHECK-NEXT: cim.transfer dram bytes(96)
// CHECK-NEXT: cim.transfer noc bytes(96)
// CHECK-NEXT: cim.transfer lb bytes(80) {all_cores = 160 : i64}
// CHECK-NEXT: cim.program rows(16)
// CHECK-NEXT: cim.mvm 4 x[16 x 2] {partial}
// CHECK-NEXT: cim.accumulate row_tiles(2)
// CHECK-NEXT: cim.vector ops(40)
// CHECK: return %[[L]]
'''.replace('MAPPING', mp) + module(func(layer())) + '\n'
open('test/Dialect/Cim/IR/schedule.mlir','w').write(rt)

def sched_with(op_lines, loop_head='cim.loop step trips(2) macs(320)', spatial='cim.spatial cores(2) arrays(4) replicas(1)'):
    return '    ' + loop_head + ' {\n      ' + spatial + ' {\n        ' + op_lines + '\n      }\n    }'
def op_err(msg, op):
    return '// expected-error @+1 {{' + msg + '}}\n        ' + op
cases = [
 ("A tile taller than the array is rejected.", module(func(layer(sched=sched_with(op_err("tile of 32 rows does not fit an array of 16 rows", "cim.mvm 4 x[32 x 2]")))))),
 ("A tile wider than the array's weights per row is rejected.", module(func(layer(sched=sched_with(op_err("tile of 3 weight columns does not fit an array holding 2 weights per row", "cim.mvm 4 x[16 x 3]")))))),
 ("Programming more rows than an array has is rejected.", module(func(layer(sched=sched_with(op_err("programs 17 rows but an array has 16", "cim.program rows(17)")))))),
 ("Unknown links are rejected.", module(func(layer(sched=sched_with(op_err("expected link dram, noc or lb, found 'l2'", 'cim.transfer l2 bytes(8)')))))),
 ("all_cores only counts the lb link.", module(func(layer(sched=sched_with(op_err("all_cores applies to the lb link only", 'cim.transfer noc bytes(8) {all_cores = 16 : i64}')))))),
 ("The all-core total cannot be below the busiest core.", module(func(layer(sched=sched_with(op_err("all_cores (4) is below the busiest core's bytes (8)", 'cim.transfer lb bytes(8) {all_cores = 4 : i64}')))))),
 ("Negative byte counts are rejected.", module(func(layer(sched=sched_with(op_err("bytes must be non-negative, found -8", 'cim.transfer dram bytes(-8)')))))),
 ("Partial sums reduce over at least two row tiles.", module(func(layer(sched=sched_with(op_err("row_tiles must be at least 2, found 1", 'cim.accumulate row_tiles(1)')))))),
 ("Negative vector work is rejected.", module(func(layer(sched=sched_with(op_err("ops must be positive, found -1", 'cim.vector ops(-1)')))))),
 ("More cores than the hardware has are rejected.", module(func(layer(sched='    cim.loop step trips(2) macs(320) {\n      // expected-error @+1 {{uses 3 cores but the hardware has 2}}\n      cim.spatial cores(3) arrays(4) replicas(1) {\n      }\n    }')))),
 ("Unknown case kinds are rejected.", module(func(layer(sched='    // expected-error @+1 {{expected case kind step, fill, drain, program or model_load, found \'warmup\'}}\n    cim.loop warmup trips(2) macs(320) {\n      cim.spatial cores(2) arrays(4) replicas(1) {\n      }\n    }')))),
 ("Trip counts are positive.", module(func(layer(sched='    // expected-error @+1 {{trips must be positive, found 0}}\n    cim.loop step trips(0) macs(320) {\n      cim.spatial cores(2) arrays(4) replicas(1) {\n      }\n    }')))),
 ("A loop holds exactly one spatial region.", module(func(layer(sched='    // expected-error @+1 {{body must hold exactly one cim.spatial}}\n    cim.loop step trips(2) macs(320) {\n    }')))),
 ("The step loops must execute exactly the layer's MACs.", module(func(layer(macs=600), "step loops execute 640 MACs but the layer has 600: the tiles do not cover the iteration space exactly once"))),
 ("Step buffers must fit the local buffer.", module(func(layer(lbneed=300000), "step buffers need 300000 bytes but the local buffer holds 262144"))),
 ("Double-buffered steps need their buffers twice.", module(func(layer(lbneed=140000, mapping=mp.replace('double_buffered = false','double_buffered = true')), "step buffers need 140000 bytes x 2 (double-buffered) but the local buffer holds 262144"))),
 ("The payload ends with cim.yield.", module(func(layer(payload='    %m = linalg.matmul ins(%x, %w : tensor<4x16xf32>, tensor<16x10xf32>) outs(%f : tensor<4x10xf32>) -> tensor<4x10xf32>'), "payload must end with cim.yield"))),
 ("Unknown layer kinds are rejected.", module(func(layer(kind='pool'), "expected layer kind conv, matmul, batch_matmul or vector, found 'pool'"))),
 ("In generic form, a kind must be the typed attribute, not a string.", module(func(layer(sched=sched_with(op_err("Invalid attribute `link` in property conversion: \"dram\"", '"cim.transfer"() <{bytes = 8 : i64, link = "dram"}> : () -> ()')))))),
 ("Schedule ops need the module's hardware.", module(func(layer(), "'cim.layer' op needs a #cim.hardware attribute ('cim.hardware') on the enclosing module"), with_hw=False)),
 ("Unknown mapping fields are rejected.", module(func(layer(mapping=mp.replace('rounds = 2,','roundz = 2,')), "unknown mapping field 'roundz'"))),
 ("Missing mapping fields are named.", module(func(layer(mapping=mp.replace(', steps = 1>','>')), "#cim.mapping is missing field 'steps'"))),
 ("The execution unit is arrays or vector.", module(func(layer(mapping=mp.replace('unit = arrays','unit = gpu')), "expected execution unit arrays or vector, found 'gpu'"))),
]
out = ["// RUN: cim-opt %s --split-input-file --verify-diagnostics", "", "// Every schedule-op verifier rule and #cim.mapping syntax error has a", "// negative case.", ""]
for i, (title, text) in enumerate(cases):
    if i: out.extend(["// -----", ""])
    out.extend(["// " + title, text, ""])
open('test/Dialect/Cim/IR/schedule-invalid.mlir','w').write("\n".join(out))
