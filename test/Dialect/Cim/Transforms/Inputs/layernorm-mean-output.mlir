#map = affine_map<(d0, d1) -> (d0, d1)>
#map1 = affine_map<(d0, d1) -> (0, 0)>
module {
  func.func @test_layer_normalization_2d_axis0(%arg0: tensor<3x4xf32>, %arg1: tensor<3x4xf32>, %arg2: tensor<3x4xf32>) -> (tensor<3x4xf32>, tensor<1x1xf32>, tensor<1x1xf32>) {
    %0 = tensor.empty() : tensor<1x1xf32>
    %cst = arith.constant 0.000000e+00 : f32
    %1 = linalg.fill ins(%cst : f32) outs(%0 : tensor<1x1xf32>) -> tensor<1x1xf32>
    %2 = linalg.generic {indexing_maps = [#map, #map1], iterator_types = ["reduction", "reduction"]} ins(%arg0 : tensor<3x4xf32>) outs(%1 : tensor<1x1xf32>) attrs =  {cim.vector_op = #cim.vector_op<layer_norm>} {
    ^bb0(%in: f32, %out: f32):
      %cst_1 = arith.constant 0.0833333358 : f32
      %10 = arith.mulf %in, %cst_1 : f32
      %11 = arith.addf %out, %10 : f32
      linalg.yield %11 : f32
    } -> tensor<1x1xf32>
    %3 = tensor.empty() : tensor<1x1xf32>
    %cst_0 = arith.constant 0.000000e+00 : f32
    %4 = linalg.fill ins(%cst_0 : f32) outs(%3 : tensor<1x1xf32>) -> tensor<1x1xf32>
    %5 = linalg.generic {indexing_maps = [#map, #map1, #map1], iterator_types = ["reduction", "reduction"]} ins(%arg0, %2 : tensor<3x4xf32>, tensor<1x1xf32>) outs(%4 : tensor<1x1xf32>) attrs =  {cim.vector_op = #cim.vector_op<layer_norm>} {
    ^bb0(%in: f32, %in_1: f32, %out: f32):
      %10 = arith.subf %in, %in_1 : f32
      %11 = arith.mulf %10, %10 : f32
      %cst_2 = arith.constant 0.0833333358 : f32
      %12 = arith.mulf %11, %cst_2 : f32
      %13 = arith.addf %out, %12 : f32
      linalg.yield %13 : f32
    } -> tensor<1x1xf32>
    %6 = tensor.empty() : tensor<3x4xf32>
    %7 = linalg.generic {indexing_maps = [#map, #map1, #map1, #map, #map, #map], iterator_types = ["parallel", "parallel"]} ins(%arg0, %2, %5, %arg1, %arg2 : tensor<3x4xf32>, tensor<1x1xf32>, tensor<1x1xf32>, tensor<3x4xf32>, tensor<3x4xf32>) outs(%6 : tensor<3x4xf32>) attrs =  {cim.vector_op = #cim.vector_op<layer_norm>} {
    ^bb0(%in: f32, %in_1: f32, %in_2: f32, %in_3: f32, %in_4: f32, %out: f32):
      %10 = arith.subf %in, %in_1 : f32
      %cst_5 = arith.constant 9.99999974E-6 : f32
      %11 = arith.addf %in_2, %cst_5 : f32
      %12 = math.sqrt %11 : f32
      %13 = arith.divf %10, %12 : f32
      %14 = arith.mulf %13, %in_3 : f32
      %15 = arith.addf %14, %in_4 : f32
      linalg.yield %15 : f32
    } -> tensor<3x4xf32>
    %8 = tensor.empty() : tensor<1x1xf32>
    %9 = linalg.generic {indexing_maps = [#map, #map], iterator_types = ["parallel", "parallel"]} ins(%5 : tensor<1x1xf32>) outs(%8 : tensor<1x1xf32>) attrs =  {cim.vector_op = #cim.vector_op<layer_norm>} {
    ^bb0(%in: f32, %out: f32):
      %cst_1 = arith.constant 9.99999974E-6 : f32
      %10 = arith.addf %in, %cst_1 : f32
      %11 = math.sqrt %10 : f32
      %cst_2 = arith.constant 1.000000e+00 : f32
      %12 = arith.divf %cst_2, %11 : f32
      linalg.yield %12 : f32
    } -> tensor<1x1xf32>
    return %7, %2, %9 : tensor<3x4xf32>, tensor<1x1xf32>, tensor<1x1xf32>
  }
}

