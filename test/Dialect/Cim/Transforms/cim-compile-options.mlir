// Every option of the cim-compile pipeline (cim::CompileOptions).
// RUN: cim-opt %s --cim-compile="config=%test_inputs/hw/small.json" | FileCheck %s --check-prefixes=CHECK,VEC
// RUN: cim-opt %s --cim-compile="config=%test_inputs/hw/small.json allow-vector-unit=false" | FileCheck %s --check-prefixes=CHECK,NOVEC
// RUN: cim-opt %s --cim-compile="config=%test_inputs/hw/small.json materialize-tiles=true" | FileCheck %s --check-prefixes=CHECK,TILES
// RUN: cim-opt %s --cim-compile="config=%test_inputs/hw/small.json exhaustive=true" | FileCheck %s --check-prefixes=CHECK,VEC
// RUN: not cim-opt %s --cim-compile="config=%test_inputs/hw/small.json tiles=true" 2>&1 | FileCheck %s --check-prefix=BAD

// The depthwise conv is cheaper on the vector units unless they are not
// allowed; materialize-tiles rewrites the array-mapped GEMMs into loops.
// VEC: func.func @f{{.*}}cim.cycles = 288
// NOVEC: func.func @f{{.*}}cim.cycles = 608
// TILES: func.func @f{{.*}}cim.cycles = 288
// CHECK: cim.layer "conv_0" kind conv
// VEC-SAME: unit = vector
// NOVEC-SAME: unit = arrays
// TILES-SAME: unit = vector
// CHECK: linalg.depthwise_conv_2d_nchw_chw
// CHECK: cim.layer "matmul_1" kind matmul
// CHECK-SAME: unit = arrays
// VEC: linalg.matmul ins(%{{.*}}, %{{.*}} : tensor<4x16xf32>, tensor<16x10xf32>)
// NOVEC: linalg.matmul ins(%{{.*}}, %{{.*}} : tensor<4x16xf32>, tensor<16x10xf32>)
// TILES-NOT: linalg.matmul ins(%{{.*}}, %{{.*}} : tensor<4x16xf32>, tensor<16x10xf32>)
// TILES: scf.for
// BAD: no such option tiles
func.func @f(%x: tensor<1x8x6x6xf32>, %a: tensor<4x16xf32>) -> (tensor<1x8x4x4xf32>, tensor<4x10xf32>) {
  %w = arith.constant dense<1.0> : tensor<8x3x3xf32>
  %e = tensor.empty() : tensor<1x8x4x4xf32>
  %d = linalg.depthwise_conv_2d_nchw_chw {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>} ins(%x, %w : tensor<1x8x6x6xf32>, tensor<8x3x3xf32>) outs(%e : tensor<1x8x4x4xf32>) -> tensor<1x8x4x4xf32>
  %b = arith.constant dense<1.0> : tensor<16x10xf32>
  %e2 = tensor.empty() : tensor<4x10xf32>
  %m = linalg.matmul ins(%a, %b : tensor<4x16xf32>, tensor<16x10xf32>) outs(%e2 : tensor<4x10xf32>) -> tensor<4x10xf32>
  return %d, %m : tensor<1x8x4x4xf32>, tensor<4x10xf32>
}
