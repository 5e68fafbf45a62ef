//===- Workload.cpp - Layer descriptors: names, signatures, totals
//---------===//

#include "cim/CostModel/Workload.h"

#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringSwitch.h"
#include "llvm/Support/ErrorHandling.h"

using namespace cim;

llvm::StringRef cim::stringifyLayerKind(LayerKind kind) {
  switch (kind) {
  case LayerKind::Conv:
    return "conv";
  case LayerKind::Matmul:
    return "matmul";
  case LayerKind::BatchMatmul:
    return "batch_matmul";
  case LayerKind::Vector:
    return "vector";
  }
  llvm_unreachable("unknown layer kind");
}

std::optional<LayerKind> cim::symbolizeLayerKind(llvm::StringRef name) {
  for (LayerKind kind : kAllLayerKinds)
    if (stringifyLayerKind(kind) == name)
      return kind;
  return std::nullopt;
}

llvm::StringRef cim::stringifyVectorOp(VectorOp op) {
  switch (op) {
  case VectorOp::Requantize:
    return "requantize";
  case VectorOp::Bias:
    return "bias";
  case VectorOp::Relu:
    return "relu";
  case VectorOp::HardSigmoid:
    return "hard_sigmoid";
  case VectorOp::HardSwish:
    return "hard_swish";
  case VectorOp::Sigmoid:
    return "sigmoid";
  case VectorOp::Tanh:
    return "tanh";
  case VectorOp::Gelu:
    return "gelu";
  case VectorOp::Exp:
    return "exp";
  case VectorOp::Add:
    return "add";
  case VectorOp::Mul:
    return "mul";
  case VectorOp::Div:
    return "div";
  case VectorOp::GlobalAvgPool:
    return "global_avg_pool";
  case VectorOp::AvgPool:
    return "avg_pool";
  case VectorOp::MaxPool:
    return "max_pool";
  case VectorOp::Softmax:
    return "softmax";
  case VectorOp::LayerNorm:
    return "layer_norm";
  case VectorOp::BatchNorm:
    return "batch_norm";
  case VectorOp::Copy:
    return "copy";
  case VectorOp::Sub:
    return "sub";
  case VectorOp::Sqrt:
    return "sqrt";
  case VectorOp::Erf:
    return "erf";
  case VectorOp::ReduceMean:
    return "reduce_mean";
  case VectorOp::Clip:
    return "clip";
  }
  llvm_unreachable("unknown vector op");
}

std::optional<VectorOp> cim::symbolizeVectorOp(llvm::StringRef name) {
  return llvm::StringSwitch<std::optional<VectorOp>>(name)
      .Case("requantize", VectorOp::Requantize)
      .Case("bias", VectorOp::Bias)
      .Case("relu", VectorOp::Relu)
      .Case("hard_sigmoid", VectorOp::HardSigmoid)
      .Case("hard_swish", VectorOp::HardSwish)
      .Case("sigmoid", VectorOp::Sigmoid)
      .Case("tanh", VectorOp::Tanh)
      .Case("gelu", VectorOp::Gelu)
      .Case("exp", VectorOp::Exp)
      .Case("add", VectorOp::Add)
      .Case("mul", VectorOp::Mul)
      .Case("div", VectorOp::Div)
      .Case("global_avg_pool", VectorOp::GlobalAvgPool)
      .Case("avg_pool", VectorOp::AvgPool)
      .Case("max_pool", VectorOp::MaxPool)
      .Case("softmax", VectorOp::Softmax)
      .Case("layer_norm", VectorOp::LayerNorm)
      .Case("batch_norm", VectorOp::BatchNorm)
      .Case("copy", VectorOp::Copy)
      .Case("sub", VectorOp::Sub)
      .Case("sqrt", VectorOp::Sqrt)
      .Case("erf", VectorOp::Erf)
      .Case("reduce_mean", VectorOp::ReduceMean)
      .Case("clip", VectorOp::Clip)
      .Default(std::nullopt);
}

// The integer fields that decide a layer's cost, in one place so equality
// and hashing cannot drift apart. The operand count matters (a second
// operand is read); the producer indices do not.
template <typename Fn>
static void forEachCostField(const Layer &l, Fn fn) {
  fn(static_cast<int64_t>(l.kind));
  fn(l.batch);
  fn(l.groups);
  fn(l.m);
  fn(l.k);
  fn(l.n);
  fn(l.images);
  fn(l.inChannels);
  fn(l.in_h);
  fn(l.in_w);
  fn(l.outChannels);
  fn(l.out_h);
  fn(l.out_w);
  fn(l.kernelH);
  fn(l.kernel_w);
  fn(l.strideH);
  fn(l.stride_w);
  fn(l.dilationH);
  fn(l.dilation_w);
  fn(l.padTop);
  fn(l.pad_left);
  fn(l.pad_bottom);
  fn(l.pad_right);
  fn(l.secondInputElements);
  fn(static_cast<int64_t>(l.operands.size()));
  fn(static_cast<int64_t>(l.vectorWork.size()));
  for (const VectorWork &w : l.vectorWork) {
    fn(static_cast<int64_t>(w.op));
    fn(w.elements);
  }
}

bool cim::sameSignature(const Layer &a, const Layer &b) {
  if (a.vectorWork.size() != b.vectorWork.size() ||
      a.operands.size() != b.operands.size())
    return false;
  llvm::SmallVector<int64_t, 40> fa, fb;
  forEachCostField(a, [&](int64_t v) { fa.push_back(v); });
  forEachCostField(b, [&](int64_t v) { fb.push_back(v); });
  return fa == fb;
}

llvm::hash_code cim::signatureHash(const Layer &layer) {
  llvm::hash_code h = llvm::hash_value(0);
  forEachCostField(layer, [&](int64_t v) { h = llvm::hash_combine(h, v); });
  return h;
}

int64_t Workload::macs() const {
  int64_t total = 0;
  for (const Layer &l : layers)
    total += l.macs();
  return total;
}

int64_t Workload::weightElements() const {
  int64_t total = 0;
  for (const Layer &l : layers)
    total += l.weightElements();
  return total;
}
