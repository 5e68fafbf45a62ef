// RUN: cim-opt %cim_src/examples/tiny_cnn.mlir --cim-compile="config=%configs/hw/default.json" | FileCheck %s

// cim-compile = attach + map + lower. Each layer's ops move into the payload
// of a cim.layer (fused bias and ReLU included); data-movement ops and
// constants stay outside; the layers' results replace the old values; the
// step loops of each layer execute exactly its MACs (the verifier checks it).
// MACs by hand: conv 16*27*32*32 = 442368; depthwise 16*9*16*16 = 36864;
// matmul 16*10 = 160; pooling 0.

// CHECK-LABEL: func.func @tiny_cnn
// CHECK: tensor.pad
// CHECK: %[[C0:.*]] = cim.layer "conv_0" kind conv macs 442368
// CHECK: linalg.conv_2d_nchw_fchw
// CHECK-NOT: cim.mapping
// CHECK: cim.vector_op = #cim.vector_op<bias>
// CHECK: %[[R:.*]] = linalg.generic {{.*}} attrs =  {cim.vector_op = #cim.vector_op<relu>}
// CHECK: cim.yield %[[R]]
// CHECK: } schedule {
// CHECK: cim.loop step
// CHECK: cim.spatial cores(
// CHECK: cim.mvm
// CHECK: tensor.pad %[[C0]]
// CHECK: %[[C1:.*]] = cim.layer "conv_1" kind conv macs 36864
// CHECK: %[[G:.*]] = cim.layer "global_avg_pool_2" kind vector macs 0
// CHECK: linalg.generic {{.*}} ins(%[[C1]]
// CHECK: %[[M:.*]] = cim.layer "matmul_3" kind matmul macs 160
// CHECK: linalg.matmul ins(%[[G]]
// CHECK: return %[[M]]
