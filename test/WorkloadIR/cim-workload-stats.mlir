// Text output of --cim-workload-stats on the hand-written modules in Inputs/.
// Every number is worked out below from the shapes (f32 = 4 bytes).

// RUN: cim-opt %S/Inputs/conv_bias_relu.mlir --cim-workload-stats -o /dev/null | FileCheck %s --check-prefix=CONV
// conv1: M = 1*8*8 = 64, K = 3*3*3 = 27, N = 4 -> 6912 MACs. Weights
// 4*3*3*3 = 108 f32 = 432 B. The conv reads the padded 1x3x10x10 = 300 f32
// = 1200 B and writes 1x4x8x8 = 256 f32 = 1024 B. The bias adds 4 f32 = 16 B
// of weights; bias and ReLU each read and write 1024 B.
// CONV-LABEL: cim-workload-stats @conv_bias_relu: 1 layers (MACs count conv + matmul + batch_matmul)
// CONV-NEXT: row layer role op kind name macs weight_bytes act_in_bytes act_out_bytes
// CONV-NEXT: 0 0 layer linalg.conv_2d_nchw_fchw conv conv1 6912 432 1200 1024
// CONV-NEXT: 1 0 fused linalg.generic bias conv1 0 16 1024 1024
// CONV-NEXT: 2 0 fused linalg.generic relu conv1 0 0 1024 1024
// CONV-NEXT: total @conv_bias_relu: macs 6912 weight_bytes 448 act_in_bytes 3248 act_out_bytes 3072

// RUN: cim-opt %S/Inputs/se_residual.mlir --cim-workload-stats -o /dev/null | FileCheck %s --check-prefix=SE
// se_pool reads x (1x8x4x4 = 128 f32 = 512 B), writes 1x8 = 32 B.
// se_reduce: 1 x 8 x 2 = 16 MACs, weights 2*8 f32 = 64 B, reads 8 f32.
// se_expand: 1 x 2 x 8 = 16 MACs, weights 64 B, reads 2 f32, writes 8 f32.
// se_mul reads x and the 8-element gate: (128 + 8) * 4 = 544 B.
// residual reads two 128-element tensors (1024 B); its ReLU is fused.
// Totals: in 512+32+8+8+32+544+1024+512 = 2672, out 32+8+8+32+32+3*512 = 1648.
// SE-LABEL: cim-workload-stats @se_residual: 5 layers
// SE-NEXT: row layer role
// SE-NEXT: 0 0 layer linalg.generic global_avg_pool se_pool 0 0 512 32
// SE-NEXT: 1 1 layer linalg.conv_2d_nchw_fchw conv se_reduce 16 64 32 8
// SE-NEXT: 2 1 fused linalg.generic relu se_reduce 0 0 8 8
// SE-NEXT: 3 2 layer linalg.conv_2d_nchw_fchw conv se_expand 16 64 8 32
// SE-NEXT: 4 2 fused linalg.generic hard_sigmoid se_expand 0 0 32 32
// SE-NEXT: 5 3 layer linalg.generic mul se_mul 0 0 544 512
// SE-NEXT: 6 4 layer linalg.generic add residual 0 0 1024 512
// SE-NEXT: 7 4 fused linalg.generic relu residual 0 0 512 512
// SE-NEXT: total @se_residual: macs 32 weight_bytes 128 act_in_bytes 2672 act_out_bytes 1648

// RUN: cim-opt %S/Inputs/attention.mlir --cim-workload-stats -o /dev/null | FileCheck %s --check-prefix=ATT
// q_proj, k_proj: 4 x 8 x 8 = 256 MACs, 64 f32 of weights (k_proj's through
// a transpose) = 256 B, read 4x8 = 128 B, write 128 B.
// qk: 2 heads x 4 x 4 x 4 = 128 MACs, no weights, reads two 2x4x4 = 256 B.
// softmax (untagged linalg.softmax, no name): reads and writes 128 B.
// ATT-LABEL: cim-workload-stats @attention: 4 layers
// ATT-NEXT: row layer role
// ATT-NEXT: 0 0 layer linalg.matmul matmul q_proj 256 256 128 128
// ATT-NEXT: 1 1 layer linalg.matmul matmul k_proj 256 256 128 128
// ATT-NEXT: 2 2 layer linalg.batch_matmul batch_matmul qk 128 0 256 128
// ATT-NEXT: 3 3 layer linalg.softmax softmax softmax_3 0 0 128 128
// ATT-NEXT: total @attention: macs 640 weight_bytes 512 act_in_bytes 640 act_out_bytes 512

// The pass leaves the IR as it was.
// RUN: cim-opt %S/Inputs/attention.mlir --cim-workload-stats=output=%t.txt | FileCheck %s --check-prefix=IR
// IR-LABEL: func.func @attention
// IR: %[[Q:.*]] = linalg.matmul
// IR: %[[Q3:.*]] = tensor.expand_shape %[[Q]]
// IR: linalg.batch_matmul
// IR: linalg.softmax
