//===- Builders.cpp - Node access, constants and IR building blocks -------===//
//
// What every lowering uses: the current node's inputs, attributes and
// outputs, element types, constants, the cim.vector_op tag, and the linalg /
// tensor ops the lowerings are made of.
//
//===----------------------------------------------------------------------===//

#include "ImporterInternals.h"

#include "cim/Support/Error.h"
#include "cim/WorkloadIR/WorkloadIR.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Dialect/Utils/ReshapeOpsUtils.h"
#include "mlir/IR/AsmState.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/DialectResourceBlobManager.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/Support/FormatVariadic.h"

using namespace mlir;
using namespace cim;
using namespace cim::onnx_import;
using llvm::formatv;

//===----------------------------------------------------------------------===//
// Free helpers
//===----------------------------------------------------------------------===//

std::string cim::onnx_import::shapeString(ArrayRef<int64_t> shape) {
  std::string s = "[";
  for (auto [i, d] : llvm::enumerate(shape)) {
    if (i)
      s += ",";
    s += std::to_string(d);
  }
  return s + "]";
}

std::string cim::onnx_import::sanitizeIdentifier(StringRef name,
                                                 StringRef fallback) {
  std::string out;
  for (char c : name)
    out += (llvm::isAlnum(c) || c == '_') ? c : '_';
  if (out.empty())
    return fallback.str();
  if (llvm::isDigit(out[0]))
    out = "_" + out;
  return out;
}

std::optional<SmallVector<int64_t>>
cim::onnx_import::broadcastShapes(ArrayRef<int64_t> a, ArrayRef<int64_t> b) {
  size_t rank = std::max(a.size(), b.size());
  SmallVector<int64_t> out(rank, 1);
  for (size_t i = 0; i < rank; ++i) {
    int64_t da = i < rank - a.size() ? 1 : a[i - (rank - a.size())];
    int64_t db = i < rank - b.size() ? 1 : b[i - (rank - b.size())];
    if (da != db && da != 1 && db != 1)
      return std::nullopt;
    out[i] = da == 1 ? db : da;
  }
  return out;
}

std::function<int64_t(int64_t)>
cim::onnx_import::broadcastSource(ArrayRef<int64_t> out, ArrayRef<int64_t> in) {
  SmallVector<int64_t> outShape(out.begin(), out.end());
  SmallVector<int64_t> outStrides = stridesOf(out);
  SmallVector<int64_t> inStrides(out.size(), 0);
  SmallVector<int64_t> inOwnStrides = stridesOf(in);
  size_t offset = out.size() - in.size();
  for (size_t i = 0; i < in.size(); ++i)
    inStrides[offset + i] = in[i] == 1 ? 0 : inOwnStrides[i];
  return [outShape, outStrides, inStrides](int64_t flat) {
    int64_t src = 0;
    for (size_t d = 0; d < outShape.size(); ++d)
      src += ((flat / outStrides[d]) % outShape[d]) * inStrides[d];
    return src;
  };
}

bool cim::onnx_import::isUnsignedDType(int32_t dtype) {
  return dtype == kUInt8 || dtype == kUInt16 || dtype == kUInt32 ||
         dtype == kUInt64 || dtype == kBool;
}

int64_t cim::onnx_import::normalizeAxis(int64_t axis, int64_t rank) {
  return axis < 0 ? axis + rank : axis;
}

//===----------------------------------------------------------------------===//
// The current node
//===----------------------------------------------------------------------===//

Error OnnxGraphImporter::nodeError(const Twine &msg) const {
  return makeError("node '" + nodeName + "' (" + node->op_type() + "): " + msg);
}

Expected<ValueEntry *> OnnxGraphImporter::inputEntry(int i) {
  auto it = values.find(node->input(i));
  if (it == values.end())
    return nodeError("input '" + node->input(i) +
                     "' is not defined by an earlier node, an initializer "
                     "or a graph input");
  return &it->second;
}

Expected<Value> OnnxGraphImporter::input(int i) {
  if (!hasInput(i))
    return nodeError(formatv("missing input {0}", i));
  auto entry = inputEntry(i);
  if (!entry)
    return entry.takeError();
  return materialize(node->input(i), **entry);
}

Error OnnxGraphImporter::getInputs(ArrayRef<Value *> inputs) {
  for (auto [i, value] : llvm::enumerate(inputs)) {
    auto v = input(i);
    if (!v)
      return v.takeError();
    *value = *v;
  }
  return Error::success();
}

Expected<Value> OnnxGraphImporter::floatInput() {
  if (auto err = requireFloatInput())
    return std::move(err);
  return input(0);
}

Expected<std::pair<Value, ConstTensorPtr>>
OnnxGraphImporter::inputAndConstant(StringRef what) {
  auto x = input(0);
  if (!x)
    return x.takeError();
  auto c = requireConstInput(1, what);
  if (!c)
    return c.takeError();
  return std::make_pair(*x, *c);
}

ConstTensorPtr OnnxGraphImporter::constInput(int i) {
  if (!hasInput(i))
    return nullptr;
  auto it = values.find(node->input(i));
  return it == values.end() ? nullptr : it->second.constant;
}

Expected<ConstTensorPtr> OnnxGraphImporter::requireConstInput(int i,
                                                              StringRef what) {
  if (!hasInput(i))
    return nodeError(formatv("missing input {0} ({1})", i, what));
  ConstTensorPtr c = constInput(i);
  if (!c) {
    if (auto e = inputEntry(i); !e)
      return e.takeError();
    return nodeError("input " + Twine(i) + " (" + what + ", '" +
                     node->input(i) +
                     "') must be a constant known at import time");
  }
  if (!isFoldableDType(c->dtype()))
    return nodeError("input " + Twine(i) + " (" + what +
                     ") has unsupported element type " + dtypeName(c->dtype()));
  return c;
}

Expected<SmallVector<int64_t>> OnnxGraphImporter::inputShape(int i) {
  if (!hasInput(i))
    return nodeError(formatv("missing input {0}", i));
  auto entry = inputEntry(i);
  if (!entry)
    return entry.takeError();
  if ((*entry)->constant)
    return SmallVector<int64_t>((*entry)->constant->shape());
  return shapeOf((*entry)->value);
}

int32_t OnnxGraphImporter::inputDType(int i) {
  auto it = values.find(node->input(i));
  return it == values.end() ? kFloat : it->second.dtype;
}

Error OnnxGraphImporter::requireFloatInput() {
  if (hasInput(0) && !isFloatDType(inputDType(0)))
    return nodeError("expects a floating-point input, got " +
                     dtypeName(inputDType(0)));
  return Error::success();
}

Error OnnxGraphImporter::requireSameDType(ArrayRef<int> inputs) {
  for (int i : inputs)
    if (hasInput(i) && inputDType(i) != inputDType(inputs.front()))
      return nodeError("input " + Twine(i) + " has element type " +
                       dtypeName(inputDType(i)) + " but input " +
                       Twine(inputs.front()) + " has " +
                       dtypeName(inputDType(inputs.front())));
  return Error::success();
}

const onnx::AttributeProto *OnnxGraphImporter::attr(StringRef name) const {
  for (const onnx::AttributeProto &a : node->attribute())
    if (a.name() == name)
      return &a;
  return nullptr;
}

int64_t OnnxGraphImporter::attrInt(StringRef name, int64_t dflt) const {
  const onnx::AttributeProto *a = attr(name);
  return a ? a->i() : dflt;
}

float OnnxGraphImporter::attrFloat(StringRef name, float dflt) const {
  const onnx::AttributeProto *a = attr(name);
  return a ? a->f() : dflt;
}

std::optional<SmallVector<int64_t>>
OnnxGraphImporter::attrInts(StringRef name) const {
  const onnx::AttributeProto *a = attr(name);
  if (!a)
    return std::nullopt;
  return SmallVector<int64_t>(a->ints().begin(), a->ints().end());
}

Expected<int64_t> OnnxGraphImporter::axisAttr(StringRef name, int64_t dflt,
                                              int64_t rank) {
  int64_t axis = normalizeAxis(attrInt(name, dflt), rank);
  if (axis < 0 || axis >= rank)
    return nodeError(name + " out of range");
  return axis;
}

Error OnnxGraphImporter::setOutput(int i, Value value, int32_t dtype,
                                   bool fromContraction) {
  if (!hasOutput(i))
    return Error::success();
  if (auto problem = tensorSizeProblem(shapeOf(value), kMaxTensorElements))
    return nodeError("output '" + node->output(i) + "' " + *problem);
  if (auto err = checkInferredShape(node->output(i), shapeOf(value)))
    return err;
  ValueEntry entry;
  entry.value = value;
  entry.dtype = dtype;
  entry.fromContraction = fromContraction;
  values[node->output(i)] = entry;
  return Error::success();
}

Error OnnxGraphImporter::setOutputConst(int i, ConstTensorPtr constant) {
  if (!hasOutput(i))
    return Error::success();
  if (auto err = checkInferredShape(node->output(i), constant->shape()))
    return err;
  ValueEntry entry;
  entry.constant = constant;
  entry.dtype = constant->dtype();
  values[node->output(i)] = entry;
  return Error::success();
}

Error OnnxGraphImporter::checkInferredShape(StringRef name,
                                            ArrayRef<int64_t> shape) {
  auto it = inferredTypes.find(name);
  if (it == inferredTypes.end() || !it->second->has_tensor_type() ||
      !it->second->tensor_type().has_shape())
    return Error::success();
  const onnx::TensorShapeProto &inferred = it->second->tensor_type().shape();
  SmallVector<int64_t> known;
  for (const auto &dim : inferred.dim()) {
    if (!dim.has_dim_value())
      return Error::success(); // symbolic: nothing to compare against
    known.push_back(dim.dim_value());
  }
  if (known != SmallVector<int64_t>(shape))
    return nodeError("output '" + name + "' has shape " + shapeString(shape) +
                     " here but ONNX shape inference says " +
                     shapeString(known));
  return Error::success();
}

//===----------------------------------------------------------------------===//
// Types and constants
//===----------------------------------------------------------------------===//

Type OnnxGraphImporter::elementTypeFor(int32_t dtype) const {
  MLIRContext *ctx = &context;
  switch (dtype) {
  case kFloat:
    return Float32Type::get(ctx);
  case kDouble:
    return Float64Type::get(ctx);
  case kFloat16:
    return Float16Type::get(ctx);
  case kBool:
    return IntegerType::get(ctx, 1);
  default:
    return IntegerType::get(ctx, 8 * dtypeByteSize(dtype));
  }
}

RankedTensorType OnnxGraphImporter::tensorType(ArrayRef<int64_t> shape,
                                               int32_t dtype) const {
  return RankedTensorType::get(shape, elementTypeFor(dtype));
}

Value OnnxGraphImporter::scalarConstant(OpBuilder &b, Location l, Type type,
                                        double v) const {
  if (auto ft = dyn_cast<FloatType>(type))
    return b.create<arith::ConstantOp>(l, b.getFloatAttr(ft, v));
  return b.create<arith::ConstantOp>(
      l, b.getIntegerAttr(type, static_cast<int64_t>(v)));
}

/// Scalars and small shape-like constants stay readable as dense<...>.
static DenseElementsAttr denseElements(RankedTensorType type,
                                       const ConstTensor &c) {
  if (isFloatDType(c.dtype())) {
    SmallVector<APFloat> vals;
    for (int64_t i = 0; i < c.numElements(); ++i) {
      APFloat f(c.getDouble(i));
      bool lost;
      f.convert(cast<FloatType>(type.getElementType()).getFloatSemantics(),
                APFloat::rmNearestTiesToEven, &lost);
      vals.push_back(f);
    }
    return DenseElementsAttr::get(type, vals);
  }
  unsigned width = type.getElementType().getIntOrFloatBitWidth();
  SmallVector<APInt> vals;
  for (int64_t i = 0; i < c.numElements(); ++i)
    vals.push_back(APInt(width, static_cast<uint64_t>(c.getInt(i)),
                         /*isSigned=*/true));
  return DenseElementsAttr::get(type, vals);
}

Value OnnxGraphImporter::materialize(StringRef name, ValueEntry &entry) {
  if (entry.value)
    return entry.value;
  const ConstTensor &c = *entry.constant;
  RankedTensorType type = tensorType(c.shape(), c.dtype());
  Location constLoc = NameLoc::get(builder.getStringAttr(name));
  ElementsAttr attr;
  if (isFoldableDType(c.dtype()) &&
      (c.numElements() <= 16 || c.dtype() == kBool)) {
    attr = denseElements(type, c);
  } else {
    std::string key = sanitizeIdentifier(name, "weight");
    if (options.elideWeights) {
      auto &manager =
          DenseResourceElementsHandle::getManagerInterface(&context);
      attr = DenseResourceElementsAttr::get(type, manager.insert(key));
    } else {
      size_t align = std::max<size_t>(dtypeByteSize(c.dtype()), 1);
      ArrayRef<char> bytes = c.bytes();
      bool aligned = reinterpret_cast<uintptr_t>(bytes.data()) % align == 0;
      // Weights borrowed from the ModelProto keep it alive through the
      // blob's deleter (no copy of ~100s of MB); owned or misaligned data
      // is copied.
      AsmResourceBlob blob =
          (!c.ownsStorage() && aligned)
              ? AsmResourceBlob(
                    bytes, align,
                    [keep = modelOwner](void *, size_t, size_t) {},
                    /*dataIsMutable=*/false)
              : HeapAsmResourceBlob::allocateAndCopyWithAlign(bytes, align);
      attr = DenseResourceElementsAttr::get(type, key, std::move(blob));
    }
  }
  entry.value =
      builder.create<arith::ConstantOp>(constLoc, type, cast<TypedAttr>(attr));
  return entry.value;
}

Value OnnxGraphImporter::materializeConstant(StringRef name, ConstTensorPtr c) {
  ValueEntry entry;
  entry.constant = std::move(c);
  entry.dtype = entry.constant->dtype();
  return materialize(name, entry);
}

//===----------------------------------------------------------------------===//
// IR building blocks
//===----------------------------------------------------------------------===//

Value OnnxGraphImporter::emptyTensor(ArrayRef<int64_t> shape,
                                     Type elementType) {
  return builder.create<tensor::EmptyOp>(loc, shape, elementType);
}

Value OnnxGraphImporter::filledTensor(ArrayRef<int64_t> shape, Type elementType,
                                      double value) {
  Value empty = emptyTensor(shape, elementType);
  Value scalar = scalarConstant(builder, loc, elementType, value);
  return builder.create<linalg::FillOp>(loc, scalar, empty).getResult(0);
}

Value OnnxGraphImporter::buildGeneric(VectorOp kind, ArrayRef<Value> inputs,
                                      ArrayRef<int64_t> iterShape,
                                      ArrayRef<bool> reduced, Type elementType,
                                      double init, BodyFn body) {
  int64_t rank = iterShape.size();
  bool anyReduced = llvm::any_of(reduced, [](bool r) { return r; });
  SmallVector<AffineMap> maps;
  for (Value in : inputs) {
    SmallVector<int64_t> shape = shapeOf(in);
    SmallVector<AffineExpr> exprs;
    int64_t offset = rank - static_cast<int64_t>(shape.size());
    for (auto [j, d] : llvm::enumerate(shape)) {
      int64_t dim = offset + static_cast<int64_t>(j);
      exprs.push_back(d == 1 && iterShape[dim] != 1
                          ? getAffineConstantExpr(0, &context)
                          : getAffineDimExpr(dim, &context));
    }
    maps.push_back(AffineMap::get(rank, 0, exprs, &context));
  }
  SmallVector<int64_t> outShape(iterShape.begin(), iterShape.end());
  SmallVector<AffineExpr> outExprs;
  SmallVector<utils::IteratorType> iterators;
  for (int64_t d = 0; d < rank; ++d) {
    bool r = anyReduced && reduced[d];
    if (r)
      outShape[d] = 1;
    outExprs.push_back(r ? getAffineConstantExpr(0, &context)
                         : getAffineDimExpr(d, &context));
    iterators.push_back(r ? utils::IteratorType::reduction
                          : utils::IteratorType::parallel);
  }
  maps.push_back(AffineMap::get(rank, 0, outExprs, &context));
  Value init0 = anyReduced ? filledTensor(outShape, elementType, init)
                           : emptyTensor(outShape, elementType);
  auto generic = builder.create<linalg::GenericOp>(
      loc, TypeRange{init0.getType()}, inputs, ValueRange{init0}, maps,
      iterators, [&](OpBuilder &b, Location l, ValueRange args) {
        Value result = body(b, l, anyReduced ? args : args.drop_back());
        b.create<linalg::YieldOp>(l, result);
      });
  setVectorOpTag(generic, kind);
  return generic.getResult(0);
}

Value OnnxGraphImporter::buildMean(VectorOp kind, Value x,
                                   ArrayRef<bool> reduced) {
  SmallVector<int64_t> shape = shapeOf(x);
  int64_t count = 1;
  for (auto [d, r] : llvm::zip(shape, reduced))
    if (r)
      count *= d;
  double inverse = 1.0 / static_cast<double>(count);
  Type et = elementTypeOf(x);
  return buildGeneric(
      kind, {x}, shape, reduced, et, 0.0,
      [&](OpBuilder &b, Location l, ValueRange a) {
        Value scaled =
            b.create<arith::MulFOp>(l, a[0], scalarConstant(b, l, et, inverse));
        return b.create<arith::AddFOp>(l, a[1], scaled).getResult();
      });
}

Value OnnxGraphImporter::reshape(Value v, ArrayRef<int64_t> shape) {
  auto srcType = cast<RankedTensorType>(v.getType());
  if (srcType.getShape() == shape)
    return v;
  auto dstType = RankedTensorType::get(shape, srcType.getElementType());
  if (dstType.getRank() == 0)
    return builder.create<tensor::CollapseShapeOp>(
        loc, dstType, v, ArrayRef<ReassociationIndices>{});
  if (srcType.getRank() == 0)
    return builder.create<tensor::ExpandShapeOp>(
        loc, dstType, v, ArrayRef<ReassociationIndices>{});
  if (srcType.getRank() != dstType.getRank()) {
    if (auto reassoc = getReassociationIndicesForReshape(srcType, dstType)) {
      if (srcType.getRank() > dstType.getRank())
        return builder.create<tensor::CollapseShapeOp>(loc, dstType, v,
                                                       *reassoc);
      return builder.create<tensor::ExpandShapeOp>(loc, dstType, v, *reassoc);
    }
  }
  // No single collapse/expand exists: go through the flat vector.
  int64_t n = srcType.getNumElements();
  Value flat = v;
  if (srcType.getRank() != 1) {
    ReassociationIndices all;
    for (int64_t i = 0; i < srcType.getRank(); ++i)
      all.push_back(i);
    flat = builder.create<tensor::CollapseShapeOp>(
        loc, RankedTensorType::get({n}, srcType.getElementType()), v,
        ArrayRef<ReassociationIndices>{all});
  }
  if (dstType.getRank() == 1)
    return flat;
  ReassociationIndices all;
  for (int64_t i = 0; i < dstType.getRank(); ++i)
    all.push_back(i);
  return builder.create<tensor::ExpandShapeOp>(
      loc, dstType, flat, ArrayRef<ReassociationIndices>{all});
}

Value OnnxGraphImporter::transpose(Value v, ArrayRef<int64_t> perm) {
  SmallVector<int64_t> shape = shapeOf(v);
  SmallVector<int64_t> outShape;
  for (int64_t p : perm)
    outShape.push_back(shape[p]);
  // Moving only size-1 dims moves no data: that is a reshape.
  SmallVector<int64_t> order;
  for (int64_t p : perm)
    if (shape[p] != 1)
      order.push_back(p);
  if (llvm::is_sorted(order))
    return reshape(v, outShape);
  Value init = emptyTensor(outShape, elementTypeOf(v));
  auto op = builder.create<linalg::TransposeOp>(loc, v, init, perm);
  setVectorOpTag(op, VectorOp::Copy);
  return op->getResult(0);
}

Value OnnxGraphImporter::extractSlice(Value v, ArrayRef<int64_t> offsets,
                                      ArrayRef<int64_t> sizes,
                                      ArrayRef<int64_t> strides) {
  SmallVector<int64_t> shape = shapeOf(v);
  if (llvm::all_of(offsets, [](int64_t o) { return o == 0; }) &&
      SmallVector<int64_t>(sizes) == shape &&
      llvm::all_of(strides, [](int64_t s) { return s == 1; }))
    return v;
  auto fold = [&](ArrayRef<int64_t> xs) {
    SmallVector<OpFoldResult> r;
    for (int64_t x : xs)
      r.push_back(builder.getIndexAttr(x));
    return r;
  };
  return builder.create<tensor::ExtractSliceOp>(loc, v, fold(offsets),
                                                fold(sizes), fold(strides));
}

Value OnnxGraphImporter::sliceAlong(Value v, int64_t axis, int64_t offset,
                                    int64_t size) {
  SmallVector<int64_t> extent = shapeOf(v);
  int64_t rank = extent.size();
  SmallVector<int64_t> offsets(rank, 0), steps(rank, 1);
  offsets[axis] = offset;
  extent[axis] = size;
  return extractSlice(v, offsets, extent, steps);
}

Value OnnxGraphImporter::pad(Value v, ArrayRef<int64_t> low,
                             ArrayRef<int64_t> high, double padValue) {
  if (llvm::all_of(low, [](int64_t p) { return p == 0; }) &&
      llvm::all_of(high, [](int64_t p) { return p == 0; }))
    return v;
  auto type = cast<RankedTensorType>(v.getType());
  SmallVector<int64_t> shape(type.getShape());
  SmallVector<OpFoldResult> lowOfr, highOfr;
  for (size_t i = 0; i < shape.size(); ++i) {
    shape[i] += low[i] + high[i];
    lowOfr.push_back(builder.getIndexAttr(low[i]));
    highOfr.push_back(builder.getIndexAttr(high[i]));
  }
  Value padScalar =
      scalarConstant(builder, loc, type.getElementType(), padValue);
  return builder.create<tensor::PadOp>(
      loc, RankedTensorType::get(shape, type.getElementType()), v, lowOfr,
      highOfr, padScalar);
}

Value OnnxGraphImporter::broadcastTo(Value v, ArrayRef<int64_t> shape) {
  if (shapeOf(v) == SmallVector<int64_t>(shape))
    return v;
  return buildGeneric(
      VectorOp::Copy, {v}, shape, {}, elementTypeOf(v), 0,
      [](OpBuilder &, Location, ValueRange args) { return args[0]; });
}

Expected<Window2d> OnnxGraphImporter::resolveWindow(ArrayRef<int64_t> inHW,
                                                    ArrayRef<int64_t> kernel) {
  Window2d w;
  const onnx::AttributeProto *autoPadAttr = attr("auto_pad");
  std::string autoPad = autoPadAttr ? autoPadAttr->s() : "NOTSET";
  int64_t ceilMode = attrInt("ceil_mode", 0);
  SmallVector<int64_t> strides =
      attrInts("strides").value_or(SmallVector<int64_t>{1, 1});
  SmallVector<int64_t> dilations =
      attrInts("dilations").value_or(SmallVector<int64_t>{1, 1});
  SmallVector<int64_t> pads =
      attrInts("pads").value_or(SmallVector<int64_t>{0, 0, 0, 0});
  if (strides.size() != 2 || dilations.size() != 2 || pads.size() != 4)
    return nodeError(
        "expects 2 strides, 2 dilations and 4 pads for a 2-D window");
  for (int i = 0; i < 2; ++i) {
    w.kernel[i] = kernel[i];
    w.stride[i] = strides[i];
    w.dilation[i] = dilations[i];
    if (strides[i] <= 0 || dilations[i] <= 0 || kernel[i] <= 0)
      return nodeError("strides, dilations and kernel sizes must be positive");
    int64_t effective = (kernel[i] - 1) * dilations[i] + 1;
    int64_t in = inHW[i];
    if (autoPad == "SAME_UPPER" || autoPad == "SAME_LOWER") {
      int64_t out = (in + strides[i] - 1) / strides[i];
      int64_t total =
          std::max<int64_t>((out - 1) * strides[i] + effective - in, 0);
      int64_t small = total / 2, large = total - small;
      w.padLow[i] = autoPad == "SAME_UPPER" ? small : large;
      w.padHigh[i] = autoPad == "SAME_UPPER" ? large : small;
    } else if (autoPad == "VALID") {
      w.padLow[i] = w.padHigh[i] = 0;
    } else if (autoPad == "NOTSET") {
      w.padLow[i] = pads[i];
      w.padHigh[i] = pads[i + 2];
    } else {
      return nodeError("unknown auto_pad '" + autoPad + "'");
    }
    int64_t span = in + w.padLow[i] + w.padHigh[i] - effective;
    if (span < 0)
      return nodeError("window " + Twine(effective) +
                       " is larger than the padded input " +
                       Twine(in + w.padLow[i] + w.padHigh[i]));
    int64_t out = ceilMode ? (span + strides[i] - 1) / strides[i] + 1
                           : span / strides[i] + 1;
    // The last window must start inside the input or the low padding.
    if (ceilMode && (out - 1) * strides[i] >= in + w.padLow[i])
      --out;
    w.out[i] = out;
    w.extraHigh[i] = std::max<int64_t>((out - 1) * strides[i] + effective -
                                           (in + w.padLow[i] + w.padHigh[i]),
                                       0);
  }
  return w;
}
