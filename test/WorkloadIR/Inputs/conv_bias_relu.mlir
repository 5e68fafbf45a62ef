// A padded 3x3 conv with a tagged bias and an untagged ReLU (classified by
// its body), both fused into the conv layer.
#id4 = affine_map<(n, c, h, w) -> (n, c, h, w)>
#ch4 = affine_map<(n, c, h, w) -> (c)>
func.func @conv_bias_relu(%x: tensor<1x3x8x8xf32>) -> tensor<1x4x8x8xf32> {
  %w = arith.constant dense_resource<conv_w> : tensor<4x3x3x3xf32>
  %b = arith.constant dense_resource<conv_b> : tensor<4xf32>
  %zero = arith.constant 0.0 : f32
  %padded = tensor.pad %x low[0, 0, 1, 1] high[0, 0, 1, 1] {
  ^bb0(%i: index, %j: index, %k: index, %l: index):
    tensor.yield %zero : f32
  } : tensor<1x3x8x8xf32> to tensor<1x3x10x10xf32>
  %init = tensor.empty() : tensor<1x4x8x8xf32>
  %acc = linalg.fill ins(%zero : f32) outs(%init : tensor<1x4x8x8xf32>) -> tensor<1x4x8x8xf32>
  %conv = linalg.conv_2d_nchw_fchw {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>}
      ins(%padded, %w : tensor<1x3x10x10xf32>, tensor<4x3x3x3xf32>)
      outs(%acc : tensor<1x4x8x8xf32>) -> tensor<1x4x8x8xf32> loc("conv1")
  %e0 = tensor.empty() : tensor<1x4x8x8xf32>
  %biased = linalg.generic {indexing_maps = [#id4, #ch4, #id4], iterator_types = ["parallel", "parallel", "parallel", "parallel"]}
      ins(%conv, %b : tensor<1x4x8x8xf32>, tensor<4xf32>) outs(%e0 : tensor<1x4x8x8xf32>) attrs = {cim.vector_op = #cim.vector_op<bias>} {
  ^bb0(%a: f32, %c: f32, %o: f32):
    %s = arith.addf %a, %c : f32
    linalg.yield %s : f32
  } -> tensor<1x4x8x8xf32>
  %e1 = tensor.empty() : tensor<1x4x8x8xf32>
  %relu = linalg.generic {indexing_maps = [#id4, #id4], iterator_types = ["parallel", "parallel", "parallel", "parallel"]}
      ins(%biased : tensor<1x4x8x8xf32>) outs(%e1 : tensor<1x4x8x8xf32>) {
  ^bb0(%a: f32, %o: f32):
    %r = arith.maximumf %a, %zero : f32
    linalg.yield %r : f32
  } -> tensor<1x4x8x8xf32>
  return %relu : tensor<1x4x8x8xf32>
}
