//===- RoundTripTest.cpp - extract(emit(workload)) == workload ---------===//
//
// Hand-built layer lists of every kind go through emitWorkloadModule, the
// verifier, optionally the printer and parser, and extractWorkload; the
// result must match layer by layer (sameSignature, operands, names).
//
//===----------------------------------------------------------------------===//

#include "TestUtil.h"

#include "mlir/IR/Verifier.h"

#include "gtest/gtest.h"

using namespace cim;
using namespace cim::test;
using Tensor = LayerListBuilder::Tensor;

namespace {

/// Emits, verifies, optionally re-parses from text, and extracts.
FailureOr<Workload> roundTrip(Harness &h, const Workload &w, bool viaText,
                              const EmitOptions &options = {}) {
  mlir::OwningOpRef<mlir::ModuleOp> module =
      emitWorkloadModule(w, h.context, options);
  if (!module || failed(mlir::verify(*module)))
    return mlir::failure();
  if (viaText) {
    std::string text;
    llvm::raw_string_ostream os(text);
    // Layer names live in locations: print them.
    module->print(os, mlir::OpPrintingFlags().enableDebugInfo());
    module = h.parse(text);
    if (!module)
      return mlir::failure();
  }
  FailureOr<ExtractedWorkload> extracted = extractWorkload(firstFunc(*module));
  if (failed(extracted))
    return mlir::failure();
  return extracted->workload;
}

void expectRoundTrip(const Workload &w) {
  for (bool viaText : {false, true}) {
    Harness h;
    FailureOr<Workload> back = roundTrip(h, w, viaText);
    ASSERT_TRUE(succeeded(back)) << h.diagnostics;
    EXPECT_EQ(compareWorkloads(w, *back), "") << "via text: " << viaText;
  }
}

Workload cnnFamily() {
  LayerListBuilder b;
  using V = VectorOp;
  Tensor x = b.input(1, 3, 16, 16);
  x = b.conv("stem", x, 8, 3, 2, 1, 1, {V::Bias, V::Relu, V::Requantize});
  Tensor dw = b.conv("dw", x, 8, 5, 1, 8, 2,
                     {V::BatchNorm, V::HardSwish, V::Requantize});
  Tensor grouped = b.conv("grouped", dw, 16, 3, 1, 4, 2, {V::Requantize},
                          /*dilation=*/2);
  Tensor pooled = b.vector("se_pool", V::GlobalAvgPool, grouped,
                           Tensor{-1, 1, 16, 1, 1}, grouped.elements());
  Tensor reduced =
      b.conv("se_reduce", pooled, 4, 1, 1, 1, 0, {V::Bias, V::Relu});
  Tensor scale =
      b.conv("se_expand", reduced, 16, 1, 1, 1, 0, {V::Bias, V::HardSigmoid});
  Tensor scaled =
      b.vector("se_mul", V::Mul, grouped, grouped, grouped.elements(), &scale);
  Tensor projected = b.conv("project", scaled, 8, 1, 1, 1, 0, {V::BatchNorm});
  x = b.vector("add", V::Add, projected, projected, projected.elements(), &dw);
  b.fuseIntoLast(V::Relu);
  x = b.pool("maxpool", V::MaxPool, x, 3, 2, 1, 1);
  x = b.pool("avgpool", V::AvgPool, x, 2, 2, 0, 1);
  x = b.vector("gap", V::GlobalAvgPool, x, Tensor{-1, 1, 8, 1, 1},
               x.elements());
  x = b.conv("feature_mix", x, 32, 1, 1, 1, 0, {V::HardSwish});
  b.matmul("classifier", x, 10, {V::Bias});
  b.workload.name = "cnn";
  return b.workload;
}

Workload transformerFamily() {
  LayerListBuilder b;
  using V = VectorOp;
  const int64_t tokens = 17, hidden = 16, heads = 2, headDim = 4;
  const int64_t width = heads * headDim;
  Tensor x = b.input(1, 3, 16, 16);
  x = b.conv("patch_embed", x, hidden, 4, 4, 1, 0, {V::Bias, V::Requantize});
  // 16 patches + a class token: the output has one more token than the input.
  x = b.vector("pos_embed", V::Add, x, Tensor{-1, tokens, hidden, 1, 1},
               tokens * hidden);
  Tensor layerIn = x;
  x = b.vector("ln1", V::LayerNorm, x, x, tokens * hidden);
  Tensor qkv = b.matmul("qkv", x, 3 * width, {V::Bias, V::Requantize});
  Tensor scores = b.batchMatmul("qk", qkv, qkv, heads, tokens, headDim, tokens,
                                {V::Requantize});
  Tensor probs =
      b.vector("softmax", V::Softmax, scores, scores, scores.elements());
  x = b.batchMatmul("av", probs, qkv, heads, tokens, tokens, headDim,
                    {V::Requantize});
  x = b.matmul("out_proj", x, hidden, {V::Bias});
  x = b.vector("add1", V::Add, x, x, tokens * hidden, &layerIn);
  Tensor mid = x;
  x = b.vector("ln2", V::LayerNorm, x, x, tokens * hidden);
  x = b.matmul("fc1", x, 32, {V::Bias, V::Gelu, V::Requantize});
  x = b.matmul("fc2", x, hidden, {V::Bias});
  x = b.vector("add2", V::Add, x, x, tokens * hidden, &mid);
  x = b.vector("ln_final", V::LayerNorm, x, x, tokens * hidden);
  x = b.vector("class_token", V::Copy, x, Tensor{-1, 1, hidden, 1, 1}, hidden);
  b.matmul("head", x, 10, {V::Bias});
  b.workload.name = "vit";
  return b.workload;
}

/// Every vector kind as its own layer on a network input (nothing to fuse
/// into), plus a vector layer with three pieces of work.
Workload vectorKinds() {
  LayerListBuilder b;
  using V = VectorOp;
  Tensor tokens = b.input(8, 32, 1, 1);
  Tensor first;
  for (V op : {V::Relu, V::HardSigmoid, V::HardSwish, V::Sigmoid, V::Tanh,
               V::Gelu, V::Exp, V::Requantize, V::Bias, V::BatchNorm, V::Add,
               V::Mul, V::Div, V::Softmax, V::LayerNorm, V::Copy}) {
    Tensor out = b.vector(stringifyVectorOp(op).str(), op, tokens, tokens,
                          tokens.elements());
    if (op == V::Relu)
      first = out;
  }
  b.vector("chain", V::Add, tokens, tokens, tokens.elements(), &first);
  b.fuseIntoLast(V::Relu);
  b.fuseIntoLast(V::Requantize);
  Tensor maps = b.input(2, 4, 6, 6);
  b.vector("gap", V::GlobalAvgPool, maps, Tensor{-1, 2, 4, 1, 1},
           maps.elements());
  b.pool("maxpool", V::MaxPool, maps, 3, 1, 1, 1);
  b.pool("avgpool", V::AvgPool, maps, 2, 2, 0, 0);
  b.workload.name = "vector_kinds";
  return b.workload;
}

TEST(RoundTripTest, ConvNetWithSqueezeExcitationResidualAndPools) {
  expectRoundTrip(cnnFamily());
}

TEST(RoundTripTest, TransformerWithAttention) {
  expectRoundTrip(transformerFamily());
}

TEST(RoundTripTest, EveryVectorKind) { expectRoundTrip(vectorKinds()); }

TEST(RoundTripTest, GroupedMatmulAndSingleHeadBatchMatmul) {
  LayerListBuilder b;
  Tensor x = b.input(6, 8, 1, 1);
  Tensor y = b.matmul("proj", x, 8, {VectorOp::Relu});
  // Two groups of static weights: a batch_matmul with a constant operand.
  Layer grouped = b.workload.layers.back();
  grouped.name = "grouped";
  grouped.groups = 2;
  grouped.k = 4;
  grouped.n = 4;
  grouped.outChannels = 8;
  grouped.vectorWork.clear();
  grouped.operands = {y.producer};
  b.workload.layers.push_back(grouped);
  Tensor g{1, 6, 8, 1, 1};
  b.batchMatmul("single_head", g, y, 1, 6, 8, 6, {});
  expectRoundTrip(b.workload);
}

TEST(RoundTripTest, StandaloneElementwiseAfterALayerIsFused) {
  // Extraction's canonical form: a per-element vector layer that alone
  // consumes a layer's output becomes that layer's fused work.
  LayerListBuilder b;
  Tensor x = b.input(4, 16, 1, 1);
  Tensor y = b.matmul("fc", x, 16, {});
  b.vector("relu", VectorOp::Relu, y, y, y.elements());
  Harness h;
  FailureOr<Workload> back = roundTrip(h, b.workload, false);
  ASSERT_TRUE(succeeded(back)) << h.diagnostics;
  ASSERT_EQ(back->layers.size(), 1u);
  EXPECT_EQ(back->layers[0].vectorWork,
            (std::vector<VectorWork>{{VectorOp::Relu, 64}}));
}

TEST(RoundTripTest, WeightsArePseudoRandomAndDeterministicWhenNotElided) {
  Workload w = cnnFamily();
  auto print = [&](bool elide, uint64_t seed) {
    Harness h;
    EmitOptions options;
    options.elideWeights = elide;
    options.weightSeed = seed;
    options.functionName = "net";
    auto module = emitWorkloadModule(w, h.context, options);
    std::string text;
    llvm::raw_string_ostream os(text);
    if (module)
      module->print(os);
    return text;
  };
  std::string elided = print(true, 1);
  EXPECT_NE(elided.find("func.func @net("), std::string::npos);
  EXPECT_NE(elided.find("dense_resource<stem.weight>"), std::string::npos);
  EXPECT_EQ(elided.find("dense<\"0x"), std::string::npos);
  std::string dense = print(false, 1);
  EXPECT_EQ(dense.find("dense_resource"), std::string::npos);
  EXPECT_EQ(dense, print(false, 1));
  EXPECT_NE(dense, print(false, 2));
  Harness h;
  EmitOptions options;
  options.elideWeights = false;
  FailureOr<Workload> back = roundTrip(h, w, true, options);
  ASSERT_TRUE(succeeded(back)) << h.diagnostics;
  EXPECT_EQ(compareWorkloads(w, *back), "");
}

/// Emission of `w` fails with a diagnostic containing `message`.
void expectEmitError(const Workload &w, llvm::StringRef message) {
  Harness h;
  auto module = emitWorkloadModule(w, h.context);
  EXPECT_FALSE(module);
  EXPECT_NE(h.diagnostics.find(message.str()), std::string::npos)
      << "diagnostics were: " << h.diagnostics;
}

TEST(RoundTripTest, InconsistentConvGeometryIsRejected) {
  LayerListBuilder b;
  b.conv("c", b.input(1, 3, 8, 8), 4, 3, 1, 1, 1, {});
  b.workload.layers[0].out_h = 7;
  expectEmitError(b.workload,
                  "cannot emit layer #0 'c': output 7x8 does not follow from "
                  "the input, kernel, stride, dilation and padding "
                  "(expected 8x8)");
}

TEST(RoundTripTest, ForwardOperandIsRejected) {
  LayerListBuilder b;
  b.matmul("fc", b.input(2, 4, 1, 1), 4, {});
  b.workload.layers[0].operands = {3};
  expectEmitError(b.workload, "operand 0 refers to layer 3, expected -1 or an "
                              "earlier layer");
}

TEST(RoundTripTest, VectorWorkWithWrongElementCountIsRejected) {
  LayerListBuilder b;
  b.matmul("fc", b.input(2, 4, 1, 1), 4, {VectorOp::Relu});
  b.workload.layers[0].vectorWork[0].elements = 7;
  expectEmitError(b.workload, "vector work 'relu' has 7 elements but the "
                              "tensor it works on has 8");
}

TEST(RoundTripTest, EmptyWorkloadIsRejected) {
  Workload w;
  w.name = "nothing";
  expectEmitError(w, "cannot emit workload 'nothing': it has no layers");
}

} // namespace
