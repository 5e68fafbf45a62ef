// JSON output (json=true), to stdout and to a file (output=FILE).

// RUN: cim-opt %S/Inputs/grouped_depthwise.mlir --cim-workload-stats=json=true -o /dev/null | FileCheck %s
// RUN: cim-opt %S/Inputs/grouped_depthwise.mlir --cim-workload-stats="json=true output=%t.json" -o /dev/null
// RUN: FileCheck %s < %t.json

// @grouped: 2 groups of (M = 3*3 = 9) x (K = 2*3*3 = 18) x (N = 3): 972 MACs.
// Weights 2*3*2*3*3 = 108 f32 = 432 B; the conv reads the padded, split
// 1x2x2x8x8 = 256 f32 = 1024 B and writes 1x2x3x3x3 = 54 f32 = 216 B. The
// bias (fused through the collapse) has 6 f32 = 24 B of weights.
// CHECK-LABEL: "functions": [
// CHECK: "layers": 1,
// CHECK-NEXT: "name": "grouped",
// CHECK-NEXT: "ops": [
// CHECK-NEXT: {
// CHECK-NEXT: "act_in_bytes": 1024,
// CHECK-NEXT: "act_out_bytes": 216,
// CHECK-NEXT: "kind": "conv",
// CHECK-NEXT: "layer": 0,
// CHECK-NEXT: "macs": 972,
// CHECK-NEXT: "name": "conv_0",
// CHECK-NEXT: "op": "linalg.conv_2d_ngchw_gfchw",
// CHECK-NEXT: "role": "layer",
// CHECK-NEXT: "weight_bytes": 432
// CHECK-NEXT: },
// CHECK-NEXT: {
// CHECK-NEXT: "act_in_bytes": 216,
// CHECK-NEXT: "act_out_bytes": 216,
// CHECK-NEXT: "kind": "bias",
// CHECK-NEXT: "layer": 0,
// CHECK-NEXT: "macs": 0,
// CHECK-NEXT: "name": "conv_0",
// CHECK-NEXT: "op": "linalg.generic",
// CHECK-NEXT: "role": "fused",
// CHECK-NEXT: "weight_bytes": 24
// CHECK-NEXT: }
// CHECK-NEXT: ],
// CHECK-NEXT: "total": {
// CHECK-NEXT: "act_in_bytes": 1240,
// CHECK-NEXT: "act_out_bytes": 432,
// CHECK-NEXT: "macs": 972,
// CHECK-NEXT: "weight_bytes": 456
// CHECK-NEXT: }

// @depthwise: 8 channels of (M = 3*3) x (K = 3*3) x 1 = 648 MACs; weights
// 8*3*3 = 72 f32 = 288 B; reads 1x8x9x9 = 648 f32 = 2592 B, writes 72 f32.
// CHECK: "name": "depthwise",
// CHECK: "act_in_bytes": 2592,
// CHECK-NEXT: "act_out_bytes": 288,
// CHECK-NEXT: "kind": "conv",
// CHECK-NEXT: "layer": 0,
// CHECK-NEXT: "macs": 648,
// CHECK: "op": "linalg.depthwise_conv_2d_nchw_chw",
// CHECK-NEXT: "role": "layer",
// CHECK-NEXT: "weight_bytes": 288
// CHECK: "macs_convention": "conv + matmul + batch_matmul"

// An output file that cannot be opened is an error.
// RUN: not cim-opt %S/Inputs/grouped_depthwise.mlir --cim-workload-stats=output=%t.missing/stats.json -o /dev/null 2>&1 | FileCheck %s --check-prefix=NOFILE
// NOFILE: error: cim-workload-stats: cannot open output file '{{.*}}missing/stats.json'
