//===- Emit.cpp - cim::Workload -> workload IR -------------------------===//
//
// Builds one func.func in the workload IR form from a layer list. Shapes
// come from each layer's geometry; producers whose output does not have the
// shape a consumer reads are connected through data-movement ops only
// (reshape, and flatten + slice/pad when the element counts differ), so the
// extraction sees the same producer -> consumer edges.
//
//===----------------------------------------------------------------------===//

#include "WorkloadIRCommon.h"

#include "cim/WorkloadIR/WorkloadIR.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/AffineMap.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/DialectResourceBlobManager.h"
#include "llvm/ADT/STLExtras.h"

#include <cmath>

using namespace mlir;
using cim::detail::Geometry;
using cim::detail::productOf;

namespace cim {
namespace {

uint64_t splitMix64(uint64_t &state) {
  uint64_t z = (state += 0x9e3779b97f4a7c15ULL);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

std::string sanitize(StringRef name) {
  std::string out;
  for (char c : name)
    out.push_back(llvm::isAlnum(c) || c == '_' || c == '.' ? c : '_');
  return out;
}

class Emitter {
public:
  Emitter(const Workload &workload, MLIRContext &context,
          const EmitOptions &options)
      : workload(workload), context(context), options(options),
        builder(&context), f32(builder.getF32Type()) {}

  OwningOpRef<ModuleOp> run();

private:
  using BodyFn = function_ref<Value(OpBuilder &, Location, ValueRange)>;

  InFlightDiagnostic error(size_t index) {
    const Layer &layer = workload.layers[index];
    return emitError(UnknownLoc::get(&context))
           << "cannot emit layer #" << index << " '" << layer.name << "': ";
  }

  RankedTensorType tensorType(ArrayRef<int64_t> shape) {
    return RankedTensorType::get(shape, f32);
  }
  ArrayRef<int64_t> shapeOfValue(Value v) {
    return cast<RankedTensorType>(v.getType()).getShape();
  }

  Value constantTensor(ArrayRef<int64_t> shape, StringRef role);
  Value splat(ArrayRef<int64_t> shape, float value);
  Value scalar(float value) {
    return builder.create<arith::ConstantOp>(loc,
                                             builder.getF32FloatAttr(value));
  }
  Value filled(ArrayRef<int64_t> shape, float value);
  Value empty(ArrayRef<int64_t> shape) {
    return builder.create<tensor::EmptyOp>(loc, shape, f32);
  }
  Value reshape(Value v, ArrayRef<int64_t> shape);
  Value adapt(Value v, ArrayRef<int64_t> shape);
  Value padSpatial(Value v, const Layer &layer, float padValue);
  FailureOr<Value> operandValue(size_t index, size_t position,
                                ArrayRef<int64_t> shape);
  FailureOr<Value> gatherInput(size_t index, size_t first,
                               ArrayRef<int64_t> shape);
  void tag(Operation *op, VectorOp kind) { setVectorOpTag(op, kind); }
  Value generic(ArrayRef<Value> inputs, ArrayRef<AffineMap> inputMaps,
                ArrayRef<int64_t> outShape, VectorOp kind, BodyFn body);

  FailureOr<Value> emitConv(size_t index);
  FailureOr<Value> emitMatmul(size_t index);
  FailureOr<Value> emitBatchMatmul(size_t index);
  FailureOr<Value> emitVectorLayer(size_t index);
  FailureOr<Value> emitWork(size_t index, VectorOp kind, Value x, Value y);
  Value emitPerElement(VectorOp kind, Value x, StringRef role);
  LogicalResult checkElements(size_t index, const VectorWork &work,
                              int64_t emitted);

  const Workload &workload;
  MLIRContext &context;
  const EmitOptions &options;
  OpBuilder builder;
  Type f32;
  Location loc = UnknownLoc::get(&context);
  func::FuncOp func;
  std::vector<Value> outputs;
  std::string currentName;
  unsigned constantCount = 0;
};

Value Emitter::constantTensor(ArrayRef<int64_t> shape, StringRef role) {
  RankedTensorType type = tensorType(shape);
  std::string name = sanitize(currentName) + "." + role.str();
  if (options.elideWeights) {
    auto handle =
        DenseResourceElementsHandle::getManagerInterface(&context).insert(name);
    return builder.create<arith::ConstantOp>(
        loc, DenseResourceElementsAttr::get(type, handle));
  }
  uint64_t state = options.weightSeed * 0x2545f4914f6cdd1dULL + constantCount++;
  std::vector<float> values(type.getNumElements());
  for (float &v : values)
    v = static_cast<float>(splitMix64(state) >> 40) / float(1 << 24) - 0.5f;
  return builder.create<arith::ConstantOp>(
      loc, DenseElementsAttr::get(type, llvm::ArrayRef(values)));
}

Value Emitter::splat(ArrayRef<int64_t> shape, float value) {
  return builder.create<arith::ConstantOp>(
      loc, DenseElementsAttr::get(tensorType(shape), value));
}

Value Emitter::filled(ArrayRef<int64_t> shape, float value) {
  Value init = empty(shape);
  return builder.create<linalg::FillOp>(loc, scalar(value), init).result();
}

Value Emitter::reshape(Value v, ArrayRef<int64_t> shape) {
  ArrayRef<int64_t> from = shapeOfValue(v);
  if (from == shape)
    return v;
  auto all = [](size_t rank) {
    ReassociationIndices indices;
    for (size_t i = 0; i < rank; ++i)
      indices.push_back(i);
    return SmallVector<ReassociationIndices>{indices};
  };
  Value flat = v;
  if (from.size() != 1)
    flat = builder.create<tensor::CollapseShapeOp>(loc, v, all(from.size()));
  if (shape.size() == 1)
    return flat;
  return builder.create<tensor::ExpandShapeOp>(loc, tensorType(shape), flat,
                                               all(shape.size()));
}

Value Emitter::adapt(Value v, ArrayRef<int64_t> shape) {
  int64_t have = productOf(shapeOfValue(v)), want = productOf(shape);
  if (have == want)
    return reshape(v, shape);
  Value flat = reshape(v, {have});
  if (have > want) {
    flat = builder.create<tensor::ExtractSliceOp>(
        loc, tensorType({want}), flat, ValueRange(), ValueRange(), ValueRange(),
        ArrayRef<int64_t>{0}, ArrayRef<int64_t>{want}, ArrayRef<int64_t>{1});
  } else {
    auto pad = builder.create<tensor::PadOp>(
        loc, tensorType({want}), flat,
        ArrayRef<OpFoldResult>{builder.getIndexAttr(0)},
        ArrayRef<OpFoldResult>{builder.getIndexAttr(want - have)},
        scalar(0.0f));
    flat = pad.getResult();
  }
  return reshape(flat, shape);
}

Value Emitter::padSpatial(Value v, const Layer &layer, float padValue) {
  if (!layer.padTop && !layer.pad_bottom && !layer.pad_left && !layer.pad_right)
    return v;
  SmallVector<int64_t> shape(shapeOfValue(v));
  shape[2] += layer.padTop + layer.pad_bottom;
  shape[3] += layer.pad_left + layer.pad_right;
  auto index = [&](int64_t i) -> OpFoldResult {
    return builder.getIndexAttr(i);
  };
  SmallVector<OpFoldResult> low{index(0), index(0), index(layer.padTop),
                                index(layer.pad_left)};
  SmallVector<OpFoldResult> high{index(0), index(0), index(layer.pad_bottom),
                                 index(layer.pad_right)};
  return builder.create<tensor::PadOp>(loc, tensorType(shape), v, low, high,
                                       scalar(padValue));
}

FailureOr<Value> Emitter::operandValue(size_t index, size_t position,
                                       ArrayRef<int64_t> shape) {
  const Layer &layer = workload.layers[index];
  int producer = layer.operands[position];
  if (producer == -1) {
    // The network input has the layer's input geometry; one function
    // argument per distinct type.
    SmallVector<int64_t> argShape(shape);
    if (layer.images > 0 && layer.inChannels > 0 && layer.in_h > 0 &&
        layer.in_w > 0 && shape.size() != 4) {
      Geometry g{layer.images, layer.inChannels, layer.in_h, layer.in_w};
      argShape = detail::shapeOf(g);
    }
    RankedTensorType type = tensorType(argShape);
    Block &entry = func.getBody().front();
    Value arg;
    for (BlockArgument existing : entry.getArguments())
      if (existing.getType() == type)
        arg = existing;
    if (!arg)
      arg = entry.addArgument(type, func.getLoc());
    return adapt(arg, shape);
  }
  if (producer < 0 || static_cast<size_t>(producer) >= index)
    return error(index) << "operand " << position << " refers to layer "
                        << producer << ", expected -1 or an earlier layer";
  return adapt(outputs[producer], shape);
}

FailureOr<Value> Emitter::gatherInput(size_t index, size_t first,
                                      ArrayRef<int64_t> shape) {
  const Layer &layer = workload.layers[index];
  size_t count =
      layer.operands.size() > first ? layer.operands.size() - first : 0;
  if (count == 0)
    return splat(shape, 0.0f);
  if (count == 1)
    return operandValue(index, first, shape);
  // Several producers feed one input: concatenate them (data movement).
  SmallVector<Value> parts;
  int64_t want = productOf(shape);
  for (size_t i = first; i < layer.operands.size(); ++i) {
    int producer = layer.operands[i];
    int64_t elements = producer >= 0 && static_cast<size_t>(producer) < index
                           ? productOf(shapeOfValue(outputs[producer]))
                           : want / static_cast<int64_t>(count);
    FailureOr<Value> part = operandValue(index, i, {elements});
    if (failed(part))
      return failure();
    parts.push_back(*part);
  }
  Value joined = builder.create<tensor::ConcatOp>(loc, 0, parts);
  return adapt(joined, shape);
}

Value Emitter::generic(ArrayRef<Value> inputs, ArrayRef<AffineMap> inputMaps,
                       ArrayRef<int64_t> outShape, VectorOp kind, BodyFn body) {
  unsigned rank = outShape.size();
  SmallVector<AffineMap> maps(inputMaps);
  maps.push_back(builder.getMultiDimIdentityMap(rank));
  SmallVector<utils::IteratorType> iterators(rank,
                                             utils::IteratorType::parallel);
  auto op = builder.create<linalg::GenericOp>(
      loc, TypeRange{tensorType(outShape)}, inputs, ValueRange{empty(outShape)},
      maps, iterators,
      [&](OpBuilder &nested, Location nestedLoc, ValueRange args) {
        Value out = body(nested, nestedLoc, args);
        nested.create<linalg::YieldOp>(nestedLoc, out);
      });
  tag(op, kind);
  return op.getResult(0);
}

/// Per-element work on x: unary ops, or x combined with per-channel
/// constants (channel = dim 1 of NCHW, else the last dim).
Value Emitter::emitPerElement(VectorOp kind, Value x, StringRef role) {
  ArrayRef<int64_t> shape = shapeOfValue(x);
  unsigned rank = shape.size();
  unsigned channelDim = rank == 4 ? 1 : rank - 1;
  AffineMap identity = builder.getMultiDimIdentityMap(rank);
  AffineMap channel =
      AffineMap::get(rank, 0, builder.getAffineDimExpr(channelDim), &context);
  auto c = [](OpBuilder &b, Location l, float v) -> Value {
    return b.create<arith::ConstantOp>(l, b.getF32FloatAttr(v));
  };
  auto hardSigmoid = [&](OpBuilder &b, Location l, Value v) -> Value {
    Value shifted = b.create<arith::AddFOp>(l, v, c(b, l, 3.0f));
    Value low = b.create<arith::MaximumFOp>(l, shifted, c(b, l, 0.0f));
    Value high = b.create<arith::MinimumFOp>(l, low, c(b, l, 6.0f));
    return b.create<arith::DivFOp>(l, high, c(b, l, 6.0f));
  };
  switch (kind) {
  case VectorOp::Bias:
  case VectorOp::Add:
  case VectorOp::Mul:
  case VectorOp::Div: {
    Value constant = constantTensor({shape[channelDim]}, role);
    return generic({x, constant}, {identity, channel}, shape, kind,
                   [&](OpBuilder &b, Location l, ValueRange a) -> Value {
                     if (kind == VectorOp::Mul)
                       return b.create<arith::MulFOp>(l, a[0], a[1]);
                     if (kind == VectorOp::Div)
                       return b.create<arith::DivFOp>(l, a[0], a[1]);
                     return b.create<arith::AddFOp>(l, a[0], a[1]);
                   });
  }
  case VectorOp::BatchNorm: {
    Value scale = constantTensor({shape[channelDim]}, (role + ".scale").str());
    Value shift = constantTensor({shape[channelDim]}, (role + ".shift").str());
    return generic({x, scale, shift}, {identity, channel, channel}, shape, kind,
                   [&](OpBuilder &b, Location l, ValueRange a) -> Value {
                     Value scaled = b.create<arith::MulFOp>(l, a[0], a[1]);
                     return b.create<arith::AddFOp>(l, scaled, a[2]);
                   });
  }
  default:
    break;
  }
  return generic(
      {x}, {identity}, shape, kind,
      [&](OpBuilder &b, Location l, ValueRange a) -> Value {
        Value v = a[0];
        switch (kind) {
        case VectorOp::Relu:
          return b.create<arith::MaximumFOp>(l, v, c(b, l, 0.0f));
        case VectorOp::HardSigmoid:
          return hardSigmoid(b, l, v);
        case VectorOp::HardSwish:
          return b.create<arith::MulFOp>(l, v, hardSigmoid(b, l, v));
        case VectorOp::Sigmoid: {
          Value negated = b.create<arith::NegFOp>(l, v);
          Value e = b.create<math::ExpOp>(l, negated);
          Value denominator = b.create<arith::AddFOp>(l, e, c(b, l, 1.0f));
          return b.create<arith::DivFOp>(l, c(b, l, 1.0f), denominator);
        }
        case VectorOp::Tanh:
          return b.create<math::TanhOp>(l, v);
        case VectorOp::Gelu: {
          // 0.5 * x * (1 + erf(x / sqrt(2)))
          Value scaled = b.create<arith::MulFOp>(
              l, v, c(b, l, static_cast<float>(M_SQRT1_2)));
          Value erf = b.create<math::ErfOp>(l, scaled);
          Value onePlus = b.create<arith::AddFOp>(l, erf, c(b, l, 1.0f));
          Value half = b.create<arith::MulFOp>(l, v, c(b, l, 0.5f));
          return b.create<arith::MulFOp>(l, half, onePlus);
        }
        case VectorOp::Exp:
          return b.create<math::ExpOp>(l, v);
        case VectorOp::Requantize: {
          // Symmetric int8 with a power-of-two scale of 1/16:
          // clamp(round(x * 16), -128, 127) / 16.
          Value scaled = b.create<arith::MulFOp>(l, v, c(b, l, 16.0f));
          Value rounded = b.create<math::RoundEvenOp>(l, scaled);
          Value low = b.create<arith::MaximumFOp>(l, rounded, c(b, l, -128.0f));
          Value high = b.create<arith::MinimumFOp>(l, low, c(b, l, 127.0f));
          return b.create<arith::DivFOp>(l, high, c(b, l, 16.0f));
        }
        default: // Copy
          return v;
        }
      });
}

LogicalResult Emitter::checkElements(size_t index, const VectorWork &work,
                                     int64_t emitted) {
  if (work.elements == emitted)
    return success();
  return error(index) << "vector work '" << stringifyVectorOp(work.op)
                      << "' has " << work.elements
                      << " elements but the tensor it works on has " << emitted;
}

/// Emits one piece of vector work reading x (and, for binary kinds, y).
FailureOr<Value> Emitter::emitWork(size_t index, VectorOp kind, Value x,
                                   Value y) {
  const Layer &layer = workload.layers[index];
  ArrayRef<int64_t> shape = shapeOfValue(x);
  switch (kind) {
  case VectorOp::GlobalAvgPool: {
    if (shape.size() != 4)
      return error(index) << "global_avg_pool needs an NCHW input";
    int64_t n = shape[0], c = shape[1];
    float inverse = 1.0f / float(shape[2] * shape[3]);
    AffineMap in = builder.getMultiDimIdentityMap(4);
    AffineMap out = AffineMap::get(
        4, 0, {builder.getAffineDimExpr(0), builder.getAffineDimExpr(1)},
        &context);
    auto op = builder.create<linalg::GenericOp>(
        loc, TypeRange{tensorType({n, c})}, ValueRange{x},
        ValueRange{filled({n, c}, 0.0f)}, ArrayRef<AffineMap>{in, out},
        ArrayRef<utils::IteratorType>{
            utils::IteratorType::parallel, utils::IteratorType::parallel,
            utils::IteratorType::reduction, utils::IteratorType::reduction},
        [&](OpBuilder &b, Location l, ValueRange a) {
          Value scaled = b.create<arith::MulFOp>(
              l, a[0],
              b.create<arith::ConstantOp>(l, b.getF32FloatAttr(inverse)));
          b.create<linalg::YieldOp>(
              l, Value(b.create<arith::AddFOp>(l, a[1], scaled)));
        });
    tag(op, kind);
    return reshape(op.getResult(0), {n, c, 1, 1});
  }
  case VectorOp::AvgPool:
  case VectorOp::MaxPool: {
    if (shape.size() != 4)
      return error(index) << stringifyVectorOp(kind) << " needs an NCHW input";
    bool isMax = kind == VectorOp::MaxPool;
    float padValue = isMax ? -std::numeric_limits<float>::infinity() : 0.0f;
    Value padded = padSpatial(x, layer, padValue);
    ArrayRef<int64_t> p = shapeOfValue(padded);
    int64_t outH =
        (p[2] - layer.dilationH * (layer.kernelH - 1) - 1) / layer.strideH + 1;
    int64_t outW =
        (p[3] - layer.dilation_w * (layer.kernel_w - 1) - 1) / layer.stride_w +
        1;
    if (outH < 1 || outW < 1)
      return error(index) << "the pooling window does not fit the input";
    SmallVector<int64_t> outShape{shape[0], shape[1], outH, outW};
    Value window = empty({layer.kernelH, layer.kernel_w});
    Value init = filled(outShape, padValue);
    auto strides = builder.getI64VectorAttr({layer.strideH, layer.stride_w});
    auto dilations =
        builder.getI64VectorAttr({layer.dilationH, layer.dilation_w});
    if (isMax) {
      auto op = builder.create<linalg::PoolingNchwMaxOp>(
          loc, TypeRange{tensorType(outShape)}, ValueRange{padded, window},
          ValueRange{init}, strides, dilations);
      tag(op, kind);
      return op->getResult(0);
    }
    // Average pooling as one op: sum of x / (kh * kw) over the window.
    AffineExpr d[6];
    for (unsigned i = 0; i < 6; ++i)
      d[i] = builder.getAffineDimExpr(i);
    AffineMap in = AffineMap::get(
        6, 0,
        {d[0], d[1], d[2] * layer.strideH + d[4] * layer.dilationH,
         d[3] * layer.stride_w + d[5] * layer.dilation_w},
        &context);
    AffineMap win = AffineMap::get(6, 0, {d[4], d[5]}, &context);
    AffineMap out = AffineMap::get(6, 0, {d[0], d[1], d[2], d[3]}, &context);
    float inverse = 1.0f / float(layer.kernelH * layer.kernel_w);
    auto par = utils::IteratorType::parallel;
    auto red = utils::IteratorType::reduction;
    auto op = builder.create<linalg::GenericOp>(
        loc, TypeRange{tensorType(outShape)}, ValueRange{padded, window},
        ValueRange{init}, ArrayRef<AffineMap>{in, win, out},
        ArrayRef<utils::IteratorType>{par, par, par, par, red, red},
        [&](OpBuilder &b, Location l, ValueRange a) {
          Value scaled = b.create<arith::MulFOp>(
              l, a[0],
              b.create<arith::ConstantOp>(l, b.getF32FloatAttr(inverse)));
          b.create<linalg::YieldOp>(
              l, Value(b.create<arith::AddFOp>(l, a[2], scaled)));
        });
    tag(op, kind);
    return op.getResult(0);
  }
  case VectorOp::Softmax: {
    auto op = builder.create<linalg::SoftmaxOp>(loc, TypeRange{x.getType()}, x,
                                                empty(shape), shape.size() - 1);
    tag(op, kind);
    return op->getResult(0);
  }
  case VectorOp::LayerNorm: {
    // Two ops, both tagged: row statistics, then normalize with gamma/beta.
    unsigned rank = shape.size();
    SmallVector<int64_t> rowShape(shape.drop_back());
    float inverse = 1.0f / float(shape.back());
    SmallVector<AffineExpr> rowExprs;
    for (unsigned i = 0; i + 1 < rank; ++i)
      rowExprs.push_back(builder.getAffineDimExpr(i));
    AffineMap identity = builder.getMultiDimIdentityMap(rank);
    AffineMap row = AffineMap::get(rank, 0, rowExprs, &context);
    AffineMap last =
        AffineMap::get(rank, 0, builder.getAffineDimExpr(rank - 1), &context);
    SmallVector<utils::IteratorType> iterators(rank,
                                               utils::IteratorType::parallel);
    iterators.back() = utils::IteratorType::reduction;
    auto stats = builder.create<linalg::GenericOp>(
        loc, TypeRange{tensorType(rowShape), tensorType(rowShape)},
        ValueRange{x},
        ValueRange{filled(rowShape, 0.0f), filled(rowShape, 0.0f)},
        ArrayRef<AffineMap>{identity, row, row}, iterators,
        [&](OpBuilder &b, Location l, ValueRange a) {
          Value inv =
              b.create<arith::ConstantOp>(l, b.getF32FloatAttr(inverse));
          Value scaled = b.create<arith::MulFOp>(l, a[0], inv);
          Value mean = b.create<arith::AddFOp>(l, a[1], scaled);
          Value square = b.create<arith::MulFOp>(l, scaled, a[0]);
          Value meanSquare = b.create<arith::AddFOp>(l, a[2], square);
          b.create<linalg::YieldOp>(l, ValueRange{mean, meanSquare});
        });
    tag(stats, kind);
    Value gamma = constantTensor({shape.back()}, "gamma");
    Value beta = constantTensor({shape.back()}, "beta");
    return generic(
        {x, stats.getResult(0), stats.getResult(1), gamma, beta},
        {identity, row, row, last, last}, shape, kind,
        [&](OpBuilder &b, Location l, ValueRange a) -> Value {
          Value centered = b.create<arith::SubFOp>(l, a[0], a[1]);
          Value meanSquared = b.create<arith::MulFOp>(l, a[1], a[1]);
          Value variance = b.create<arith::SubFOp>(l, a[2], meanSquared);
          Value eps = b.create<arith::ConstantOp>(l, b.getF32FloatAttr(1e-5f));
          Value inverseStd = b.create<math::RsqrtOp>(
              l, b.create<arith::AddFOp>(l, variance, eps));
          Value normalized = b.create<arith::MulFOp>(l, centered, inverseStd);
          Value scaled = b.create<arith::MulFOp>(l, normalized, a[3]);
          return b.create<arith::AddFOp>(l, scaled, a[4]);
        });
  }
  case VectorOp::Copy: {
    auto op = builder.create<linalg::CopyOp>(loc, x, empty(shape));
    tag(op, kind);
    return op->getResult(0);
  }
  default:
    break;
  }
  if (!y ||
      (kind != VectorOp::Add && kind != VectorOp::Mul && kind != VectorOp::Div))
    return emitPerElement(kind, x, stringifyVectorOp(kind));

  // Binary op on two computed tensors; y broadcasts over its size-1 dims.
  ArrayRef<int64_t> yShape = shapeOfValue(y);
  SmallVector<int64_t> kept;
  SmallVector<AffineExpr> exprs;
  for (unsigned i = 0; i < shape.size(); ++i) {
    if (yShape[i] == shape[i]) {
      kept.push_back(shape[i]);
      exprs.push_back(builder.getAffineDimExpr(i));
    }
  }
  Value broadcast = reshape(y, kept);
  AffineMap yMap = AffineMap::get(shape.size(), 0, exprs, &context);
  return generic({x, broadcast},
                 {builder.getMultiDimIdentityMap(shape.size()), yMap}, shape,
                 kind, [&](OpBuilder &b, Location l, ValueRange a) -> Value {
                   if (kind == VectorOp::Mul)
                     return b.create<arith::MulFOp>(l, a[0], a[1]);
                   if (kind == VectorOp::Div)
                     return b.create<arith::DivFOp>(l, a[0], a[1]);
                   return b.create<arith::AddFOp>(l, a[0], a[1]);
                 });
}

FailureOr<Value> Emitter::emitConv(size_t index) {
  const Layer &l = workload.layers[index];
  int64_t g = l.groups;
  bool positive = l.images > 0 && l.inChannels > 0 && l.outChannels > 0 &&
                  l.in_h > 0 && l.in_w > 0 && l.kernelH > 0 && l.kernel_w > 0 &&
                  l.strideH > 0 && l.stride_w > 0 && l.dilationH > 0 &&
                  l.dilation_w > 0 && g > 0 && l.batch == 1;
  if (!positive || l.inChannels % g || l.outChannels % g)
    return error(index) << "conv geometry must be positive, batch 1, and "
                           "groups must divide both channel counts";
  int64_t cg = l.inChannels / g, fg = l.outChannels / g;
  int64_t outH =
      (l.in_h + l.padTop + l.pad_bottom - l.dilationH * (l.kernelH - 1) - 1) /
          l.strideH +
      1;
  int64_t outW = (l.in_w + l.pad_left + l.pad_right -
                  l.dilation_w * (l.kernel_w - 1) - 1) /
                     l.stride_w +
                 1;
  if (outH != l.out_h || outW != l.out_w)
    return error(index) << "output " << l.out_h << "x" << l.out_w
                        << " does not follow from the input, kernel, stride, "
                           "dilation and padding (expected "
                        << outH << "x" << outW << ")";
  if (l.m != l.images * outH * outW || l.k != cg * l.kernelH * l.kernel_w ||
      l.n != fg)
    return error(index) << "M x K x N = " << l.m << " x " << l.k << " x " << l.n
                        << " does not match the conv geometry (expected "
                        << l.images * outH * outW << " x "
                        << cg * l.kernelH * l.kernel_w << " x " << fg << ")";
  FailureOr<Value> input =
      gatherInput(index, 0, {l.images, l.inChannels, l.in_h, l.in_w});
  if (failed(input))
    return failure();
  Value x = padSpatial(*input, l, 0.0f);
  auto strides = builder.getI64VectorAttr({l.strideH, l.stride_w});
  auto dilations = builder.getI64VectorAttr({l.dilationH, l.dilation_w});
  SmallVector<int64_t> outShape{l.images, l.outChannels, outH, outW};
  loc = NameLoc::get(builder.getStringAttr(currentName));
  if (g == 1) {
    Value filter =
        constantTensor({l.outChannels, cg, l.kernelH, l.kernel_w}, "weight");
    auto conv = builder.create<linalg::Conv2DNchwFchwOp>(
        loc, TypeRange{tensorType(outShape)}, ValueRange{x, filter},
        ValueRange{filled(outShape, 0.0f)}, strides, dilations);
    return conv->getResult(0);
  }
  if (g == l.inChannels && g == l.outChannels) {
    Value filter = constantTensor({g, l.kernelH, l.kernel_w}, "weight");
    auto conv = builder.create<linalg::DepthwiseConv2DNchwChwOp>(
        loc, TypeRange{tensorType(outShape)}, ValueRange{x, filter},
        ValueRange{filled(outShape, 0.0f)}, strides, dilations);
    return conv->getResult(0);
  }
  ArrayRef<int64_t> padded = shapeOfValue(x);
  SmallVector<ReassociationIndices> split{{0}, {1, 2}, {3}, {4}};
  Value grouped = builder.create<tensor::ExpandShapeOp>(
      loc, tensorType({l.images, g, cg, padded[2], padded[3]}), x, split);
  Value filter = constantTensor({g, fg, cg, l.kernelH, l.kernel_w}, "weight");
  SmallVector<int64_t> groupedOut{l.images, g, fg, outH, outW};
  auto conv = builder.create<linalg::Conv2DNgchwGfchwOp>(
      loc, TypeRange{tensorType(groupedOut)}, ValueRange{grouped, filter},
      ValueRange{filled(groupedOut, 0.0f)}, strides, dilations);
  return Value(
      builder.create<tensor::CollapseShapeOp>(loc, conv->getResult(0), split));
}

FailureOr<Value> Emitter::emitMatmul(size_t index) {
  const Layer &l = workload.layers[index];
  int64_t g = l.groups;
  if (l.m <= 0 || l.k <= 0 || l.n <= 0 || g <= 0 || l.batch != 1)
    return error(index) << "matmul needs positive M, K, N, groups and batch 1";
  if (l.outChannels != g * l.n || l.out_h != 1 || l.out_w != 1)
    return error(index) << "matmul output must be groups*N = " << g * l.n
                        << " channels at 1x1, found " << l.outChannels << " at "
                        << l.out_h << "x" << l.out_w;
  if (g == 1) {
    FailureOr<Value> a = gatherInput(index, 0, {l.m, l.k});
    if (failed(a))
      return failure();
    loc = NameLoc::get(builder.getStringAttr(currentName));
    Value b = constantTensor({l.k, l.n}, "weight");
    auto op = builder.create<linalg::MatmulOp>(
        loc, TypeRange{tensorType({l.m, l.n})}, ValueRange{*a, b},
        ValueRange{filled({l.m, l.n}, 0.0f)});
    return op->getResult(0);
  }
  FailureOr<Value> a = gatherInput(index, 0, {g, l.m, l.k});
  if (failed(a))
    return failure();
  loc = NameLoc::get(builder.getStringAttr(currentName));
  Value b = constantTensor({g, l.k, l.n}, "weight");
  auto op = builder.create<linalg::BatchMatmulOp>(
      loc, TypeRange{tensorType({g, l.m, l.n})}, ValueRange{*a, b},
      ValueRange{filled({g, l.m, l.n}, 0.0f)});
  return reshape(op->getResult(0), {l.m, g * l.n});
}

FailureOr<Value> Emitter::emitBatchMatmul(size_t index) {
  const Layer &l = workload.layers[index];
  int64_t h = l.batch;
  if (l.m <= 0 || l.k <= 0 || l.n <= 0 || h <= 0 || l.groups != 1)
    return error(index)
           << "batch_matmul needs positive M, K, N, batch and groups 1";
  if (l.outChannels != h * l.n || l.out_h != 1 || l.out_w != 1)
    return error(index) << "batch_matmul output must be batch*N = " << h * l.n
                        << " channels at 1x1, found " << l.outChannels << " at "
                        << l.out_h << "x" << l.out_w;
  FailureOr<Value> a = l.operands.empty()
                           ? FailureOr<Value>(splat({h, l.m, l.k}, 0.0f))
                           : operandValue(index, 0, {h, l.m, l.k});
  if (failed(a))
    return failure();
  // A single producer supplies both operands.
  FailureOr<Value> b = l.operands.size() == 1
                           ? operandValue(index, 0, {h, l.k, l.n})
                           : gatherInput(index, 1, {h, l.k, l.n});
  if (failed(b))
    return failure();
  loc = NameLoc::get(builder.getStringAttr(currentName));
  auto op = builder.create<linalg::BatchMatmulOp>(
      loc, TypeRange{tensorType({h, l.m, l.n})}, ValueRange{*a, *b},
      ValueRange{filled({h, l.m, l.n}, 0.0f)});
  // The layer's output is M rows of batch*N features.
  return reshape(op->getResult(0), {l.m, h * l.n});
}

FailureOr<Value> Emitter::emitVectorLayer(size_t index) {
  const Layer &l = workload.layers[index];
  if (l.vectorWork.empty())
    return error(index) << "a vector layer needs at least one vector work";
  VectorOp kind = l.vectorWork.front().op;
  bool hasProducer = !l.operands.empty() && l.operands[0] >= 0 &&
                     static_cast<size_t>(l.operands[0]) < index;
  bool inGeometry =
      l.images > 0 && l.inChannels > 0 && l.in_h > 0 && l.in_w > 0;
  bool outGeometry =
      l.images > 0 && l.outChannels > 0 && l.out_h > 0 && l.out_w > 0;

  SmallVector<int64_t> shape; // the shape the anchor op reads
  if (detail::isPoolingKind(kind)) {
    if (!inGeometry)
      return error(index) << stringifyVectorOp(kind)
                          << " needs the input geometry (images, "
                             "in_channels, in_h, in_w)";
    shape = {l.images, l.inChannels, l.in_h, l.in_w};
  } else if (outGeometry) {
    shape =
        detail::shapeOf(Geometry{l.images, l.outChannels, l.out_h, l.out_w});
  } else if (hasProducer) {
    ArrayRef<int64_t> produced = shapeOfValue(outputs[l.operands[0]]);
    shape.assign(produced.begin(), produced.end());
  } else if (inGeometry) {
    shape = detail::shapeOf(Geometry{l.images, l.inChannels, l.in_h, l.in_w});
  } else {
    shape = {l.vectorWork.front().elements};
  }
  // Keep the producer's own shape when it has the same geometry.
  if (hasProducer) {
    ArrayRef<int64_t> produced = shapeOfValue(outputs[l.operands[0]]);
    if (detail::geometryOf(produced) == detail::geometryOf(shape) &&
        produced.size() >= 2 &&
        (!detail::isPoolingKind(kind) || produced.size() == 4))
      shape.assign(produced.begin(), produced.end());
  }

  bool binary = (kind == VectorOp::Add || kind == VectorOp::Mul ||
                 kind == VectorOp::Div) &&
                l.operands.size() >= 2;
  FailureOr<Value> x =
      binary ? operandValue(index, 0, shape) : gatherInput(index, 0, shape);
  if (failed(x))
    return failure();
  Value y;
  if (binary) {
    // y keeps its producer's shape if it broadcasts against x (SE scale
    // [N, C, 1, 1] times [N, C, H, W]); else it is adapted to x's shape.
    SmallVector<int64_t> yShape(shape);
    int producer = l.operands[1];
    if (l.operands.size() == 2 && producer >= 0 &&
        static_cast<size_t>(producer) < index) {
      ArrayRef<int64_t> produced = shapeOfValue(outputs[producer]);
      SmallVector<int64_t> candidate(produced);
      while (candidate.size() < shape.size())
        candidate.push_back(1);
      bool broadcasts = candidate.size() == shape.size();
      for (size_t i = 0; broadcasts && i < shape.size(); ++i)
        broadcasts = candidate[i] == shape[i] || candidate[i] == 1;
      if (broadcasts)
        yShape = candidate;
    }
    FailureOr<Value> value = gatherInput(index, 1, yShape);
    if (failed(value))
      return failure();
    y = *value;
  } else if (kind == VectorOp::Add || kind == VectorOp::Mul ||
             kind == VectorOp::Div) {
    // One computed operand: the other is a learned tensor of the same shape
    // (a position embedding, a scale).
    y = constantTensor(shape, stringifyVectorOp(kind));
  }
  loc = NameLoc::get(builder.getStringAttr(currentName));
  int64_t inElements = productOf(shapeOfValue(*x));
  FailureOr<Value> current = emitWork(index, kind, *x, y);
  if (failed(current))
    return failure();
  int64_t firstElements = detail::isPoolingKind(kind)
                              ? inElements
                              : productOf(shapeOfValue(*current));
  if (failed(checkElements(index, l.vectorWork.front(), firstElements)))
    return failure();
  for (const VectorWork &work : llvm::drop_begin(l.vectorWork)) {
    int64_t before = productOf(shapeOfValue(*current));
    current = emitWork(index, work.op, *current, Value());
    if (failed(current))
      return failure();
    int64_t emitted = detail::isPoolingKind(work.op)
                          ? before
                          : productOf(shapeOfValue(*current));
    if (failed(checkElements(index, work, emitted)))
      return failure();
  }
  return current;
}

OwningOpRef<ModuleOp> Emitter::run() {
  loadWorkloadDialects(context);
  OwningOpRef<ModuleOp> module = ModuleOp::create(loc);
  builder.setInsertionPointToEnd(module->getBody());
  std::string name = options.functionName;
  if (name.empty())
    name = workload.name.empty() ? "workload" : workload.name;
  func =
      builder.create<func::FuncOp>(loc, name, builder.getFunctionType({}, {}));
  Block *entry = func.addEntryBlock();
  builder.setInsertionPointToEnd(entry);
  if (workload.layers.empty()) {
    emitError(loc) << "cannot emit workload '" << workload.name
                   << "': it has no layers";
    return nullptr;
  }

  std::vector<bool> consumed(workload.layers.size(), false);
  for (size_t i = 0; i < workload.layers.size(); ++i) {
    const Layer &layer = workload.layers[i];
    currentName = layer.name.empty() ? "layer" + std::to_string(i) : layer.name;
    loc = UnknownLoc::get(&context);
    for (int producer : layer.operands)
      if (producer >= 0 && static_cast<size_t>(producer) < i)
        consumed[producer] = true;
    FailureOr<Value> out;
    switch (layer.kind) {
    case LayerKind::Conv:
      out = emitConv(i);
      break;
    case LayerKind::Matmul:
      out = emitMatmul(i);
      break;
    case LayerKind::BatchMatmul:
      out = emitBatchMatmul(i);
      break;
    case LayerKind::Vector:
      out = emitVectorLayer(i);
      break;
    }
    if (failed(out))
      return nullptr;
    if (layer.isGemm()) {
      for (const VectorWork &work : layer.vectorWork) {
        int64_t before = productOf(shapeOfValue(*out));
        out = emitWork(i, work.op, *out, Value());
        if (failed(out))
          return nullptr;
        int64_t emitted = detail::isPoolingKind(work.op)
                              ? before
                              : productOf(shapeOfValue(*out));
        if (failed(checkElements(i, work, emitted)))
          return nullptr;
      }
    }
    outputs.push_back(*out);
  }

  SmallVector<Value> results;
  for (size_t i = 0; i < outputs.size(); ++i)
    if (!consumed[i])
      results.push_back(outputs[i]);
  loc = UnknownLoc::get(&context);
  builder.create<func::ReturnOp>(loc, results);
  func.setType(builder.getFunctionType(entry->getArgumentTypes(),
                                       ValueRange(results).getTypes()));
  return module;
}

} // namespace

OwningOpRef<ModuleOp> emitWorkloadModule(const Workload &workload,
                                         MLIRContext &context,
                                         const EmitOptions &options) {
  return Emitter(workload, context, options).run();
}

} // namespace cim
