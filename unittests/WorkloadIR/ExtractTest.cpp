//===- ExtractTest.cpp - extractWorkload on hand-written modules ---------===//
//
// Modules in test/WorkloadIR/Inputs (shared with the lit tests); every
// expected number is worked out by hand in the comments.
//
//===----------------------------------------------------------------------===//

#include "TestPaths.h"
#include "TestUtil.h"

#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "llvm/Support/MemoryBuffer.h"

#include "gtest/gtest.h"

using namespace cim;
using namespace cim::test;

namespace {

std::string readInput(llvm::StringRef name) {
  std::string path = testSourcePath("test/WorkloadIR/Inputs/") + name.str();
  auto buffer = llvm::MemoryBuffer::getFile(path);
  if (!buffer)
    return "";
  return (*buffer)->getBuffer().str();
}

mlir::func::FuncOp lookup(mlir::ModuleOp module, llvm::StringRef name) {
  return module.lookupSymbol<mlir::func::FuncOp>(name);
}

TEST(ExtractTest, ConvWithPaddingFusesBiasAndUntaggedRelu) {
  Harness h;
  auto module = h.parse(readInput("conv_bias_relu.mlir"));
  ASSERT_TRUE(module) << h.diagnostics;
  auto extracted = extractWorkload(lookup(*module, "conv_bias_relu"));
  ASSERT_TRUE(succeeded(extracted)) << h.diagnostics;
  const Workload &w = extracted->workload;
  ASSERT_EQ(w.layers.size(), 1u);
  const Layer &l = w.layers[0];
  EXPECT_EQ(l.name, "conv1");
  EXPECT_EQ(l.kind, LayerKind::Conv);
  // M = 1*8*8, K = 3*3*3, N = 4.
  EXPECT_EQ(l.m, 64);
  EXPECT_EQ(l.k, 27);
  EXPECT_EQ(l.n, 4);
  EXPECT_EQ(l.groups, 1);
  EXPECT_EQ(l.macs(), 6912);
  EXPECT_EQ(l.inChannels, 3);
  EXPECT_EQ(l.in_h, 8); // unpadded
  EXPECT_EQ(l.out_h, 8);
  EXPECT_EQ(l.padTop, 1);
  EXPECT_EQ(l.pad_left, 1);
  EXPECT_EQ(l.pad_bottom, 1);
  EXPECT_EQ(l.pad_right, 1);
  EXPECT_EQ(l.kernelH, 3);
  ASSERT_EQ(l.vectorWork.size(), 2u);
  EXPECT_EQ(l.vectorWork[0], (VectorWork{VectorOp::Bias, 256}));
  EXPECT_EQ(l.vectorWork[1], (VectorWork{VectorOp::Relu, 256}));
  EXPECT_EQ(l.operands, std::vector<int>{-1});
  EXPECT_TRUE(mlir::isa<mlir::linalg::Conv2DNchwFchwOp>(extracted->anchors[0]));
  EXPECT_EQ(extracted->fused[0].size(), 2u);
}

TEST(ExtractTest, GroupedConvFusesBiasThroughCollapse) {
  Harness h;
  auto module = h.parse(readInput("grouped_depthwise.mlir"));
  ASSERT_TRUE(module) << h.diagnostics;
  auto extracted = extractWorkload(lookup(*module, "grouped"));
  ASSERT_TRUE(succeeded(extracted)) << h.diagnostics;
  ASSERT_EQ(extracted->workload.layers.size(), 1u);
  const Layer &l = extracted->workload.layers[0];
  EXPECT_EQ(l.name, "conv_0");
  // 2 groups; per group K = 2*3*3, N = 3; out (6+2-3)/2+1 = 3, M = 9.
  EXPECT_EQ(l.groups, 2);
  EXPECT_EQ(l.k, 18);
  EXPECT_EQ(l.n, 3);
  EXPECT_EQ(l.m, 9);
  EXPECT_EQ(l.macs(), 972);
  EXPECT_EQ(l.inChannels, 4);
  EXPECT_EQ(l.outChannels, 6);
  EXPECT_EQ(l.in_h, 6);
  EXPECT_EQ(l.strideH, 2);
  EXPECT_EQ(l.padTop, 1);
  EXPECT_EQ(l.weightElements(), 2 * 18 * 3);
  ASSERT_EQ(l.vectorWork.size(), 1u);
  EXPECT_EQ(l.vectorWork[0], (VectorWork{VectorOp::Bias, 54}));
}

TEST(ExtractTest, DepthwiseConvWithStrideAndDilation) {
  Harness h;
  auto module = h.parse(readInput("grouped_depthwise.mlir"));
  ASSERT_TRUE(module) << h.diagnostics;
  auto extracted = extractWorkload(lookup(*module, "depthwise"));
  ASSERT_TRUE(succeeded(extracted)) << h.diagnostics;
  ASSERT_EQ(extracted->workload.layers.size(), 1u);
  const Layer &l = extracted->workload.layers[0];
  // Effective kernel 2*(3-1)+1 = 5: out (9-5)/2+1 = 3; per channel K = 9.
  EXPECT_EQ(l.groups, 8);
  EXPECT_EQ(l.k, 9);
  EXPECT_EQ(l.n, 1);
  EXPECT_EQ(l.m, 9);
  EXPECT_EQ(l.macs(), 648);
  EXPECT_EQ(l.dilationH, 2);
  EXPECT_EQ(l.dilation_w, 2);
  EXPECT_EQ(l.stride_w, 2);
  EXPECT_EQ(l.padTop, 0);
  EXPECT_TRUE(l.vectorWork.empty());
}

TEST(ExtractTest, AttentionProjectionsAndActivationMatmul) {
  Harness h;
  auto module = h.parse(readInput("attention.mlir"));
  ASSERT_TRUE(module) << h.diagnostics;
  auto extracted = extractWorkload(lookup(*module, "attention"));
  ASSERT_TRUE(succeeded(extracted)) << h.diagnostics;
  const Workload &w = extracted->workload;
  ASSERT_EQ(w.layers.size(), 4u);
  // Projections: 4 tokens x 8 -> 8; the transposed constant is a weight.
  for (int i = 0; i < 2; ++i) {
    EXPECT_EQ(w.layers[i].kind, LayerKind::Matmul) << i;
    EXPECT_EQ(w.layers[i].m, 4);
    EXPECT_EQ(w.layers[i].k, 8);
    EXPECT_EQ(w.layers[i].n, 8);
    EXPECT_EQ(w.layers[i].images, 4);
    EXPECT_EQ(w.layers[i].inChannels, 8);
    EXPECT_EQ(w.layers[i].operands, std::vector<int>{-1});
  }
  EXPECT_EQ(w.layers[0].name, "q_proj");
  EXPECT_EQ(w.layers[1].name, "k_proj");
  const Layer &qk = w.layers[2];
  EXPECT_EQ(qk.kind, LayerKind::BatchMatmul);
  EXPECT_EQ(qk.batch, 2);
  EXPECT_EQ(qk.m, 4);
  EXPECT_EQ(qk.k, 4);
  EXPECT_EQ(qk.n, 4);
  EXPECT_EQ(qk.macs(), 2 * 4 * 4 * 4);
  EXPECT_EQ(qk.weightElements(), 0);
  // Input geometry is that of Q before the head split: 4 tokens x 8.
  EXPECT_EQ(qk.images, 4);
  EXPECT_EQ(qk.inChannels, 8);
  EXPECT_EQ(qk.outChannels, 8);
  EXPECT_EQ(qk.operands, (std::vector<int>{0, 1}));
  const Layer &softmax = w.layers[3];
  EXPECT_EQ(softmax.kind, LayerKind::Vector);
  ASSERT_EQ(softmax.vectorWork.size(), 1u);
  EXPECT_EQ(softmax.vectorWork[0], (VectorWork{VectorOp::Softmax, 32}));
  EXPECT_EQ(softmax.operands, std::vector<int>{2});
  // MACs: 2 * 4*8*8 + 128.
  EXPECT_EQ(w.macs(), 640);
}

TEST(ExtractTest, SqueezeExcitationAndResidual) {
  Harness h;
  auto module = h.parse(readInput("se_residual.mlir"));
  ASSERT_TRUE(module) << h.diagnostics;
  auto extracted = extractWorkload(lookup(*module, "se_residual"));
  ASSERT_TRUE(succeeded(extracted)) << h.diagnostics;
  const Workload &w = extracted->workload;
  ASSERT_EQ(w.layers.size(), 5u) << h.diagnostics;
  const Layer &pool = w.layers[0];
  EXPECT_EQ(pool.name, "se_pool");
  EXPECT_EQ(pool.kind, LayerKind::Vector);
  EXPECT_EQ(pool.vectorWork,
            (std::vector<VectorWork>{{VectorOp::GlobalAvgPool, 128}}));
  EXPECT_EQ(pool.inChannels, 8);
  EXPECT_EQ(pool.in_h, 4);
  EXPECT_EQ(pool.outChannels, 8);
  EXPECT_EQ(pool.out_h, 1);
  EXPECT_EQ(pool.operands, std::vector<int>{-1});

  const Layer &reduce = w.layers[1];
  EXPECT_EQ(reduce.macs(), 16); // 1 x 8 x 2
  EXPECT_EQ(reduce.vectorWork, (std::vector<VectorWork>{{VectorOp::Relu, 2}}));
  EXPECT_EQ(reduce.operands, std::vector<int>{0});
  const Layer &expand = w.layers[2];
  EXPECT_EQ(expand.macs(), 16); // 1 x 2 x 8
  EXPECT_EQ(expand.vectorWork,
            (std::vector<VectorWork>{{VectorOp::HardSigmoid, 8}}));
  EXPECT_EQ(expand.operands, std::vector<int>{1});

  const Layer &mul = w.layers[3];
  EXPECT_EQ(mul.name, "se_mul");
  EXPECT_EQ(mul.vectorWork, (std::vector<VectorWork>{{VectorOp::Mul, 128}}));
  EXPECT_EQ(mul.operands, (std::vector<int>{-1, 2}));
  const Layer &add = w.layers[4];
  EXPECT_EQ(add.name, "residual");
  EXPECT_EQ(add.vectorWork, (std::vector<VectorWork>{{VectorOp::Add, 128},
                                                     {VectorOp::Relu, 128}}));
  EXPECT_EQ(add.operands, (std::vector<int>{3, -1}));
  EXPECT_EQ(w.macs(), 32);
}

/// Extraction of `body` (a function named @f) fails with `message`.
void expectError(llvm::StringRef text, llvm::StringRef message) {
  Harness h;
  auto module = h.parse(text);
  ASSERT_TRUE(module) << h.diagnostics;
  auto extracted = extractWorkload(lookup(*module, "f"));
  EXPECT_TRUE(failed(extracted));
  EXPECT_NE(h.diagnostics.find(message.str()), std::string::npos)
      << "diagnostics were: " << h.diagnostics;
}

TEST(ExtractTest, UnknownTagIsAnError) {
  expectError(R"mlir(
#id = affine_map<(i) -> (i)>
func.func @f(%x: tensor<8xf32>) -> tensor<8xf32> {
  %e = tensor.empty() : tensor<8xf32>
  %y = linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel"]}
      ins(%x : tensor<8xf32>) outs(%e : tensor<8xf32>) attrs = {cim.vector_op = "swish"} {
  ^bb0(%a: f32, %o: f32):
    linalg.yield %a : f32
  } -> tensor<8xf32>
  return %y : tensor<8xf32>
})mlir",
              "unknown cim.vector_op 'swish'");
}

TEST(ExtractTest, UnclassifiableGenericIsAnError) {
  expectError(R"mlir(
#id = affine_map<(i) -> (i)>
func.func @f(%x: tensor<8xf32>) -> tensor<8xf32> {
  %e = tensor.empty() : tensor<8xf32>
  %y = linalg.generic {indexing_maps = [#id, #id, #id], iterator_types = ["parallel"]}
      ins(%x, %x : tensor<8xf32>, tensor<8xf32>) outs(%e : tensor<8xf32>) {
  ^bb0(%a: f32, %b: f32, %o: f32):
    %d = arith.subf %a, %b : f32
    linalg.yield %d : f32
  } -> tensor<8xf32>
  return %y : tensor<8xf32>
})mlir",
              "cannot classify 'linalg.generic'");
}

TEST(ExtractTest, UnsupportedOpIsAnError) {
  expectError(R"mlir(
func.func private @g(tensor<8xf32>) -> tensor<8xf32>
func.func @f(%x: tensor<8xf32>) -> tensor<8xf32> {
  %y = func.call @g(%x) : (tensor<8xf32>) -> tensor<8xf32>
  return %y : tensor<8xf32>
})mlir",
              "unsupported op 'func.call' in the workload IR");
}

TEST(ExtractTest, DynamicShapeIsAnError) {
  expectError(R"mlir(
func.func @f(%x: tensor<?x8xf32>, %w: tensor<8x4xf32>, %o: tensor<?x4xf32>) -> tensor<?x4xf32> {
  %y = linalg.matmul ins(%x, %w : tensor<?x8xf32>, tensor<8x4xf32>) outs(%o : tensor<?x4xf32>) -> tensor<?x4xf32>
  return %y : tensor<?x4xf32>
})mlir",
              "expected statically shaped ranked tensors");
}

TEST(ExtractTest, NonCopyTagOnDataMovementIsAnError) {
  expectError(R"mlir(
func.func @f(%x: tensor<2x4xf32>) -> tensor<8xf32> {
  %y = tensor.collapse_shape %x [[0, 1]] {cim.vector_op = #cim.vector_op<relu>} : tensor<2x4xf32> into tensor<8xf32>
  return %y : tensor<8xf32>
})mlir",
              "data-movement op 'tensor.collapse_shape' may only carry "
              "cim.vector_op = #cim.vector_op<copy>, found relu");
}

TEST(ExtractTest, ChannelPaddingBeforeConvIsAnError) {
  expectError(R"mlir(
func.func @f(%x: tensor<1x3x4x4xf32>, %w: tensor<2x4x1x1xf32>, %o: tensor<1x2x4x4xf32>) -> tensor<1x2x4x4xf32> {
  %zero = arith.constant 0.0 : f32
  %p = tensor.pad %x low[0, 1, 0, 0] high[0, 0, 0, 0] {
  ^bb0(%i: index, %j: index, %k: index, %l: index):
    tensor.yield %zero : f32
  } : tensor<1x3x4x4xf32> to tensor<1x4x4x4xf32>
  %y = linalg.conv_2d_nchw_fchw ins(%p, %w : tensor<1x4x4x4xf32>, tensor<2x4x1x1xf32>) outs(%o : tensor<1x2x4x4xf32>) -> tensor<1x2x4x4xf32>
  return %y : tensor<1x2x4x4xf32>
})mlir",
              "pads dimension 1; only the two trailing spatial dimensions");
}

TEST(ExtractTest, CopyTagMakesADataMovementOpALayer) {
  Harness h;
  auto module = h.parse(R"mlir(
func.func @f(%x: tensor<2x4xf32>) -> tensor<4xf32> {
  %s = tensor.extract_slice %x[0, 0] [1, 4] [1, 1] {cim.vector_op = "copy"} : tensor<2x4xf32> to tensor<4xf32>
  return %s : tensor<4xf32>
})mlir");
  ASSERT_TRUE(module) << h.diagnostics;
  auto extracted = extractWorkload(lookup(*module, "f"));
  ASSERT_TRUE(succeeded(extracted)) << h.diagnostics;
  ASSERT_EQ(extracted->workload.layers.size(), 1u);
  const Layer &copy = extracted->workload.layers[0];
  EXPECT_EQ(copy.vectorWork, (std::vector<VectorWork>{{VectorOp::Copy, 4}}));
  // Output [4] is 1 image of 4 channels; the input is 2 rows of 4.
  EXPECT_EQ(copy.images, 1);
  EXPECT_EQ(copy.inChannels, 4);
  EXPECT_EQ(copy.outChannels, 4);
  EXPECT_EQ(copy.operands, std::vector<int>{-1});
}

TEST(ExtractTest, ConcatForwardsBothProducers) {
  Harness h;
  auto module = h.parse(R"mlir(
#id = affine_map<(i, j) -> (i, j)>
func.func @f(%x: tensor<2x4xf32>, %w: tensor<4x4xf32>) -> tensor<4x4xf32> {
  %c = arith.constant dense_resource<w> : tensor<4x4xf32>
  %zero = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<2x4xf32>
  %f0 = linalg.fill ins(%zero : f32) outs(%e : tensor<2x4xf32>) -> tensor<2x4xf32>
  %a = linalg.matmul ins(%x, %c : tensor<2x4xf32>, tensor<4x4xf32>) outs(%f0 : tensor<2x4xf32>) -> tensor<2x4xf32>
  %e2 = tensor.empty() : tensor<2x4xf32>
  %b = linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel", "parallel"]}
      ins(%x : tensor<2x4xf32>) outs(%e2 : tensor<2x4xf32>) attrs = {cim.vector_op = "exp"} {
  ^bb0(%v: f32, %o: f32):
    %r = math.exp %v : f32
    linalg.yield %r : f32
  } -> tensor<2x4xf32>
  %cat = tensor.concat dim(0) %a, %b : (tensor<2x4xf32>, tensor<2x4xf32>) -> tensor<4x4xf32>
  %e3 = tensor.empty() : tensor<4x4xf32>
  %f3 = linalg.fill ins(%zero : f32) outs(%e3 : tensor<4x4xf32>) -> tensor<4x4xf32>
  %y = linalg.matmul ins(%cat, %c : tensor<4x4xf32>, tensor<4x4xf32>) outs(%f3 : tensor<4x4xf32>) -> tensor<4x4xf32>
  return %y : tensor<4x4xf32>
})mlir");
  ASSERT_TRUE(module) << h.diagnostics;
  auto extracted = extractWorkload(lookup(*module, "f"));
  ASSERT_TRUE(succeeded(extracted)) << h.diagnostics;
  const Workload &w = extracted->workload;
  ASSERT_EQ(w.layers.size(), 3u);
  EXPECT_EQ(w.layers[1].vectorWork,
            (std::vector<VectorWork>{{VectorOp::Exp, 8}}));
  EXPECT_EQ(w.layers[2].operands, (std::vector<int>{0, 1}));
  EXPECT_EQ(w.layers[2].m, 4);
}

} // namespace
