// A grouped conv (pad before the group split, collapse after it, bias fused
// through the collapse) and a strided, dilated depthwise conv.
#id4 = affine_map<(n, c, h, w) -> (n, c, h, w)>
#ch4 = affine_map<(n, c, h, w) -> (c)>
func.func @grouped(%x: tensor<1x4x6x6xf32>) -> tensor<1x6x3x3xf32> {
  %w = arith.constant dense_resource<gw> : tensor<2x3x2x3x3xf32>
  %b = arith.constant dense_resource<gb> : tensor<6xf32>
  %zero = arith.constant 0.0 : f32
  %padded = tensor.pad %x low[0, 0, 1, 1] high[0, 0, 1, 1] {
  ^bb0(%i: index, %j: index, %k: index, %l: index):
    tensor.yield %zero : f32
  } : tensor<1x4x6x6xf32> to tensor<1x4x8x8xf32>
  %g = tensor.expand_shape %padded [[0], [1, 2], [3], [4]] output_shape [1, 2, 2, 8, 8] : tensor<1x4x8x8xf32> into tensor<1x2x2x8x8xf32>
  %init = tensor.empty() : tensor<1x2x3x3x3xf32>
  %acc = linalg.fill ins(%zero : f32) outs(%init : tensor<1x2x3x3x3xf32>) -> tensor<1x2x3x3x3xf32>
  %conv = linalg.conv_2d_ngchw_gfchw {dilations = dense<1> : tensor<2xi64>, strides = dense<2> : tensor<2xi64>}
      ins(%g, %w : tensor<1x2x2x8x8xf32>, tensor<2x3x2x3x3xf32>)
      outs(%acc : tensor<1x2x3x3x3xf32>) -> tensor<1x2x3x3x3xf32>
  %flat = tensor.collapse_shape %conv [[0], [1, 2], [3], [4]] : tensor<1x2x3x3x3xf32> into tensor<1x6x3x3xf32>
  %e0 = tensor.empty() : tensor<1x6x3x3xf32>
  %biased = linalg.generic {indexing_maps = [#id4, #ch4, #id4], iterator_types = ["parallel", "parallel", "parallel", "parallel"]}
      ins(%flat, %b : tensor<1x6x3x3xf32>, tensor<6xf32>) outs(%e0 : tensor<1x6x3x3xf32>) attrs = {cim.vector_op = #cim.vector_op<bias>} {
  ^bb0(%a: f32, %c: f32, %o: f32):
    %s = arith.addf %a, %c : f32
    linalg.yield %s : f32
  } -> tensor<1x6x3x3xf32>
  return %biased : tensor<1x6x3x3xf32>
}

func.func @depthwise(%x: tensor<1x8x9x9xf32>) -> tensor<1x8x3x3xf32> {
  %w = arith.constant dense_resource<dw> : tensor<8x3x3xf32>
  %zero = arith.constant 0.0 : f32
  %init = tensor.empty() : tensor<1x8x3x3xf32>
  %acc = linalg.fill ins(%zero : f32) outs(%init : tensor<1x8x3x3xf32>) -> tensor<1x8x3x3xf32>
  %conv = linalg.depthwise_conv_2d_nchw_chw {dilations = dense<2> : tensor<2xi64>, strides = dense<2> : tensor<2xi64>}
      ins(%x, %w : tensor<1x8x9x9xf32>, tensor<8x3x3xf32>)
      outs(%acc : tensor<1x8x3x3xf32>) -> tensor<1x8x3x3xf32>
  return %conv : tensor<1x8x3x3xf32>
}
