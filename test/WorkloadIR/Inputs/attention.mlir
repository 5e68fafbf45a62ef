// Q and K projections (K's weights through a transpose), a two-head
// activation x activation batch_matmul, and an untagged linalg.softmax.
func.func @attention(%x: tensor<4x8xf32>) -> tensor<2x4x4xf32> {
  %wq = arith.constant dense_resource<wq> : tensor<8x8xf32>
  %wk = arith.constant dense_resource<wk> : tensor<8x8xf32>
  %zero = arith.constant 0.0 : f32
  %i0 = tensor.empty() : tensor<4x8xf32>
  %f0 = linalg.fill ins(%zero : f32) outs(%i0 : tensor<4x8xf32>) -> tensor<4x8xf32>
  %q = linalg.matmul ins(%x, %wq : tensor<4x8xf32>, tensor<8x8xf32>) outs(%f0 : tensor<4x8xf32>) -> tensor<4x8xf32> loc("q_proj")
  %ti = tensor.empty() : tensor<8x8xf32>
  %wkt = linalg.transpose ins(%wk : tensor<8x8xf32>) outs(%ti : tensor<8x8xf32>) permutation = [1, 0]
  %k = linalg.matmul ins(%x, %wkt : tensor<4x8xf32>, tensor<8x8xf32>) outs(%f0 : tensor<4x8xf32>) -> tensor<4x8xf32> loc("k_proj")
  %q3 = tensor.expand_shape %q [[0], [1, 2]] output_shape [4, 2, 4] : tensor<4x8xf32> into tensor<4x2x4xf32>
  %qi = tensor.empty() : tensor<2x4x4xf32>
  %qh = linalg.transpose ins(%q3 : tensor<4x2x4xf32>) outs(%qi : tensor<2x4x4xf32>) permutation = [1, 0, 2]
  %k3 = tensor.expand_shape %k [[0], [1, 2]] output_shape [4, 2, 4] : tensor<4x8xf32> into tensor<4x2x4xf32>
  %ki = tensor.empty() : tensor<2x4x4xf32>
  %kh = linalg.transpose ins(%k3 : tensor<4x2x4xf32>) outs(%ki : tensor<2x4x4xf32>) permutation = [1, 2, 0]
  %si = tensor.empty() : tensor<2x4x4xf32>
  %sf = linalg.fill ins(%zero : f32) outs(%si : tensor<2x4x4xf32>) -> tensor<2x4x4xf32>
  %scores = linalg.batch_matmul ins(%qh, %kh : tensor<2x4x4xf32>, tensor<2x4x4xf32>) outs(%sf : tensor<2x4x4xf32>) -> tensor<2x4x4xf32> loc("qk")
  %pi = tensor.empty() : tensor<2x4x4xf32>
  %probs = linalg.softmax dimension(2) ins(%scores : tensor<2x4x4xf32>) outs(%pi : tensor<2x4x4xf32>) -> tensor<2x4x4xf32>
  return %probs : tensor<2x4x4xf32>
}
