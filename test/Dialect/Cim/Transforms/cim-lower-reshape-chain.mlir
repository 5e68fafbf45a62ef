// RUN: cim-opt %s --cim-compile="config=%test_inputs/hw/small.json" | FileCheck %s

// Attention scores as cim-opt-search --emit-subnet writes them for ViT (issue
// 10): a batch matmul over 2 heads of 3 x 4 by 4 x 3, whose [heads, tokens,
// tokens] result becomes the layer's [tokens, heads * tokens] through a
// collapse_shape + expand_shape chain before its fused requantization; the
// softmax is the next layer. The whole chain is made from the layer's values
// and feeds only the layer, so cim-lower moves it into the layer's payload
// (it used to reject the expand_shape as "reading the layer's values and
// feeding it back"). MACs: 2 heads x 3 x 4 x 3 = 72.
// CHECK-LABEL: func.func @scores
// CHECK: %[[L:.*]] = cim.layer "batch_matmul_0" kind batch_matmul macs 72
// CHECK: %[[BMM:.*]] = linalg.batch_matmul ins(%arg0, %arg1 :
// CHECK: %[[FLAT:.*]] = tensor.collapse_shape %[[BMM]] {{\[\[}}0, 1, 2]]
// CHECK: %[[ROWS:.*]] = tensor.expand_shape %[[FLAT]] {{\[\[}}0, 1]] output_shape [3, 6]
// CHECK: %[[Q:.*]] = linalg.generic {{.*}} ins(%[[ROWS]] : tensor<3x6xf32>) {{.*}} attrs =  {cim.vector_op = #cim.vector_op<requantize>}
// CHECK: cim.yield %[[Q]] : tensor<3x6xf32>
// CHECK: } schedule {
// CHECK: cim.loop step
// CHECK: %[[S:.*]] = cim.layer "softmax_1" kind vector macs 0
// CHECK: linalg.softmax {{.*}} ins(%[[L]] : tensor<3x6xf32>)
// CHECK: return %[[S]]
#id = affine_map<(d0, d1) -> (d0, d1)>
func.func @scores(%q: tensor<2x3x4xf32>, %k: tensor<2x4x3xf32>) -> tensor<3x6xf32> {
  %zero = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<2x3x3xf32>
  %f = linalg.fill ins(%zero : f32) outs(%e : tensor<2x3x3xf32>) -> tensor<2x3x3xf32>
  %s = linalg.batch_matmul ins(%q, %k : tensor<2x3x4xf32>, tensor<2x4x3xf32>) outs(%f : tensor<2x3x3xf32>) -> tensor<2x3x3xf32>
  %flat = tensor.collapse_shape %s [[0, 1, 2]] : tensor<2x3x3xf32> into tensor<18xf32>
  %rows = tensor.expand_shape %flat [[0, 1]] output_shape [3, 6] : tensor<18xf32> into tensor<3x6xf32>
  %e2 = tensor.empty() : tensor<3x6xf32>
  %r = linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel", "parallel"]} ins(%rows : tensor<3x6xf32>) outs(%e2 : tensor<3x6xf32>) attrs = {cim.vector_op = #cim.vector_op<requantize>} {
  ^bb0(%in: f32, %out: f32):
    linalg.yield %in : f32
  } -> tensor<3x6xf32>
  %e3 = tensor.empty() : tensor<3x6xf32>
  %p = linalg.softmax dimension(1) ins(%r : tensor<3x6xf32>) outs(%e3 : tensor<3x6xf32>) -> tensor<3x6xf32>
  return %p : tensor<3x6xf32>
}
