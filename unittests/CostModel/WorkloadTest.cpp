//===- WorkloadTest.cpp - Names, signatures and totals of layers ----------===//

#include "TestUtil.h"

#include "gtest/gtest.h"

#include <functional>

using namespace cim;
using namespace cim::test;

namespace {

TEST(Workload, VectorOpNamesRoundTrip) {
  for (int i = 0; i <= static_cast<int>(VectorOp::Clip); ++i) {
    VectorOp op = static_cast<VectorOp>(i);
    std::optional<VectorOp> back = symbolizeVectorOp(stringifyVectorOp(op));
    ASSERT_TRUE(back.has_value()) << stringifyVectorOp(op).str();
    EXPECT_EQ(*back, op);
  }
  EXPECT_EQ(stringifyVectorOp(VectorOp::HardSwish), "hard_swish");
  EXPECT_EQ(stringifyVectorOp(VectorOp::GlobalAvgPool), "global_avg_pool");
  EXPECT_EQ(stringifyVectorOp(VectorOp::ReduceMean), "reduce_mean");
  EXPECT_FALSE(symbolizeVectorOp("swish").has_value());
  EXPECT_EQ(stringifyLayerKind(LayerKind::BatchMatmul), "batch_matmul");
  EXPECT_EQ(stringifyLayerKind(LayerKind::Conv), "conv");
}

TEST(Workload, SignatureCoversEveryCostField) {
  Layer a = makeConv("a", 1, 8, 10, 10, 16, 3, 1, 1);
  a.vectorWork.push_back({VectorOp::Relu, a.outputElements()});
  a.operands = {-1};
  Layer b = a;
  b.name = "other name";
  b.operands = {3}; // producers do not change the cost
  EXPECT_TRUE(sameSignature(a, b));
  EXPECT_EQ(signatureHash(a), signatureHash(b));

  // Each cost field, changed alone, changes the signature.
  std::vector<std::function<void(Layer &)>> edits = {
      [](Layer &l) { l.kind = LayerKind::Matmul; },
      [](Layer &l) { l.batch = 2; },
      [](Layer &l) { l.groups = 2; },
      [](Layer &l) { l.m += 1; },
      [](Layer &l) { l.k += 1; },
      [](Layer &l) { l.n += 1; },
      [](Layer &l) { l.images = 2; },
      [](Layer &l) { l.inChannels += 1; },
      [](Layer &l) { l.in_h += 1; },
      [](Layer &l) { l.in_w += 1; },
      [](Layer &l) { l.outChannels += 1; },
      [](Layer &l) { l.out_h += 1; },
      [](Layer &l) { l.out_w += 1; },
      [](Layer &l) { l.kernelH += 1; },
      [](Layer &l) { l.kernel_w += 1; },
      [](Layer &l) { l.strideH += 1; },
      [](Layer &l) { l.stride_w += 1; },
      [](Layer &l) { l.dilationH += 1; },
      [](Layer &l) { l.dilation_w += 1; },
      [](Layer &l) { l.padTop += 1; },
      [](Layer &l) { l.pad_left += 1; },
      [](Layer &l) { l.pad_bottom += 1; },
      [](Layer &l) { l.pad_right += 1; },
      [](Layer &l) { l.secondInputElements = 7; },
      [](Layer &l) { l.operands.push_back(-1); },
      [](Layer &l) { l.vectorWork[0].op = VectorOp::HardSwish; },
      [](Layer &l) { l.vectorWork[0].elements += 1; },
      [](Layer &l) {
        l.vectorWork.push_back({VectorOp::Bias, 1});
      },
  };
  for (size_t i = 0; i < edits.size(); ++i) {
    Layer c = a;
    edits[i](c);
    EXPECT_FALSE(sameSignature(a, c)) << "edit " << i;
    EXPECT_NE(signatureHash(a), signatureHash(c)) << "edit " << i;
  }
}

TEST(Workload, TotalsAddLayers) {
  Workload w;
  w.layers.push_back(makeConv("c", 1, 4, 6, 6, 8, 3, 1, 1));     // 36*36*8
  w.layers.push_back(makeConv("dw", 1, 8, 6, 6, 8, 3, 1, 1, 8)); // 36*8*9
  w.layers.push_back(makeMatmul("fc", 1, 288, 10));
  w.layers.push_back(makeBatchMatmul("qk", 2, 5, 4, 5));
  w.layers.push_back(makeVector("relu", 8, 6, 6, {{VectorOp::Relu, 288}}));
  EXPECT_EQ(w.macs(), 36 * 36 * 8 + 36 * 8 * 9 + 288 * 10 + 2 * 5 * 4 * 5);
  // The batch matmul has no static weights, the vector layer none at all.
  EXPECT_EQ(w.weightElements(), 36 * 8 + 8 * 9 + 288 * 10);
}

} // namespace
