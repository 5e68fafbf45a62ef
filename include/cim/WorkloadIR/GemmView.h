//===- GemmView.h - linalg contraction ops seen as GEMMs --------*- C++ -*-===//
//
// The five linalg ops the workload IR uses for GEMM-like layers (2-D NCHW
// convolution, depthwise and grouped convolution, matmul, batch matmul), read
// as `batch` x `groups` independent GEMMs of M x K times K x N plus, for the
// convolutions, their geometry. Extraction (cim::extractWorkload) turns a view
// into a layer; cim-materialize-tiles rewrites the op into tile loops over
// it. Reading the shapes in one place keeps the two in agreement.
//
//===----------------------------------------------------------------------===//

#ifndef CIM_WORKLOADIR_GEMMVIEW_H
#define CIM_WORKLOADIR_GEMMVIEW_H

#include "mlir/IR/Operation.h"
#include "mlir/IR/Value.h"

#include <cstdint>
#include <optional>

namespace cim {

/// Which linalg op a GemmView was read from.
enum class GemmOpKind {
  Conv2D,          // linalg.conv_2d_nchw_fchw
  DepthwiseConv2D, // linalg.depthwise_conv_2d_nchw_chw
  GroupedConv2D,   // linalg.conv_2d_ngchw_gfchw
  Matmul,          // linalg.matmul
  BatchMatmul,     // linalg.batch_matmul
};

/// A convolution's geometry. Input sizes are those of the op's input operand
/// (any padding included); per group, `channelsPerGroup` input channels
/// feed `filtersPerGroup` output channels.
struct ConvGeometry {
  int64_t images = 1, groups = 1, channelsPerGroup = 1, filtersPerGroup = 1;
  int64_t inH = 1, inW = 1, kernelH = 1, kernelW = 1, outH = 1, outW = 1;
  int64_t strideH = 1, strideW = 1, dilationH = 1, dilationW = 1;
};

/// A GEMM-like linalg op as `batch` x `groups` GEMMs of M x K times K x N.
/// Matmul: [M, K] x [K, N]; batch matmul: [B, M, K] x [B, K, N]; a
/// convolution: M = images * outH * outW, K = channelsPerGroup * kernelH *
/// kernelW, N = filtersPerGroup.
struct GemmView {
  GemmOpKind kind = GemmOpKind::Matmul;
  /// The op's input (activation, or left matrix), its filter (or right
  /// matrix) and its accumulator init.
  mlir::Value input, filter, init;
  int64_t batch = 1, groups = 1, m = 0, k = 0, n = 0;
  /// Meaningful for the convolutions only.
  ConvGeometry conv;

  bool isConv() const {
    return kind == GemmOpKind::Conv2D || kind == GemmOpKind::DepthwiseConv2D ||
           kind == GemmOpKind::GroupedConv2D;
  }
};

/// True for the five GEMM-like linalg ops.
bool isGemmOp(mlir::Operation *op);

/// The GEMM view of `op`; std::nullopt unless isGemmOp(op). The op's
/// operands must be statically shaped ranked tensors.
std::optional<GemmView> getGemmView(mlir::Operation *op);

} // namespace cim

#endif // CIM_WORKLOADIR_GEMMVIEW_H
