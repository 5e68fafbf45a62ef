// A small CNN in the workload IR form (docs/workload-ir.md): a 3x3 conv with
// bias and ReLU, a depthwise 3x3 conv, global average pooling and a linear
// classifier, on one 3x32x32 image. Weights are elided (shapes only).
#nchw = affine_map<(n, c, h, w) -> (n, c, h, w)>
#bias4 = affine_map<(n, c, h, w) -> (c)>
#gap_in = affine_map<(n, c, h, w) -> (n, c, h, w)>
#gap_out = affine_map<(n, c, h, w) -> (n, c)>
#nc = affine_map<(n, c) -> (n, c)>
#bias2 = affine_map<(n, c) -> (c)>
func.func @tiny_cnn(%image: tensor<1x3x32x32xf32>) -> tensor<1x10xf32> {
  %zero = arith.constant 0.0 : f32
  %w0 = arith.constant dense_resource<__elided__> : tensor<16x3x3x3xf32>
  %b0 = arith.constant dense_resource<__elided__> : tensor<16xf32>
  %w1 = arith.constant dense_resource<__elided__> : tensor<16x3x3xf32>
  %w2 = arith.constant dense_resource<__elided__> : tensor<16x10xf32>
  %b2 = arith.constant dense_resource<__elided__> : tensor<10xf32>

  %p0 = tensor.pad %image low[0, 0, 1, 1] high[0, 0, 1, 1] {
  ^bb0(%i: index, %j: index, %k: index, %l: index):
    tensor.yield %zero : f32
  } : tensor<1x3x32x32xf32> to tensor<1x3x34x34xf32>
  %e0 = tensor.empty() : tensor<1x16x32x32xf32>
  %f0 = linalg.fill ins(%zero : f32) outs(%e0 : tensor<1x16x32x32xf32>) -> tensor<1x16x32x32xf32>
  %c0 = linalg.conv_2d_nchw_fchw {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>}
      ins(%p0, %w0 : tensor<1x3x34x34xf32>, tensor<16x3x3x3xf32>) outs(%f0 : tensor<1x16x32x32xf32>) -> tensor<1x16x32x32xf32>
  %a0 = linalg.generic {indexing_maps = [#nchw, #bias4, #nchw], iterator_types = ["parallel", "parallel", "parallel", "parallel"]}
      ins(%c0, %b0 : tensor<1x16x32x32xf32>, tensor<16xf32>) outs(%e0 : tensor<1x16x32x32xf32>) attrs = {cim.vector_op = #cim.vector_op<bias>} {
  ^bb0(%x: f32, %b: f32, %o: f32):
    %s = arith.addf %x, %b : f32
    linalg.yield %s : f32
  } -> tensor<1x16x32x32xf32>
  %r0 = linalg.generic {indexing_maps = [#nchw, #nchw], iterator_types = ["parallel", "parallel", "parallel", "parallel"]}
      ins(%a0 : tensor<1x16x32x32xf32>) outs(%e0 : tensor<1x16x32x32xf32>) attrs = {cim.vector_op = #cim.vector_op<relu>} {
  ^bb0(%x: f32, %o: f32):
    %m = arith.maximumf %x, %zero : f32
    linalg.yield %m : f32
  } -> tensor<1x16x32x32xf32>

  %p1 = tensor.pad %r0 low[0, 0, 1, 1] high[0, 0, 1, 1] {
  ^bb0(%i: index, %j: index, %k: index, %l: index):
    tensor.yield %zero : f32
  } : tensor<1x16x32x32xf32> to tensor<1x16x34x34xf32>
  %e1 = tensor.empty() : tensor<1x16x16x16xf32>
  %f1 = linalg.fill ins(%zero : f32) outs(%e1 : tensor<1x16x16x16xf32>) -> tensor<1x16x16x16xf32>
  %c1 = linalg.depthwise_conv_2d_nchw_chw {dilations = dense<1> : tensor<2xi64>, strides = dense<2> : tensor<2xi64>}
      ins(%p1, %w1 : tensor<1x16x34x34xf32>, tensor<16x3x3xf32>) outs(%f1 : tensor<1x16x16x16xf32>) -> tensor<1x16x16x16xf32>

  %e2 = tensor.empty() : tensor<1x16xf32>
  %f2 = linalg.fill ins(%zero : f32) outs(%e2 : tensor<1x16xf32>) -> tensor<1x16xf32>
  %g = linalg.generic {indexing_maps = [#gap_in, #gap_out], iterator_types = ["parallel", "parallel", "reduction", "reduction"]}
      ins(%c1 : tensor<1x16x16x16xf32>) outs(%f2 : tensor<1x16xf32>) attrs = {cim.vector_op = #cim.vector_op<global_avg_pool>} {
  ^bb0(%x: f32, %acc: f32):
    %inv = arith.constant 3.906250e-03 : f32
    %sc = arith.mulf %x, %inv : f32
    %s = arith.addf %acc, %sc : f32
    linalg.yield %s : f32
  } -> tensor<1x16xf32>

  %e3 = tensor.empty() : tensor<1x10xf32>
  %f3 = linalg.fill ins(%zero : f32) outs(%e3 : tensor<1x10xf32>) -> tensor<1x10xf32>
  %m = linalg.matmul ins(%g, %w2 : tensor<1x16xf32>, tensor<16x10xf32>) outs(%f3 : tensor<1x10xf32>) -> tensor<1x10xf32>
  %out = linalg.generic {indexing_maps = [#nc, #bias2, #nc], iterator_types = ["parallel", "parallel"]}
      ins(%m, %b2 : tensor<1x10xf32>, tensor<10xf32>) outs(%e3 : tensor<1x10xf32>) attrs = {cim.vector_op = #cim.vector_op<bias>} {
  ^bb0(%x: f32, %b: f32, %o: f32):
    %s = arith.addf %x, %b : f32
    linalg.yield %s : f32
  } -> tensor<1x10xf32>
  return %out : tensor<1x10xf32>
}
