// Squeeze-and-excitation (global average pool, two 1x1 convs, broadcasting
// multiply) and a residual add with a ReLU fused into the add.
#id4 = affine_map<(n, c, h, w) -> (n, c, h, w)>
#nc4 = affine_map<(n, c, h, w) -> (n, c)>
#bc4 = affine_map<(n, c, h, w) -> (n, c, 0, 0)>
func.func @se_residual(%x: tensor<1x8x4x4xf32>) -> tensor<1x8x4x4xf32> {
  %w1 = arith.constant dense_resource<se_w1> : tensor<2x8x1x1xf32>
  %w2 = arith.constant dense_resource<se_w2> : tensor<8x2x1x1xf32>
  %zero = arith.constant 0.0 : f32
  %sixteenth = arith.constant 0.0625 : f32
  %pi = tensor.empty() : tensor<1x8xf32>
  %pf = linalg.fill ins(%zero : f32) outs(%pi : tensor<1x8xf32>) -> tensor<1x8xf32>
  %pooled = linalg.generic {indexing_maps = [#id4, #nc4], iterator_types = ["parallel", "parallel", "reduction", "reduction"]}
      ins(%x : tensor<1x8x4x4xf32>) outs(%pf : tensor<1x8xf32>) attrs = {cim.vector_op = #cim.vector_op<global_avg_pool>} {
  ^bb0(%a: f32, %acc: f32):
    %m = arith.mulf %a, %sixteenth : f32
    %s = arith.addf %acc, %m : f32
    linalg.yield %s : f32
  } -> tensor<1x8xf32> loc("se_pool")
  %p4 = tensor.expand_shape %pooled [[0], [1, 2, 3]] output_shape [1, 8, 1, 1] : tensor<1x8xf32> into tensor<1x8x1x1xf32>
  %ri = tensor.empty() : tensor<1x2x1x1xf32>
  %rf = linalg.fill ins(%zero : f32) outs(%ri : tensor<1x2x1x1xf32>) -> tensor<1x2x1x1xf32>
  %reduced = linalg.conv_2d_nchw_fchw {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>}
      ins(%p4, %w1 : tensor<1x8x1x1xf32>, tensor<2x8x1x1xf32>) outs(%rf : tensor<1x2x1x1xf32>) -> tensor<1x2x1x1xf32> loc("se_reduce")
  %ai = tensor.empty() : tensor<1x2x1x1xf32>
  %act = linalg.generic {indexing_maps = [#id4, #id4], iterator_types = ["parallel", "parallel", "parallel", "parallel"]}
      ins(%reduced : tensor<1x2x1x1xf32>) outs(%ai : tensor<1x2x1x1xf32>) attrs = {cim.vector_op = #cim.vector_op<relu>} {
  ^bb0(%a: f32, %o: f32):
    %r = arith.maximumf %a, %zero : f32
    linalg.yield %r : f32
  } -> tensor<1x2x1x1xf32>
  %ei = tensor.empty() : tensor<1x8x1x1xf32>
  %ef = linalg.fill ins(%zero : f32) outs(%ei : tensor<1x8x1x1xf32>) -> tensor<1x8x1x1xf32>
  %expanded = linalg.conv_2d_nchw_fchw {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>}
      ins(%act, %w2 : tensor<1x2x1x1xf32>, tensor<8x2x1x1xf32>) outs(%ef : tensor<1x8x1x1xf32>) -> tensor<1x8x1x1xf32> loc("se_expand")
  %hi = tensor.empty() : tensor<1x8x1x1xf32>
  %gate = linalg.generic {indexing_maps = [#id4, #id4], iterator_types = ["parallel", "parallel", "parallel", "parallel"]}
      ins(%expanded : tensor<1x8x1x1xf32>) outs(%hi : tensor<1x8x1x1xf32>) attrs = {cim.vector_op = #cim.vector_op<hard_sigmoid>} {
  ^bb0(%a: f32, %o: f32):
    %three = arith.constant 3.0 : f32
    %six = arith.constant 6.0 : f32
    %t = arith.addf %a, %three : f32
    %lo = arith.maximumf %t, %zero : f32
    %hi2 = arith.minimumf %lo, %six : f32
    %d = arith.divf %hi2, %six : f32
    linalg.yield %d : f32
  } -> tensor<1x8x1x1xf32>
  %mi = tensor.empty() : tensor<1x8x4x4xf32>
  %scaled = linalg.generic {indexing_maps = [#id4, #bc4, #id4], iterator_types = ["parallel", "parallel", "parallel", "parallel"]}
      ins(%x, %gate : tensor<1x8x4x4xf32>, tensor<1x8x1x1xf32>) outs(%mi : tensor<1x8x4x4xf32>) attrs = {cim.vector_op = #cim.vector_op<mul>} {
  ^bb0(%a: f32, %g: f32, %o: f32):
    %m = arith.mulf %a, %g : f32
    linalg.yield %m : f32
  } -> tensor<1x8x4x4xf32> loc("se_mul")
  %si = tensor.empty() : tensor<1x8x4x4xf32>
  %sum = linalg.generic {indexing_maps = [#id4, #id4, #id4], iterator_types = ["parallel", "parallel", "parallel", "parallel"]}
      ins(%scaled, %x : tensor<1x8x4x4xf32>, tensor<1x8x4x4xf32>) outs(%si : tensor<1x8x4x4xf32>) attrs = {cim.vector_op = #cim.vector_op<add>} {
  ^bb0(%a: f32, %c: f32, %o: f32):
    %s = arith.addf %a, %c : f32
    linalg.yield %s : f32
  } -> tensor<1x8x4x4xf32> loc("residual")
  %oi = tensor.empty() : tensor<1x8x4x4xf32>
  %out = linalg.generic {indexing_maps = [#id4, #id4], iterator_types = ["parallel", "parallel", "parallel", "parallel"]}
      ins(%sum : tensor<1x8x4x4xf32>) outs(%oi : tensor<1x8x4x4xf32>) attrs = {cim.vector_op = #cim.vector_op<relu>} {
  ^bb0(%a: f32, %o: f32):
    %r = arith.maximumf %a, %zero : f32
    linalg.yield %r : f32
  } -> tensor<1x8x4x4xf32>
  return %out : tensor<1x8x4x4xf32>
}
