//===- GemmView.cpp - linalg contraction ops seen as GEMMs ----------------===//

#include "cim/WorkloadIR/GemmView.h"

#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/IR/BuiltinTypes.h"

using namespace mlir;
using namespace cim;

static ArrayRef<int64_t> shapeOf(Value v) {
  return cast<RankedTensorType>(v.getType()).getShape();
}

/// Element `i` of a strides/dilations attribute; 1 when it is absent.
static int64_t attrAt(DenseIntElementsAttr attr, int i) {
  return attr ? (*(attr.value_begin<APInt>() + i)).getSExtValue() : 1;
}

bool cim::isGemmOp(Operation *op) {
  return isa<linalg::Conv2DNchwFchwOp, linalg::DepthwiseConv2DNchwChwOp,
             linalg::Conv2DNgchwGfchwOp, linalg::MatmulOp,
             linalg::BatchMatmulOp>(op);
}

/// Fills the parts every convolution shares: operands, window attributes,
/// the trailing (spatial) sizes and the GEMM shape from `conv`'s groups.
template <typename ConvOp>
static GemmView convView(ConvOp op, GemmOpKind kind, int64_t groups,
                         int64_t channelsPerGroup, int64_t filtersPerGroup) {
  GemmView v;
  v.kind = kind;
  v.input = op.getInputs()[0];
  v.filter = op.getInputs()[1];
  v.init = op.getOutputs()[0];
  ArrayRef<int64_t> in = shapeOf(v.input), f = shapeOf(v.filter),
                    out = shapeOf(v.init);
  ConvGeometry &c = v.conv;
  c.images = in[0];
  c.groups = groups;
  c.channelsPerGroup = channelsPerGroup;
  c.filtersPerGroup = filtersPerGroup;
  c.inH = in[in.size() - 2];
  c.inW = in[in.size() - 1];
  c.kernelH = f[f.size() - 2];
  c.kernelW = f[f.size() - 1];
  c.outH = out[out.size() - 2];
  c.outW = out[out.size() - 1];
  c.strideH = attrAt(op.getStrides(), 0);
  c.strideW = attrAt(op.getStrides(), 1);
  c.dilationH = attrAt(op.getDilations(), 0);
  c.dilationW = attrAt(op.getDilations(), 1);
  v.groups = groups;
  v.m = c.images * c.outH * c.outW;
  v.k = channelsPerGroup * c.kernelH * c.kernelW;
  v.n = filtersPerGroup;
  return v;
}

std::optional<GemmView> cim::getGemmView(Operation *op) {
  // conv_2d_nchw_fchw: input [N, C, H, W], filter [F, C, KH, KW].
  if (auto conv = dyn_cast<linalg::Conv2DNchwFchwOp>(op)) {
    ArrayRef<int64_t> f = shapeOf(conv.getInputs()[1]);
    return convView(conv, GemmOpKind::Conv2D, /*groups=*/1, f[1], f[0]);
  }
  // depthwise_conv_2d_nchw_chw: input [N, C, H, W], filter [C, KH, KW]; one
  // group per channel.
  if (auto conv = dyn_cast<linalg::DepthwiseConv2DNchwChwOp>(op)) {
    ArrayRef<int64_t> f = shapeOf(conv.getInputs()[1]);
    return convView(conv, GemmOpKind::DepthwiseConv2D, f[0], 1, 1);
  }
  // conv_2d_ngchw_gfchw: input [N, G, Cg, H, W], filter [G, Fg, Cg, KH, KW].
  if (auto conv = dyn_cast<linalg::Conv2DNgchwGfchwOp>(op)) {
    ArrayRef<int64_t> f = shapeOf(conv.getInputs()[1]);
    return convView(conv, GemmOpKind::GroupedConv2D, f[0], f[2], f[1]);
  }
  auto matmulView = [](auto mm, GemmOpKind kind) {
    GemmView v;
    v.kind = kind;
    v.input = mm.getInputs()[0];
    v.filter = mm.getInputs()[1];
    v.init = mm.getOutputs()[0];
    ArrayRef<int64_t> a = shapeOf(v.input), b = shapeOf(v.filter);
    v.batch = a.size() == 3 ? a[0] : 1;
    v.m = a[a.size() - 2];
    v.k = a[a.size() - 1];
    v.n = b[b.size() - 1];
    return v;
  };
  if (auto mm = dyn_cast<linalg::MatmulOp>(op))
    return matmulView(mm, GemmOpKind::Matmul);
  if (auto bmm = dyn_cast<linalg::BatchMatmulOp>(op))
    return matmulView(bmm, GemmOpKind::BatchMatmul);
  return std::nullopt;
}
