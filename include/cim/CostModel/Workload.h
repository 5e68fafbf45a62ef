//===- Workload.h - Layer descriptors: what the cost model maps --*- C++
//-*-===//
//
// The plain-C++ description of a network that the cost model maps onto a
// HardwareConfig. Three producers agree on it: the supernet generators
// (cim/Search), the extraction from workload IR (linalg on tensors), and the
// unit tests. No MLIR here.
//
// GEMM-like layers are contractions M x K x N per group, `groups` groups, and
// `batch` independent instances (attention heads for BatchMatmul):
//   conv:   M = N*P*Q, K = (Cin/g)*Kh*Kw, N = Cout/g
//   linear: M = tokens, K = in features, N = out features, g = 1
//
//===----------------------------------------------------------------------===//

#ifndef CIM_COSTMODEL_WORKLOAD_H
#define CIM_COSTMODEL_WORKLOAD_H

#include "llvm/ADT/Hashing.h"
#include "llvm/ADT/StringRef.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace cim {

enum class LayerKind {
  /// 2-D convolution (plain, grouped or depthwise) with static weights.
  Conv,
  /// Dense matmul with static weights (Linear, Gemm, 1x1 on tokens).
  Matmul,
  /// Activation x activation matmul (attention Q*K^T, A*V): the second
  /// operand exists only at run time and is programmed per inference.
  BatchMatmul,
  /// Element-wise, pooling, normalization, softmax: vector unit only.
  Vector,
};
/// Every LayerKind, in declaration order (symbolizeLayerKind and the IR's
/// diagnostics list them).
inline constexpr LayerKind kAllLayerKinds[] = {
    LayerKind::Conv, LayerKind::Matmul, LayerKind::BatchMatmul,
    LayerKind::Vector};
std::optional<LayerKind> symbolizeLayerKind(llvm::StringRef name);

/// Vector-unit work kinds. Per-element costs live in the cost model
/// (docs/timing.md), not here. stringifyVectorOp gives the snake_case name
/// (requantize, bias, relu, hard_sigmoid, hard_swish, sigmoid, tanh, gelu,
/// exp, add, mul, div, global_avg_pool, avg_pool, max_pool, softmax,
/// layer_norm, batch_norm, copy, sub, sqrt, erf, reduce_mean, clip);
/// workload IR tags linalg ops with it in the discardable attribute
/// `cim.vector_op`. The last five name ONNX ops the importer used to tag
/// with the closest older kind (add, exp, exp, global_avg_pool, relu); each
/// costs and fuses exactly like that kind (docs/timing.md).
enum class VectorOp {
  Requantize,
  Bias,
  Relu,
  HardSigmoid,
  HardSwish,
  Sigmoid,
  Tanh,
  Gelu,
  Exp,
  Add,
  Mul,
  Div,
  GlobalAvgPool,
  AvgPool,
  MaxPool,
  Softmax,
  LayerNorm,
  BatchNorm,
  Copy,
  Sub,
  Sqrt,
  Erf,
  ReduceMean,
  Clip,
};

llvm::StringRef stringifyLayerKind(LayerKind kind);
llvm::StringRef stringifyVectorOp(VectorOp op);
std::optional<VectorOp> symbolizeVectorOp(llvm::StringRef name);

/// `elements` elements of vector work of kind `op` (for pooling: input
/// elements read; for the rest: output elements produced).
struct VectorWork {
  VectorOp op;
  int64_t elements;
  bool operator==(const VectorWork &o) const {
    return op == o.op && elements == o.elements;
  }
};

struct Layer {
  std::string name;
  LayerKind kind = LayerKind::Vector;

  // GEMM-like layers.
  int64_t batch = 1;  // independent instances (heads); 1 for conv/matmul
  int64_t groups = 1; // g
  int64_t m = 0;      // per group and instance
  int64_t k = 0;
  int64_t n = 0;

  // Tensor geometry (conv; for matmul in_h = in_w = out_h = out_w = 1 and
  // the "channels" are features, tokens fold into `images`).
  int64_t images = 1; // N (batch of images, or tokens for matmul)
  int64_t inChannels = 0, in_h = 1, in_w = 1;
  int64_t outChannels = 0, out_h = 1, out_w = 1;
  int64_t kernelH = 1, kernel_w = 1;
  int64_t strideH = 1, stride_w = 1;
  int64_t dilationH = 1, dilation_w = 1;
  int64_t padTop = 0, pad_left = 0, pad_bottom = 0, pad_right = 0;

  /// Vector work fused into this layer's steps (GEMM layers: bias, BN,
  /// activation; the cost model accounts a GEMM's requantization itself, so
  /// a Requantize entry here is listed for completeness and not charged)
  /// or, for Vector layers, the layer itself. Vector layers must also set
  /// in_channels/in_h/in_w and out_channels/out_h/out_w (all >= 1), plus
  /// kernel/stride/pad for pooling windows (docs/timing.md).
  std::vector<VectorWork> vectorWork;

  /// Producers of this layer's operands: indices into Workload::layers, or
  /// -1 for the network input. Decides tensor liveness (residual skips).
  /// Empty means "the previous layer" (the network input for layer 0).
  /// operands[0] is the main input (in_* geometry); operands[1], if any, is
  /// the second operand: the run-time "weights" of a BatchMatmul, the skip of
  /// a residual add, the gate of an SE scale.
  std::vector<int> operands;

  /// Elements of the second operand read by a Vector layer (residual add:
  /// the output size; SE scale: the channel gates). 0 with two operands
  /// means "as many as the output". BatchMatmul ignores it (its second
  /// operand is batch * K * N elements).
  int64_t secondInputElements = 0;

  bool isGemm() const { return kind != LayerKind::Vector; }
  /// batch * groups * M * K * N (0 for vector layers).
  int64_t macs() const { return isGemm() ? batch * groups * m * k * n : 0; }
  /// Static weight elements (0 for BatchMatmul and Vector).
  int64_t weightElements() const {
    return (kind == LayerKind::Conv || kind == LayerKind::Matmul)
               ? groups * k * n
               : 0;
  }
  /// Elements of the input activation tensor (the real tensor, not im2col).
  int64_t inputElements() const { return images * inChannels * in_h * in_w; }
  /// Elements of the output tensor.
  int64_t outputElements() const {
    return images * outChannels * out_h * out_w;
  }
};

/// Everything the cost of a layer depends on (all fields except the name and
/// the operand indices): the memoization key.
bool sameSignature(const Layer &a, const Layer &b);
llvm::hash_code signatureHash(const Layer &layer);

struct Workload {
  std::string name;
  std::vector<Layer> layers;

  int64_t macs() const;
  int64_t weightElements() const;
};

} // namespace cim

#endif // CIM_COSTMODEL_WORKLOAD_H
