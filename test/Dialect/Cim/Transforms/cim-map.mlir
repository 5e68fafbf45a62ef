// RUN: cim-opt %cim_src/examples/tiny_cnn.mlir --cim-attach-hardware="config=%configs/hw/default.json" --cim-map | FileCheck %s

// cim-map records a mapping and a name on every layer's op, and the network's
// per-inference and model-load cycles on the function. The tiling is derived
// by hand for the default hardware (256x256 cells, 8-bit weights on 1-bit
// cells: 32 weights per row):
//   conv 3->16, 3x3: K = 27 <= 256 rows, N = 16 <= 32: one tile;
//   matmul 16x10: K = 16, N = 10: one tile;
//   the depthwise conv and the pooling are vector-unit work here.

// CHECK-LABEL: func.func @tiny_cnn
// CHECK-SAME: cim.cycles = {{[0-9]+}} : i64, cim.model_load_cycles = {{[0-9]+}} : i64
// CHECK: linalg.conv_2d_nchw_fchw {cim.layer_name = "conv_0", cim.mapping = #cim.mapping<unit = arrays,
// CHECK-SAME: row_tiles = 1, col_tiles = 1,
// CHECK: linalg.depthwise_conv_2d_nchw_chw {cim.layer_name = "conv_1", cim.mapping = #cim.mapping<unit = vector,
// CHECK: cim.layer_name = "global_avg_pool_2", cim.mapping = #cim.mapping<unit = vector,
// CHECK: linalg.matmul {cim.layer_name = "matmul_3", cim.mapping = #cim.mapping<unit = arrays,
// CHECK-SAME: row_tiles = 1, col_tiles = 1, tiles = 1,
