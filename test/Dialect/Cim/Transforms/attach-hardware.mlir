// RUN: cim-opt %s --cim-attach-hardware="config=%configs/hw/default.json" | FileCheck %s
// RUN: cim-opt %s --cim-attach-hardware="config=%configs/hw/default.json" --cim-attach-hardware="config=%test_inputs/hw/small.json" | FileCheck %s --check-prefix=REPLACE

// The default configuration lands on the module; the workload is untouched.
// CHECK: module attributes {cim.hardware = #cim.hardware<name = "default", compute_mode = bitline,
// CHECK-SAME: cores = 8, arrays_per_core = 16, rows = 256, cols = 256, rows_active = 64
// CHECK-LABEL: func.func @relu
// CHECK: %[[R:.*]] = linalg.generic
// CHECK: return %[[R]]

// A second attach replaces the first.
// REPLACE: module attributes {cim.hardware = #cim.hardware<name = "small", compute_mode = bitline_free,
// REPLACE-NOT: name = "default"

#map = affine_map<(d0, d1) -> (d0, d1)>
func.func @relu(%x: tensor<2x4xf32>) -> tensor<2x4xf32> {
  %zero = arith.constant 0.0 : f32
  %r = linalg.generic {indexing_maps = [#map, #map], iterator_types = ["parallel", "parallel"]}
      ins(%x : tensor<2x4xf32>) outs(%x : tensor<2x4xf32>) {
  ^bb0(%in: f32, %out: f32):
    %m = arith.maximumf %in, %zero : f32
    linalg.yield %m : f32
  } -> tensor<2x4xf32>
  return %r : tensor<2x4xf32>
}
