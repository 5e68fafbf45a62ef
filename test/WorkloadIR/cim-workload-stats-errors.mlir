// RUN: cim-opt %s --cim-workload-stats --split-input-file --verify-diagnostics -o /dev/null

// An unknown vector kind fails in the attribute parser.
#id = affine_map<(i) -> (i)>
func.func @unknown_tag(%x: tensor<8xf32>) -> tensor<8xf32> {
  %e = tensor.empty() : tensor<8xf32>
  %y = linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel"]}
      // expected-error @+1 {{unknown vector op 'swish'}}
      ins(%x : tensor<8xf32>) outs(%e : tensor<8xf32>) attrs = {cim.vector_op = #cim.vector_op<swish>} {
  ^bb0(%a: f32, %o: f32):
    linalg.yield %a : f32
  } -> tensor<8xf32>
  return %y : tensor<8xf32>
}

// -----

// The string form of the tag (written by the ONNX importer until it uses
// cim::setVectorOpTag) is read too; an unknown kind is named.
#id = affine_map<(i) -> (i)>
func.func @unknown_string_tag(%x: tensor<8xf32>) -> tensor<8xf32> {
  %e = tensor.empty() : tensor<8xf32>
  // expected-error @+1 {{unknown cim.vector_op 'swish'}}
  %y = linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel"]}
      ins(%x : tensor<8xf32>) outs(%e : tensor<8xf32>) attrs = {cim.vector_op = "swish"} {
  ^bb0(%a: f32, %o: f32):
    linalg.yield %a : f32
  } -> tensor<8xf32>
  return %y : tensor<8xf32>
}

// -----

// The tag must be a #cim.vector_op.
#id = affine_map<(i) -> (i)>
func.func @integer_tag(%x: tensor<8xf32>) -> tensor<8xf32> {
  %e = tensor.empty() : tensor<8xf32>
  // expected-error @+1 {{expected 'cim.vector_op' to be a #cim.vector_op attribute, found 3 : i64}}
  %y = linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel"]}
      ins(%x : tensor<8xf32>) outs(%e : tensor<8xf32>) attrs = {cim.vector_op = 3 : i64} {
  ^bb0(%a: f32, %o: f32):
    linalg.yield %a : f32
  } -> tensor<8xf32>
  return %y : tensor<8xf32>
}

// -----

// An untagged generic whose body is not one of the classified forms.
#id = affine_map<(i) -> (i)>
func.func @unclassified(%x: tensor<8xf32>) -> tensor<8xf32> {
  %e = tensor.empty() : tensor<8xf32>
  // expected-error @+1 {{cannot classify 'linalg.generic': add a cim.vector_op attribute naming its vector work (e.g. #cim.vector_op<relu>)}}
  %y = linalg.generic {indexing_maps = [#id, #id, #id], iterator_types = ["parallel"]}
      ins(%x, %x : tensor<8xf32>, tensor<8xf32>) outs(%e : tensor<8xf32>) {
  ^bb0(%a: f32, %b: f32, %o: f32):
    %d = arith.subf %a, %b : f32
    linalg.yield %d : f32
  } -> tensor<8xf32>
  return %y : tensor<8xf32>
}

// -----

// Calls are outside the workload IR.
func.func private @helper(tensor<8xf32>) -> tensor<8xf32>
func.func @call(%x: tensor<8xf32>) -> tensor<8xf32> {
  // expected-error @+1 {{unsupported op 'func.call' in the workload IR}}
  %y = func.call @helper(%x) : (tensor<8xf32>) -> tensor<8xf32>
  return %y : tensor<8xf32>
}

// -----

// Element-wise arith on whole tensors is not linalg.
func.func @tensor_arith(%x: tensor<8xf32>) -> tensor<8xf32> {
  // expected-error @+1 {{unsupported op 'arith.addf' in the workload IR}}
  %y = arith.addf %x, %x : tensor<8xf32>
  return %y : tensor<8xf32>
}

// -----

// Shapes must be static.
func.func @dynamic(%x: tensor<?x8xf32>, %w: tensor<8x4xf32>, %o: tensor<?x4xf32>) -> tensor<?x4xf32> {
  // expected-error @+1 {{expected statically shaped ranked tensors in the workload IR, found 'tensor<?x8xf32>'}}
  %y = linalg.matmul ins(%x, %w : tensor<?x8xf32>, tensor<8x4xf32>) outs(%o : tensor<?x4xf32>) -> tensor<?x4xf32>
  return %y : tensor<?x4xf32>
}

// -----

// Data-movement ops may only be tagged "copy".
func.func @tagged_reshape(%x: tensor<2x4xf32>) -> tensor<8xf32> {
  // expected-error @+1 {{data-movement op 'tensor.collapse_shape' may only carry cim.vector_op = #cim.vector_op<copy>, found relu}}
  %y = tensor.collapse_shape %x [[0, 1]] {cim.vector_op = #cim.vector_op<relu>} : tensor<2x4xf32> into tensor<8xf32>
  return %y : tensor<8xf32>
}

// -----

// Only the spatial dims of a conv input may be padded.
func.func @channel_pad(%x: tensor<1x3x4x4xf32>, %w: tensor<2x4x1x1xf32>, %o: tensor<1x2x4x4xf32>) -> tensor<1x2x4x4xf32> {
  %zero = arith.constant 0.0 : f32
  %p = tensor.pad %x low[0, 1, 0, 0] high[0, 0, 0, 0] {
  ^bb0(%i: index, %j: index, %k: index, %l: index):
    tensor.yield %zero : f32
  } : tensor<1x3x4x4xf32> to tensor<1x4x4x4xf32>
  // expected-error @+1 {{the tensor.pad feeding 'linalg.conv_2d_nchw_fchw' pads dimension 1; only the two trailing spatial dimensions may be padded}}
  %y = linalg.conv_2d_nchw_fchw ins(%p, %w : tensor<1x4x4x4xf32>, tensor<2x4x1x1xf32>) outs(%o : tensor<1x2x4x4xf32>) -> tensor<1x2x4x4xf32>
  return %y : tensor<1x2x4x4xf32>
}

// -----

// A windowed pool needs NCHW tensors.
#in = affine_map<(i, j) -> (i, j)>
#out = affine_map<(i, j) -> (i)>
func.func @flat_max_pool(%x: tensor<4x8xf32>, %o: tensor<4xf32>) -> tensor<4xf32> {
  // expected-error @+1 {{expected 'max_pool' to be a linalg op from an NCHW tensor to an NCHW tensor}}
  %y = linalg.generic {indexing_maps = [#in, #out], iterator_types = ["parallel", "reduction"]}
      ins(%x : tensor<4x8xf32>) outs(%o : tensor<4xf32>) attrs = {cim.vector_op = #cim.vector_op<max_pool>} {
  ^bb0(%a: f32, %acc: f32):
    %m = arith.maximumf %a, %acc : f32
    linalg.yield %m : f32
  } -> tensor<4xf32>
  return %y : tensor<4xf32>
}

// -----

// A pool whose input index is not `stride * out + dilation * window`.
#in = affine_map<(n, c, p, q, r, s) -> (n, c, (p + r) mod 4, q + s)>
#win = affine_map<(n, c, p, q, r, s) -> (r, s)>
#out = affine_map<(n, c, p, q, r, s) -> (n, c, p, q)>
func.func @modular_window(%x: tensor<1x2x4x4xf32>, %o: tensor<1x2x3x3xf32>) -> tensor<1x2x3x3xf32> {
  %w = tensor.empty() : tensor<2x2xf32>
  // expected-error @+1 {{cannot read the pooling window of 'linalg.generic' from its indexing maps}}
  %y = linalg.generic {indexing_maps = [#in, #win, #out], iterator_types = ["parallel", "parallel", "parallel", "parallel", "reduction", "reduction"]}
      ins(%x, %w : tensor<1x2x4x4xf32>, tensor<2x2xf32>) outs(%o : tensor<1x2x3x3xf32>) attrs = {cim.vector_op = #cim.vector_op<max_pool>} {
  ^bb0(%a: f32, %b: f32, %acc: f32):
    %m = arith.maximumf %a, %acc : f32
    linalg.yield %m : f32
  } -> tensor<1x2x3x3xf32>
  return %y : tensor<1x2x3x3xf32>
}
