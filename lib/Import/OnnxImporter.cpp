//===- OnnxImporter.cpp - ONNX model -> workload IR (linalg on tensors) ---===//
//
// Walks the (topologically sorted) ONNX graph once. Every ONNX value is
// either a constant known at import time (initializers, Constant nodes,
// folded shape sub-graphs) or an SSA value; constants become arith.constant
// ops only where a lowered op consumes them. Output shapes are computed here
// and cross-checked against ONNX's shape inference where it has them.
//
//===----------------------------------------------------------------------===//

#include "cim/Import/OnnxImporter.h"

#include "ConstTensor.h"
#include "OnnxModelChecks.h"

#include "onnx/onnx_pb.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Dialect/Utils/ReshapeOpsUtils.h"
#include "mlir/IR/AsmState.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/BuiltinDialect.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/DialectResourceBlobManager.h"
#include "mlir/IR/Verifier.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/Support/FormatVariadic.h"

#include <cmath>
#include <cstring>
#include <functional>
#include <limits>
#include <optional>

using namespace mlir;
using namespace cim;
using namespace cim::onnx_import;
using llvm::Error;
using llvm::Expected;
using llvm::formatv;
using llvm::SmallVector;
using llvm::StringRef;
using llvm::Twine;

//===----------------------------------------------------------------------===//
// Small helpers
//===----------------------------------------------------------------------===//

static Error makeError(const Twine &msg) {
  return llvm::createStringError(llvm::inconvertibleErrorCode(), msg);
}

static std::string shapeString(ArrayRef<int64_t> shape) {
  std::string s = "[";
  for (auto [i, d] : llvm::enumerate(shape)) {
    if (i)
      s += ",";
    s += std::to_string(d);
  }
  return s + "]";
}

/// Identifier-safe spelling: [A-Za-z0-9_], not starting with a digit.
static std::string sanitizeIdentifier(StringRef name, StringRef fallback) {
  std::string out;
  for (char c : name)
    out += (llvm::isAlnum(c) || c == '_') ? c : '_';
  if (out.empty())
    return fallback.str();
  if (llvm::isDigit(out[0]))
    out = "_" + out;
  return out;
}

/// numpy-style broadcast of two shapes; nullopt when incompatible.
static std::optional<SmallVector<int64_t>>
broadcastShapes(ArrayRef<int64_t> a, ArrayRef<int64_t> b) {
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

/// Flat index in a tensor of shape `in` (right-aligned, broadcast) for each
/// flat index of `out`.
static std::function<int64_t(int64_t)> broadcastSource(ArrayRef<int64_t> out,
                                                       ArrayRef<int64_t> in) {
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

static bool isUnsignedDType(int32_t dtype) {
  return dtype == kUInt8 || dtype == kUInt16 || dtype == kUInt32 ||
         dtype == kUInt64 || dtype == kBool;
}

static int64_t normalizeAxis(int64_t axis, int64_t rank) {
  return axis < 0 ? axis + rank : axis;
}

//===----------------------------------------------------------------------===//
// The importer
//===----------------------------------------------------------------------===//

namespace {

struct ValueEntry {
  Value value;
  ConstTensorPtr constant;
  int32_t dtype = kFloat;
  /// Produced by a Conv/Gemm/MatMul lowering: a following Add of a
  /// per-channel constant is that layer's bias.
  bool fromContraction = false;
};

/// One operand of an element-wise op: a tensor, or a scalar constant that is
/// folded into the op's body.
struct ElementwiseOperand {
  Value tensor;
  std::optional<double> scalar;
  SmallVector<int64_t> shape;
};

using BodyFn = llvm::function_ref<Value(OpBuilder &, Location, ValueRange)>;

class OnnxGraphImporter {
public:
  OnnxGraphImporter(MLIRContext &context,
                    std::shared_ptr<const onnx::ModelProto> model,
                    StringRef bufferName, const OnnxImportOptions &options,
                    int64_t opset)
      : context(context), builder(&context), modelOwner(model), model(*model),
        bufferName(bufferName.str()), options(options), opset(opset),
        loc(UnknownLoc::get(&context)) {}

  Expected<OwningOpRef<ModuleOp>> run();
  static bool supportsOp(StringRef opType) {
    return handlers().count(opType) != 0;
  }

private:
  using Handler = Error (OnnxGraphImporter::*)();
  static const llvm::StringMap<Handler> &handlers();
  static const llvm::StringSet<> &foldableOps();

  // Diagnostics.
  Error nodeError(const Twine &msg) const;

  // Node inputs, outputs, attributes.
  bool hasInput(int i) const {
    return i < node->input_size() && !node->input(i).empty();
  }
  bool hasOutput(int i) const {
    return i < node->output_size() && !node->output(i).empty();
  }
  Expected<ValueEntry *> inputEntry(int i);
  Expected<Value> input(int i);
  ConstTensorPtr constInput(int i);
  Expected<ConstTensorPtr> requireConstInput(int i, StringRef what);
  Expected<SmallVector<int64_t>> inputShape(int i);
  int32_t inputDType(int i);
  const onnx::AttributeProto *attr(StringRef name) const;
  int64_t attrInt(StringRef name, int64_t dflt) const;
  float attrFloat(StringRef name, float dflt) const;
  std::optional<SmallVector<int64_t>> attrInts(StringRef name) const;
  Error requireSameDType(ArrayRef<int> inputs);
  Error requireFloatInput();
  Error setOutput(int i, Value value, int32_t dtype,
                  bool fromContraction = false);
  Error setOutputConst(int i, ConstTensorPtr constant);

  // Types and constants.
  Type elementTypeFor(int32_t dtype) const;
  RankedTensorType tensorType(ArrayRef<int64_t> shape, int32_t dtype) const;
  static SmallVector<int64_t> shapeOf(Value v) {
    return SmallVector<int64_t>(cast<RankedTensorType>(v.getType()).getShape());
  }
  Value materialize(StringRef name, ValueEntry &entry);
  Value scalarConstant(OpBuilder &b, Location l, Type type, double v) const;

  // IR building blocks.
  Value emptyTensor(ArrayRef<int64_t> shape, Type elementType);
  Value filledTensor(ArrayRef<int64_t> shape, Type elementType, double value);
  void tag(Operation *op, StringRef kind);
  Value buildGeneric(StringRef kind, ArrayRef<Value> inputs,
                     ArrayRef<int64_t> iterShape, ArrayRef<bool> reduced,
                     Type elementType, double init, BodyFn body);
  Value reshape(Value v, ArrayRef<int64_t> shape);
  Value transpose(Value v, ArrayRef<int64_t> perm);
  Value extractSlice(Value v, ArrayRef<int64_t> offsets,
                     ArrayRef<int64_t> sizes, ArrayRef<int64_t> strides);
  Value pad(Value v, ArrayRef<int64_t> low, ArrayRef<int64_t> high,
            double padValue);
  Value broadcastTo(Value v, ArrayRef<int64_t> shape);
  Expected<Value> matmul2d(Value a, Value b);
  Expected<ElementwiseOperand> elementwiseOperand(int i);
  Error lowerElementwise(StringRef kind, ArrayRef<ElementwiseOperand> ops,
                         BodyFn body);
  Error lowerUnary(StringRef kind, BodyFn body);

  // Shared between folding and lowering.
  Expected<SmallVector<int64_t>> reshapeTarget(ArrayRef<int64_t> in,
                                               const ConstTensor &shape);
  Expected<SmallVector<int64_t>> squeezeTarget(ArrayRef<int64_t> in);
  Expected<SmallVector<int64_t>> unsqueezeTarget(ArrayRef<int64_t> in);
  Expected<SmallVector<int64_t>> flattenTarget(ArrayRef<int64_t> in);
  struct SliceParams {
    SmallVector<int64_t> offsets, sizes, steps;
  };
  Expected<SliceParams> sliceParams(ArrayRef<int64_t> in);
  Expected<SmallVector<int64_t>> splitSizes(ArrayRef<int64_t> in, int64_t axis);
  Expected<SmallVector<int64_t>> transposePerm(int64_t rank);

  // Folding (all inputs constant).
  Expected<bool> tryFold();

  // Lowerings, one per ONNX op type.
  Error lowerConv();
  Error lowerGemm();
  Error lowerMatMul();
  Error lowerMaxPool();
  Error lowerAveragePool();
  Error lowerGlobalAveragePool();
  Error lowerGlobalMaxPool();
  Error lowerAdd();
  Error lowerSub();
  Error lowerMul();
  Error lowerDiv();
  Error lowerPow();
  Error lowerRelu();
  Error lowerLeakyRelu();
  Error lowerSigmoid();
  Error lowerHardSigmoid();
  Error lowerHardSwish();
  Error lowerTanh();
  Error lowerErf();
  Error lowerSqrt();
  Error lowerExp();
  Error lowerNeg();
  Error lowerReciprocal();
  Error lowerClip();
  Error lowerBatchNormalization();
  Error lowerLayerNormalization();
  Error lowerReduceMean();
  Error lowerSoftmax();
  Error lowerReshape();
  /// Flatten, Squeeze, Unsqueeze: input 0 reshaped to the shape `target`
  /// computes from its shape.
  Error lowerReshapeTo(Expected<SmallVector<int64_t>> (
      OnnxGraphImporter::*target)(ArrayRef<int64_t>));
  Error lowerFlatten();
  Error lowerSqueeze();
  Error lowerUnsqueeze();
  Error lowerTranspose();
  Error lowerConcat();
  Error lowerSlice();
  Error lowerSplit();
  Error lowerGather();
  Error lowerIdentity();
  Error lowerDropout();
  Error lowerExpand();
  Error lowerCast();
  Error lowerConstant();
  Error lowerShape();
  Error lowerSize();
  Error lowerFoldOnly();
  Error lowerLogicOrMinMax();

  Error importNode(const onnx::NodeProto &n, int index);
  Error checkInferredShape(StringRef name, ArrayRef<int64_t> shape);

  MLIRContext &context;
  OpBuilder builder;
  /// Weight blobs borrow raw_data from the model and hold this reference.
  std::shared_ptr<const onnx::ModelProto> modelOwner;
  const onnx::ModelProto &model;
  std::string bufferName;
  const OnnxImportOptions &options;
  int64_t opset;

  llvm::StringMap<ValueEntry> values;
  llvm::StringMap<const onnx::TypeProto *> inferredTypes;
  const onnx::NodeProto *node = nullptr;
  std::string nodeName;
  Location loc;
};

} // namespace

Error OnnxGraphImporter::nodeError(const Twine &msg) const {
  return makeError(bufferName + ": node '" + nodeName + "' (" +
                   node->op_type() + "): " + msg);
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

Error OnnxGraphImporter::setOutput(int i, Value value, int32_t dtype,
                                   bool fromContraction) {
  if (!hasOutput(i))
    return Error::success();
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

Value OnnxGraphImporter::materialize(StringRef name, ValueEntry &entry) {
  if (entry.value)
    return entry.value;
  const ConstTensor &c = *entry.constant;
  RankedTensorType type = tensorType(c.shape(), c.dtype());
  Location constLoc = NameLoc::get(builder.getStringAttr(name));
  ElementsAttr attr;
  // Scalars and small shape-like constants stay readable as dense<...>.
  if (isFoldableDType(c.dtype()) &&
      (c.numElements() <= 16 || c.dtype() == kBool)) {
    if (isFloatDType(c.dtype())) {
      SmallVector<APFloat> vals;
      for (int64_t i = 0; i < c.numElements(); ++i) {
        APFloat f(c.getDouble(i));
        bool lost;
        f.convert(cast<FloatType>(type.getElementType()).getFloatSemantics(),
                  APFloat::rmNearestTiesToEven, &lost);
        vals.push_back(f);
      }
      attr = DenseElementsAttr::get(type, vals);
    } else {
      unsigned width = type.getElementType().getIntOrFloatBitWidth();
      SmallVector<APInt> vals;
      for (int64_t i = 0; i < c.numElements(); ++i)
        vals.push_back(APInt(width, static_cast<uint64_t>(c.getInt(i)),
                             /*isSigned=*/true));
      attr = DenseElementsAttr::get(type, vals);
    }
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

void OnnxGraphImporter::tag(Operation *op, StringRef kind) {
  op->setAttr("cim.vector_op", builder.getStringAttr(kind));
}

/// A linalg.generic over `iterShape`: inputs broadcast into it (right
/// aligned, size-1 dims broadcast), the output keeps `iterShape` with the
/// `reduced` dims collapsed to size 1 (then initialized with `init`).
Value OnnxGraphImporter::buildGeneric(StringRef kind, ArrayRef<Value> inputs,
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
  tag(generic, kind);
  return generic.getResult(0);
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
  Type elementType = cast<RankedTensorType>(v.getType()).getElementType();
  Value init = emptyTensor(outShape, elementType);
  auto op = builder.create<linalg::TransposeOp>(loc, v, init, perm);
  tag(op, "copy");
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
  Type elementType = cast<RankedTensorType>(v.getType()).getElementType();
  return buildGeneric(
      "copy", {v}, shape, {}, elementType, 0,
      [](OpBuilder &, Location, ValueRange args) { return args[0]; });
}

Expected<Value> OnnxGraphImporter::matmul2d(Value a, Value b) {
  SmallVector<int64_t> sa = shapeOf(a), sb = shapeOf(b);
  if (sa[1] != sb[0])
    return nodeError("matrix shapes " + shapeString(sa) + " and " +
                     shapeString(sb) + " do not agree on K");
  Type elementType = cast<RankedTensorType>(a.getType()).getElementType();
  Value init = filledTensor({sa[0], sb[1]}, elementType, 0.0);
  return builder
      .create<linalg::MatmulOp>(loc, TypeRange{init.getType()},
                                ValueRange{a, b}, ValueRange{init})
      .getResult(0);
}

//===----------------------------------------------------------------------===//
// Element-wise
//===----------------------------------------------------------------------===//

Expected<ElementwiseOperand> OnnxGraphImporter::elementwiseOperand(int i) {
  ElementwiseOperand op;
  auto shape = inputShape(i);
  if (!shape)
    return shape.takeError();
  op.shape = *shape;
  ConstTensorPtr c = constInput(i);
  if (c && c->numElements() == 1 && isFoldableDType(c->dtype())) {
    op.scalar = c->getDouble(0);
    return op;
  }
  auto v = input(i);
  if (!v)
    return v.takeError();
  op.tensor = *v;
  return op;
}

/// Broadcasting element-wise op; scalar constants are folded into the body,
/// which receives one value per operand in order.
Error OnnxGraphImporter::lowerElementwise(StringRef kind,
                                          ArrayRef<ElementwiseOperand> ops,
                                          BodyFn body) {
  SmallVector<int64_t> outShape;
  for (const ElementwiseOperand &op : ops) {
    auto b = broadcastShapes(outShape, op.shape);
    if (!b)
      return nodeError("shapes " + shapeString(outShape) + " and " +
                       shapeString(op.shape) + " are not broadcastable");
    outShape = *b;
  }
  SmallVector<int> inputIds;
  for (int i = 0; i < static_cast<int>(ops.size()); ++i)
    inputIds.push_back(i);
  if (auto err = requireSameDType(inputIds))
    return err;
  int32_t dtype = inputDType(0);
  Type elementType = elementTypeFor(dtype);
  SmallVector<Value> tensors;
  for (const ElementwiseOperand &op : ops)
    if (op.tensor)
      tensors.push_back(op.tensor);
  if (tensors.empty())
    return nodeError("all operands are constants but the op was not folded");
  Value result = buildGeneric(
      kind, tensors, outShape, {}, elementType, 0,
      [&](OpBuilder &b, Location l, ValueRange args) {
        SmallVector<Value> operands;
        size_t next = 0;
        for (const ElementwiseOperand &op : ops)
          operands.push_back(op.scalar
                                 ? scalarConstant(b, l, elementType, *op.scalar)
                                 : args[next++]);
        return body(b, l, operands);
      });
  return setOutput(0, result, dtype);
}

Error OnnxGraphImporter::lowerUnary(StringRef kind, BodyFn body) {
  if (!isFloatDType(inputDType(0)))
    return nodeError("expects a floating-point input, got " +
                     dtypeName(inputDType(0)));
  auto x = elementwiseOperand(0);
  if (!x)
    return x.takeError();
  return lowerElementwise(kind, {*x}, body);
}

//===----------------------------------------------------------------------===//
// Shape computations shared by folding and lowering
//===----------------------------------------------------------------------===//

Expected<SmallVector<int64_t>>
OnnxGraphImporter::reshapeTarget(ArrayRef<int64_t> in,
                                 const ConstTensor &shapeTensor) {
  SmallVector<int64_t> target = shapeTensor.getInts();
  bool allowZero = attrInt("allowzero", 0) != 0;
  int64_t inferred = -1, known = 1;
  for (auto [i, d] : llvm::enumerate(target)) {
    if (d == 0 && !allowZero) {
      if (i >= in.size())
        return nodeError("shape entry 0 at position " + Twine(i) +
                         " has no input dimension to copy");
      d = in[i];
    }
    if (d == -1) {
      if (inferred >= 0)
        return nodeError("more than one -1 in the target shape");
      inferred = i;
      continue;
    }
    if (d < 0)
      return nodeError("invalid target dimension " + Twine(d));
    known *= d;
  }
  int64_t total = numElementsOf(in);
  if (inferred >= 0) {
    if (known == 0 || total % known != 0)
      return nodeError("cannot infer the -1 dimension reshaping " +
                       shapeString(in) + " to " +
                       shapeString(shapeTensor.getInts()));
    target[inferred] = total / known;
  }
  if (numElementsOf(target) != total)
    return nodeError("cannot reshape " + shapeString(in) + " (" + Twine(total) +
                     " elements) to " + shapeString(target));
  return target;
}

Expected<SmallVector<int64_t>>
OnnxGraphImporter::squeezeTarget(ArrayRef<int64_t> in) {
  std::optional<SmallVector<int64_t>> axes;
  if (opset >= 13) {
    if (hasInput(1)) {
      auto c = requireConstInput(1, "axes");
      if (!c)
        return c.takeError();
      axes = (*c)->getInts();
    }
  } else {
    axes = attrInts("axes");
  }
  int64_t rank = in.size();
  SmallVector<bool> drop(rank, false);
  if (!axes) {
    for (int64_t d = 0; d < rank; ++d)
      drop[d] = in[d] == 1;
  } else {
    for (int64_t a : *axes) {
      int64_t axis = normalizeAxis(a, rank);
      if (axis < 0 || axis >= rank || in[axis] != 1)
        return nodeError("cannot squeeze axis " + Twine(a) + " of shape " +
                         shapeString(in));
      drop[axis] = true;
    }
  }
  SmallVector<int64_t> out;
  for (int64_t d = 0; d < rank; ++d)
    if (!drop[d])
      out.push_back(in[d]);
  return out;
}

Expected<SmallVector<int64_t>>
OnnxGraphImporter::unsqueezeTarget(ArrayRef<int64_t> in) {
  SmallVector<int64_t> axes;
  if (opset >= 13) {
    auto c = requireConstInput(1, "axes");
    if (!c)
      return c.takeError();
    axes = (*c)->getInts();
  } else {
    auto a = attrInts("axes");
    if (!a)
      return nodeError("missing attribute 'axes'");
    axes = *a;
  }
  int64_t outRank = in.size() + axes.size();
  SmallVector<bool> inserted(outRank, false);
  for (int64_t a : axes) {
    int64_t axis = normalizeAxis(a, outRank);
    if (axis < 0 || axis >= outRank || inserted[axis])
      return nodeError("invalid unsqueeze axis " + Twine(a) + " for shape " +
                       shapeString(in));
    inserted[axis] = true;
  }
  SmallVector<int64_t> out;
  size_t next = 0;
  for (int64_t d = 0; d < outRank; ++d)
    out.push_back(inserted[d] ? 1 : in[next++]);
  return out;
}

Expected<SmallVector<int64_t>>
OnnxGraphImporter::flattenTarget(ArrayRef<int64_t> in) {
  int64_t rank = in.size();
  int64_t axis = normalizeAxis(attrInt("axis", 1), rank);
  if (axis < 0 || axis > rank)
    return nodeError("axis " + Twine(attrInt("axis", 1)) +
                     " out of range for rank " + Twine(rank));
  return SmallVector<int64_t>{numElementsOf(in.take_front(axis)),
                              numElementsOf(in.drop_front(axis))};
}

Expected<OnnxGraphImporter::SliceParams>
OnnxGraphImporter::sliceParams(ArrayRef<int64_t> in) {
  int64_t rank = in.size();
  SmallVector<int64_t> starts, ends, axes, steps;
  if (opset >= 10) {
    auto s = requireConstInput(1, "starts");
    if (!s)
      return s.takeError();
    auto e = requireConstInput(2, "ends");
    if (!e)
      return e.takeError();
    starts = (*s)->getInts();
    ends = (*e)->getInts();
    if (hasInput(3)) {
      auto a = requireConstInput(3, "axes");
      if (!a)
        return a.takeError();
      axes = (*a)->getInts();
    }
    if (hasInput(4)) {
      auto st = requireConstInput(4, "steps");
      if (!st)
        return st.takeError();
      steps = (*st)->getInts();
    }
  } else {
    starts = attrInts("starts").value_or(SmallVector<int64_t>{});
    ends = attrInts("ends").value_or(SmallVector<int64_t>{});
    axes = attrInts("axes").value_or(SmallVector<int64_t>{});
  }
  if (starts.size() != ends.size())
    return nodeError("starts and ends differ in length");
  if (axes.empty())
    for (size_t i = 0; i < starts.size(); ++i)
      axes.push_back(i);
  if (steps.empty())
    steps.assign(starts.size(), 1);
  if (axes.size() != starts.size() || steps.size() != starts.size())
    return nodeError("starts, ends, axes and steps differ in length");
  SliceParams p;
  p.offsets.assign(rank, 0);
  p.sizes.assign(in.begin(), in.end());
  p.steps.assign(rank, 1);
  for (size_t i = 0; i < starts.size(); ++i) {
    int64_t axis = normalizeAxis(axes[i], rank);
    if (axis < 0 || axis >= rank)
      return nodeError("slice axis " + Twine(axes[i]) +
                       " out of range for rank " + Twine(rank));
    int64_t dim = in[axis], step = steps[i];
    if (step <= 0)
      return nodeError("slice step " + Twine(step) + " on axis " +
                       Twine(axes[i]) +
                       " is not supported (only positive steps)");
    int64_t start = starts[i] < 0 ? starts[i] + dim : starts[i];
    int64_t end = ends[i] < 0 ? ends[i] + dim : ends[i];
    start = std::clamp<int64_t>(start, 0, dim);
    end = std::clamp<int64_t>(end, 0, dim);
    p.offsets[axis] = start;
    p.steps[axis] = step;
    p.sizes[axis] = end > start ? (end - start + step - 1) / step : 0;
  }
  return p;
}

Expected<SmallVector<int64_t>>
OnnxGraphImporter::splitSizes(ArrayRef<int64_t> in, int64_t axis) {
  SmallVector<int64_t> sizes;
  if (opset >= 13 && hasInput(1)) {
    auto c = requireConstInput(1, "split");
    if (!c)
      return c.takeError();
    sizes = (*c)->getInts();
  } else if (auto a = attrInts("split")) {
    sizes = *a;
  } else {
    int64_t n = node->output_size();
    if (in[axis] % n != 0)
      return nodeError("dimension " + Twine(in[axis]) +
                       " does not split evenly into " + Twine(n) + " outputs");
    sizes.assign(n, in[axis] / n);
  }
  int64_t total = 0;
  for (int64_t s : sizes)
    total += s;
  if (total != in[axis] ||
      static_cast<int64_t>(sizes.size()) != node->output_size())
    return nodeError("split sizes " + shapeString(sizes) +
                     " do not match dimension " + Twine(in[axis]) + " and " +
                     Twine(node->output_size()) + " outputs");
  return sizes;
}

Expected<SmallVector<int64_t>> OnnxGraphImporter::transposePerm(int64_t rank) {
  SmallVector<int64_t> perm;
  if (auto p = attrInts("perm")) {
    perm = *p;
  } else {
    for (int64_t i = rank - 1; i >= 0; --i)
      perm.push_back(i);
  }
  SmallVector<int64_t> sorted(perm);
  llvm::sort(sorted);
  for (int64_t i = 0; i < rank; ++i)
    if (static_cast<int64_t>(sorted.size()) != rank || sorted[i] != i)
      return nodeError("perm " + shapeString(perm) +
                       " is not a permutation of rank " + Twine(rank));
  return perm;
}

//===----------------------------------------------------------------------===//
// Folding nodes whose inputs are all constants
//===----------------------------------------------------------------------===//

const llvm::StringSet<> &OnnxGraphImporter::foldableOps() {
  static const llvm::StringSet<> ops = {"Identity", "Dropout",
                                        "Reshape",  "Flatten",
                                        "Squeeze",  "Unsqueeze",
                                        "Cast",     "Transpose",
                                        "Concat",   "Gather",
                                        "Slice",    "Split",
                                        "Expand",   "ConstantOfShape",
                                        "Range",    "Add",
                                        "Sub",      "Mul",
                                        "Div",      "Pow",
                                        "Equal",    "Less",
                                        "Greater",  "Where",
                                        "Not",      "Neg",
                                        "Sqrt",     "Min",
                                        "Max",      "And",
                                        "Or"};
  return ops;
}

static double applyBinary(StringRef op, double a, double b, bool isFloat) {
  if (op == "Add")
    return a + b;
  if (op == "Sub")
    return a - b;
  if (op == "Mul")
    return a * b;
  if (op == "Div") {
    if (isFloat)
      return a / b;
    return b == 0 ? 0
                  : static_cast<double>(static_cast<int64_t>(a) /
                                        static_cast<int64_t>(b));
  }
  if (op == "Pow")
    return std::pow(a, b);
  if (op == "Equal")
    return a == b;
  if (op == "Less")
    return a < b;
  if (op == "Greater")
    return a > b;
  if (op == "Min")
    return std::min(a, b);
  if (op == "Max")
    return std::max(a, b);
  if (op == "And")
    return (a != 0) && (b != 0);
  return (a != 0) || (b != 0); // Or
}

Expected<bool> OnnxGraphImporter::tryFold() {
  StringRef op = node->op_type();
  if (!foldableOps().contains(op))
    return false;
  SmallVector<ConstTensorPtr> in;
  for (int i = 0; i < node->input_size(); ++i) {
    if (!hasInput(i)) {
      in.push_back(nullptr);
      continue;
    }
    ConstTensorPtr c = constInput(i);
    if (!c || !isFoldableDType(c->dtype()))
      return false;
    in.push_back(c);
  }
  if (in.empty() || !in[0])
    return false;
  const ConstTensor &x = *in[0];

  if (op == "Identity" || op == "Dropout") {
    if (op == "Dropout" && (hasOutput(1) || hasInput(2)))
      return false; // the lowering handles the mask and training_mode
    if (auto e = setOutputConst(0, in[0]))
      return std::move(e);
    return true;
  }
  if (op == "Reshape") {
    auto t = reshapeTarget(x.shape(), *in[1]);
    if (!t)
      return t.takeError();
    if (auto e = setOutputConst(0, x.reshaped(*t)))
      return std::move(e);
    return true;
  }
  if (op == "Flatten" || op == "Squeeze" || op == "Unsqueeze") {
    auto t = op == "Flatten"   ? flattenTarget(x.shape())
             : op == "Squeeze" ? squeezeTarget(x.shape())
                               : unsqueezeTarget(x.shape());
    if (!t)
      return t.takeError();
    if (auto e = setOutputConst(0, x.reshaped(*t)))
      return std::move(e);
    return true;
  }
  if (op == "Cast") {
    int32_t to = static_cast<int32_t>(attrInt("to", kFloat));
    if (!isFoldableDType(to))
      return nodeError("cannot fold a Cast to " + dtypeName(to));
    if (auto e = setOutputConst(0, x.castTo(to)))
      return std::move(e);
    return true;
  }
  if (op == "Transpose") {
    auto perm = transposePerm(x.rank());
    if (!perm)
      return perm.takeError();
    if (auto e = setOutputConst(0, x.transposed(*perm)))
      return std::move(e);
    return true;
  }
  if (op == "Concat") {
    int64_t rank = x.rank();
    int64_t axis = normalizeAxis(attrInt("axis", 0), rank);
    if (axis < 0 || axis >= rank)
      return nodeError("concat axis out of range");
    SmallVector<int64_t> outShape(x.shape());
    outShape[axis] = 0;
    for (const ConstTensorPtr &t : in) {
      if (t->rank() != rank || t->dtype() != x.dtype())
        return nodeError("concat operands differ in rank or element type");
      outShape[axis] += t->shape()[axis];
    }
    size_t size = dtypeByteSize(x.dtype());
    int64_t outer = numElementsOf(ArrayRef<int64_t>(outShape).take_front(axis));
    std::vector<char> bytes;
    bytes.reserve(numElementsOf(outShape) * size);
    for (int64_t o = 0; o < outer; ++o)
      for (const ConstTensorPtr &t : in) {
        int64_t block = numElementsOf(t->shape().drop_front(axis)) * size;
        const char *src = t->bytes().data() + o * block;
        bytes.insert(bytes.end(), src, src + block);
      }
    if (auto e = setOutputConst(
            0, ConstTensor::fromBytes(x.dtype(), outShape, std::move(bytes))))
      return std::move(e);
    return true;
  }
  if (op == "Gather") {
    int64_t rank = x.rank();
    int64_t axis = normalizeAxis(attrInt("axis", 0), rank);
    if (axis < 0 || axis >= rank)
      return nodeError("gather axis out of range");
    SmallVector<int64_t> idx = in[1]->getInts();
    int64_t dim = x.shape()[axis];
    for (int64_t &i : idx) {
      if (i < 0)
        i += dim;
      if (i < 0 || i >= dim)
        return nodeError("gather index out of range for dimension " +
                         Twine(dim));
    }
    SmallVector<int64_t> outShape(x.shape().take_front(axis));
    llvm::append_range(outShape, in[1]->shape());
    llvm::append_range(outShape, x.shape().drop_front(axis + 1));
    int64_t inner = numElementsOf(x.shape().drop_front(axis + 1));
    int64_t count = idx.size();
    auto result = x.gather(outShape, [&](int64_t flat) {
      int64_t i = flat % inner, k = (flat / inner) % count,
              o = flat / (inner * count);
      return (o * dim + idx[k]) * inner + i;
    });
    if (auto e = setOutputConst(0, result))
      return std::move(e);
    return true;
  }
  if (op == "Slice") {
    auto p = sliceParams(x.shape());
    if (!p)
      return p.takeError();
    SmallVector<int64_t> outStrides = stridesOf(p->sizes);
    SmallVector<int64_t> inStrides = stridesOf(x.shape());
    auto result = x.gather(p->sizes, [&](int64_t flat) {
      int64_t src = 0;
      for (size_t d = 0; d < p->sizes.size(); ++d) {
        int64_t i = (flat / outStrides[d]) % p->sizes[d];
        src += (p->offsets[d] + i * p->steps[d]) * inStrides[d];
      }
      return src;
    });
    if (auto e = setOutputConst(0, result))
      return std::move(e);
    return true;
  }
  if (op == "Split") {
    int64_t rank = x.rank();
    int64_t axis = normalizeAxis(attrInt("axis", 0), rank);
    if (axis < 0 || axis >= rank)
      return nodeError("split axis out of range");
    auto sizes = splitSizes(x.shape(), axis);
    if (!sizes)
      return sizes.takeError();
    int64_t offset = 0;
    int64_t inner = numElementsOf(x.shape().drop_front(axis + 1));
    for (auto [k, s] : llvm::enumerate(*sizes)) {
      SmallVector<int64_t> outShape(x.shape());
      outShape[axis] = s;
      int64_t dim = x.shape()[axis], off = offset, len = s;
      auto result = x.gather(outShape, [&](int64_t flat) {
        int64_t i = flat % inner, a = (flat / inner) % len,
                o = flat / (inner * len);
        return (o * dim + off + a) * inner + i;
      });
      if (auto e = setOutputConst(k, result))
        return std::move(e);
      offset += s;
    }
    return true;
  }
  if (op == "Expand") {
    auto outShape = broadcastShapes(x.shape(), in[1]->getInts());
    if (!outShape)
      return nodeError("cannot expand " + shapeString(x.shape()) + " to " +
                       shapeString(in[1]->getInts()));
    if (auto e = setOutputConst(
            0, x.gather(*outShape, broadcastSource(*outShape, x.shape()))))
      return std::move(e);
    return true;
  }
  if (op == "ConstantOfShape") {
    SmallVector<int64_t> shape = x.getInts();
    ConstTensorPtr fill = ConstTensor::fromDoubles(kFloat, {1}, {0.0});
    if (const onnx::AttributeProto *a = attr("value")) {
      auto t = ConstTensor::fromProto(a->t());
      if (!t)
        return nodeError(toString(t.takeError()));
      fill = *t;
    }
    if (fill->numElements() != 1 || !isFoldableDType(fill->dtype()))
      return nodeError("'value' must be a one-element tensor");
    if (auto e = setOutputConst(
            0, fill->gather(shape, [](int64_t) { return int64_t(0); })))
      return std::move(e);
    return true;
  }
  if (op == "Range") {
    bool isFloat = isFloatDType(x.dtype());
    double start = x.getDouble(0), limit = in[1]->getDouble(0),
           delta = in[2]->getDouble(0);
    if (delta == 0)
      return nodeError("Range delta is 0");
    int64_t n = std::max<int64_t>(
        static_cast<int64_t>(std::ceil((limit - start) / delta)), 0);
    SmallVector<double> vals;
    for (int64_t i = 0; i < n; ++i)
      vals.push_back(start + i * delta);
    ConstTensorPtr result =
        isFloat ? ConstTensor::fromDoubles(x.dtype(), {n}, vals)
                : ConstTensor::fromInts(
                      x.dtype(), {n},
                      llvm::to_vector(llvm::map_range(vals, [](double v) {
                        return static_cast<int64_t>(v);
                      })));
    if (auto e = setOutputConst(0, result))
      return std::move(e);
    return true;
  }
  if (op == "Not" || op == "Neg" || op == "Sqrt") {
    int64_t n = x.numElements();
    std::vector<double> vals(n);
    for (int64_t i = 0; i < n; ++i) {
      double v = x.getDouble(i);
      vals[i] = op == "Not" ? (v == 0) : op == "Neg" ? -v : std::sqrt(v);
    }
    if (auto e = setOutputConst(
            0, ConstTensor::fromDoubles(x.dtype(), x.shape(), vals)))
      return std::move(e);
    return true;
  }
  if (op == "Where") {
    auto shape = broadcastShapes(x.shape(), in[1]->shape());
    if (shape)
      shape = broadcastShapes(*shape, in[2]->shape());
    if (!shape)
      return nodeError("Where operands are not broadcastable");
    auto sc = broadcastSource(*shape, x.shape());
    auto sa = broadcastSource(*shape, in[1]->shape());
    auto sb = broadcastSource(*shape, in[2]->shape());
    int64_t n = numElementsOf(*shape);
    size_t size = dtypeByteSize(in[1]->dtype());
    std::vector<char> bytes(n * size);
    for (int64_t i = 0; i < n; ++i) {
      const ConstTensor &src = x.getInt(sc(i)) ? *in[1] : *in[2];
      int64_t j = x.getInt(sc(i)) ? sa(i) : sb(i);
      std::memcpy(bytes.data() + i * size, src.bytes().data() + j * size, size);
    }
    if (auto e =
            setOutputConst(0, ConstTensor::fromBytes(in[1]->dtype(), *shape,
                                                     std::move(bytes))))
      return std::move(e);
    return true;
  }
  // Binary element-wise with broadcasting.
  if (in.size() != 2 || !in[1])
    return nodeError("expects two inputs");
  const ConstTensor &y = *in[1];
  auto shape = broadcastShapes(x.shape(), y.shape());
  if (!shape)
    return nodeError("shapes " + shapeString(x.shape()) + " and " +
                     shapeString(y.shape()) + " are not broadcastable");
  bool isFloat = isFloatDType(x.dtype()) || isFloatDType(y.dtype());
  bool compare = op == "Equal" || op == "Less" || op == "Greater";
  int32_t outDType = compare ? kBool : x.dtype();
  auto sx = broadcastSource(*shape, x.shape());
  auto sy = broadcastSource(*shape, y.shape());
  int64_t n = numElementsOf(*shape);
  ConstTensorPtr result;
  if (isFloat) {
    std::vector<double> vals(n);
    for (int64_t i = 0; i < n; ++i)
      vals[i] = applyBinary(op, x.getDouble(sx(i)), y.getDouble(sy(i)), true);
    result = ConstTensor::fromDoubles(outDType, *shape, vals);
  } else {
    // Integer arithmetic stays exact in int64 (shape values can exceed 2^53).
    std::vector<int64_t> vals(n);
    for (int64_t i = 0; i < n; ++i) {
      int64_t a = x.getInt(sx(i)), b = y.getInt(sy(i));
      if (op == "Add")
        vals[i] = a + b;
      else if (op == "Sub")
        vals[i] = a - b;
      else if (op == "Mul")
        vals[i] = a * b;
      else if (op == "Div")
        vals[i] = b == 0 ? 0 : a / b;
      else
        vals[i] = static_cast<int64_t>(applyBinary(
            op, static_cast<double>(a), static_cast<double>(b), false));
    }
    result = ConstTensor::fromInts(outDType, *shape, vals);
  }
  if (auto e = setOutputConst(0, result))
    return std::move(e);
  return true;
}

//===----------------------------------------------------------------------===//
// Convolution, GEMM, pooling
//===----------------------------------------------------------------------===//

namespace {
/// A resolved 2-D sliding window (auto_pad and ceil_mode applied).
struct Window2d {
  int64_t kernel[2], stride[2], dilation[2];
  int64_t padLow[2], padHigh[2]; // as declared (or from auto_pad)
  int64_t extraHigh[2];          // ceil_mode: windows running past padHigh
  int64_t out[2];
};
} // namespace

static Expected<Window2d>
resolveWindow(const onnx::NodeProto &node, ArrayRef<int64_t> inHW,
              ArrayRef<int64_t> kernel,
              llvm::function_ref<Error(const Twine &)> fail) {
  Window2d w;
  auto ints = [&](StringRef name) -> std::optional<SmallVector<int64_t>> {
    for (const onnx::AttributeProto &a : node.attribute())
      if (a.name() == name)
        return SmallVector<int64_t>(a.ints().begin(), a.ints().end());
    return std::nullopt;
  };
  std::string autoPad = "NOTSET";
  int64_t ceilMode = 0;
  for (const onnx::AttributeProto &a : node.attribute()) {
    if (a.name() == "auto_pad")
      autoPad = a.s();
    if (a.name() == "ceil_mode")
      ceilMode = a.i();
  }
  SmallVector<int64_t> strides =
      ints("strides").value_or(SmallVector<int64_t>{1, 1});
  SmallVector<int64_t> dilations =
      ints("dilations").value_or(SmallVector<int64_t>{1, 1});
  SmallVector<int64_t> pads =
      ints("pads").value_or(SmallVector<int64_t>{0, 0, 0, 0});
  if (strides.size() != 2 || dilations.size() != 2 || pads.size() != 4)
    return fail("expects 2 strides, 2 dilations and 4 pads for a 2-D window");
  for (int i = 0; i < 2; ++i) {
    w.kernel[i] = kernel[i];
    w.stride[i] = strides[i];
    w.dilation[i] = dilations[i];
    if (strides[i] <= 0 || dilations[i] <= 0 || kernel[i] <= 0)
      return fail("strides, dilations and kernel sizes must be positive");
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
      return fail("unknown auto_pad '" + autoPad + "'");
    }
    int64_t span = in + w.padLow[i] + w.padHigh[i] - effective;
    if (span < 0)
      return fail("window " + Twine(effective) +
                  " is larger than the padded "
                  "input " +
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

Error OnnxGraphImporter::lowerConv() {
  if (auto err = requireSameDType({0, 1, 2}))
    return err;
  auto xv = input(0);
  if (!xv)
    return xv.takeError();
  auto wv = input(1);
  if (!wv)
    return wv.takeError();
  Value x = *xv, w = *wv;
  SmallVector<int64_t> xs = shapeOf(x), ws = shapeOf(w);
  if (xs.size() != 4 || ws.size() != 4)
    return nodeError("only 2-D convolution (rank-4 input and weight) is "
                     "supported; input is " +
                     shapeString(xs) + ", weight " + shapeString(ws));
  if (!isFloatDType(inputDType(0)))
    return nodeError("expects a floating-point input");
  int64_t n = xs[0], c = xs[1], f = ws[0], group = attrInt("group", 1);
  if (group <= 0 || c % group != 0 || f % group != 0 || ws[1] * group != c)
    return nodeError(formatv("weight {0} does not match input channels {1} "
                             "with group {2}",
                             shapeString(ws), c, group)
                         .str());
  if (auto ks = attrInts("kernel_shape"))
    if (*ks != SmallVector<int64_t>{ws[2], ws[3]})
      return nodeError("kernel_shape " + shapeString(*ks) +
                       " disagrees with the weight shape " + shapeString(ws));
  auto win = resolveWindow(*node, {xs[2], xs[3]}, {ws[2], ws[3]},
                           [&](const Twine &m) { return nodeError(m); });
  if (!win)
    return win.takeError();
  Type elementType = elementTypeFor(inputDType(0));
  Value padded = pad(x, {0, 0, win->padLow[0], win->padLow[1]},
                     {0, 0, win->padHigh[0], win->padHigh[1]}, 0.0);
  auto strides = builder.getI64TensorAttr({win->stride[0], win->stride[1]});
  auto dilations =
      builder.getI64TensorAttr({win->dilation[0], win->dilation[1]});
  SmallVector<int64_t> outShape = {n, f, win->out[0], win->out[1]};
  Value result;
  if (group == 1) {
    Value init = filledTensor(outShape, elementType, 0.0);
    result = builder
                 .create<linalg::Conv2DNchwFchwOp>(
                     loc, TypeRange{init.getType()}, ValueRange{padded, w},
                     ValueRange{init}, strides, dilations)
                 .getResult(0);
  } else if (group == c && f == c) {
    Value filter = reshape(w, {c, ws[2], ws[3]});
    Value init = filledTensor(outShape, elementType, 0.0);
    result = builder
                 .create<linalg::DepthwiseConv2DNchwChwOp>(
                     loc, TypeRange{init.getType()}, ValueRange{padded, filter},
                     ValueRange{init}, strides, dilations)
                 .getResult(0);
  } else {
    SmallVector<int64_t> ps = shapeOf(padded);
    Value grouped = reshape(padded, {n, group, c / group, ps[2], ps[3]});
    Value filter = reshape(w, {group, f / group, ws[1], ws[2], ws[3]});
    Value init = filledTensor({n, group, f / group, win->out[0], win->out[1]},
                              elementType, 0.0);
    Value conv =
        builder
            .create<linalg::Conv2DNgchwGfchwOp>(
                loc, TypeRange{init.getType()}, ValueRange{grouped, filter},
                ValueRange{init}, strides, dilations)
            .getResult(0);
    result = reshape(conv, outShape);
  }
  if (hasInput(2)) {
    auto bias = input(2);
    if (!bias)
      return bias.takeError();
    if (shapeOf(*bias) != SmallVector<int64_t>{f})
      return nodeError("bias shape " + shapeString(shapeOf(*bias)) +
                       " is not [" + Twine(f) + "]");
    Value biasNchw = reshape(*bias, {f, 1, 1});
    result = buildGeneric(
        "bias", {result, biasNchw}, outShape, {}, elementType, 0,
        [](OpBuilder &b, Location l, ValueRange a) {
          return b.create<arith::AddFOp>(l, a[0], a[1]).getResult();
        });
  }
  return setOutput(0, result, inputDType(0), /*fromContraction=*/true);
}

Error OnnxGraphImporter::lowerGemm() {
  if (auto err = requireSameDType({0, 1, 2}))
    return err;
  if (!isFloatDType(inputDType(0)))
    return nodeError("expects floating-point inputs");
  bool transA = attrInt("transA", 0) != 0, transB = attrInt("transB", 0) != 0;
  float alpha = attrFloat("alpha", 1.0f), beta = attrFloat("beta", 1.0f);
  auto operand = [&](int i, bool trans) -> Expected<Value> {
    if (trans) {
      if (ConstTensorPtr c = constInput(i); c && isFoldableDType(c->dtype())) {
        if (c->rank() != 2)
          return nodeError("Gemm operands must be 2-D");
        // Weights are transposed once here rather than at run time.
        ValueEntry entry;
        entry.constant = c->transposed({1, 0});
        entry.dtype = c->dtype();
        return materialize(node->input(i) + "_T", entry);
      }
    }
    auto v = input(i);
    if (!v)
      return v.takeError();
    if (shapeOf(*v).size() != 2)
      return nodeError("Gemm operands must be 2-D, got " +
                       shapeString(shapeOf(*v)));
    return trans ? transpose(*v, {1, 0}) : *v;
  };
  auto a = operand(0, transA);
  if (!a)
    return a.takeError();
  auto b = operand(1, transB);
  if (!b)
    return b.takeError();
  auto product = matmul2d(*a, *b);
  if (!product)
    return product.takeError();
  Value result = *product;
  SmallVector<int64_t> outShape = shapeOf(result);
  Type elementType = elementTypeFor(inputDType(0));
  if (alpha != 1.0f)
    result = buildGeneric("mul", {result}, outShape, {}, elementType, 0,
                          [&](OpBuilder &bb, Location l, ValueRange args) {
                            return bb
                                .create<arith::MulFOp>(
                                    l, args[0],
                                    scalarConstant(bb, l, elementType, alpha))
                                .getResult();
                          });
  if (hasInput(2) && beta != 0.0f) {
    ConstTensorPtr cc = constInput(2);
    Value c;
    if (cc && isFoldableDType(cc->dtype()) && beta != 1.0f) {
      std::vector<double> vals = cc->getDoubles();
      for (double &v : vals)
        v *= beta;
      ValueEntry entry;
      entry.constant = ConstTensor::fromDoubles(cc->dtype(), cc->shape(), vals);
      entry.dtype = cc->dtype();
      c = materialize(node->input(2) + "_scaled", entry);
    } else {
      auto cv = input(2);
      if (!cv)
        return cv.takeError();
      c = *cv;
      if (beta != 1.0f)
        c = buildGeneric("mul", {c}, shapeOf(c), {}, elementType, 0,
                         [&](OpBuilder &bb, Location l, ValueRange args) {
                           return bb
                               .create<arith::MulFOp>(
                                   l, args[0],
                                   scalarConstant(bb, l, elementType, beta))
                               .getResult();
                         });
    }
    if (!broadcastShapes(outShape, shapeOf(c)) ||
        *broadcastShapes(outShape, shapeOf(c)) != outShape)
      return nodeError("C of shape " + shapeString(shapeOf(c)) +
                       " does not broadcast to " + shapeString(outShape));
    result = buildGeneric(
        "bias", {result, c}, outShape, {}, elementType, 0,
        [](OpBuilder &bb, Location l, ValueRange args) {
          return bb.create<arith::AddFOp>(l, args[0], args[1]).getResult();
        });
  }
  return setOutput(0, result, inputDType(0), /*fromContraction=*/true);
}

Error OnnxGraphImporter::lowerMatMul() {
  if (auto err = requireSameDType({0, 1}))
    return err;
  if (!isFloatDType(inputDType(0)))
    return nodeError("expects floating-point inputs");
  auto av = input(0);
  if (!av)
    return av.takeError();
  auto bv = input(1);
  if (!bv)
    return bv.takeError();
  Value a = *av, b = *bv;
  SmallVector<int64_t> as = shapeOf(a), bs = shapeOf(b);
  if (as.empty() || bs.empty())
    return nodeError("MatMul operands must have rank >= 1");
  // numpy semantics: a 1-D operand gains a unit dim that is dropped again.
  bool vecA = as.size() == 1, vecB = bs.size() == 1;
  if (vecA) {
    as = {1, as[0]};
    a = reshape(a, as);
  }
  if (vecB) {
    bs = {bs[0], 1};
    b = reshape(b, bs);
  }
  int64_t m = as[as.size() - 2], k = as.back(), n = bs.back();
  if (bs[bs.size() - 2] != k)
    return nodeError("shapes " + shapeString(as) + " and " + shapeString(bs) +
                     " do not agree on K");
  ArrayRef<int64_t> batchA = ArrayRef<int64_t>(as).drop_back(2);
  ArrayRef<int64_t> batchB = ArrayRef<int64_t>(bs).drop_back(2);
  auto batch = broadcastShapes(batchA, batchB);
  if (!batch)
    return nodeError("batch dimensions of " + shapeString(as) + " and " +
                     shapeString(bs) + " are not broadcastable");
  SmallVector<int64_t> outShape(*batch);
  outShape.push_back(m);
  outShape.push_back(n);
  Value result;
  if (bs.size() == 2) {
    // Activations times one weight matrix: fold the batch into M (Linear).
    auto product = matmul2d(reshape(a, {numElementsOf(as) / k, k}), b);
    if (!product)
      return product.takeError();
    result = reshape(*product, outShape);
  } else {
    int64_t flatBatch = numElementsOf(*batch);
    SmallVector<int64_t> fullA(*batch), fullB(*batch);
    fullA.append({m, k});
    fullB.append({k, n});
    Value a3 = reshape(broadcastTo(a, fullA), {flatBatch, m, k});
    Value b3 = reshape(broadcastTo(b, fullB), {flatBatch, k, n});
    Type elementType = elementTypeFor(inputDType(0));
    Value init = filledTensor({flatBatch, m, n}, elementType, 0.0);
    Value bmm =
        builder
            .create<linalg::BatchMatmulOp>(loc, TypeRange{init.getType()},
                                           ValueRange{a3, b3}, ValueRange{init})
            .getResult(0);
    result = reshape(bmm, outShape);
  }
  SmallVector<int64_t> finalShape(*batch);
  if (!vecA)
    finalShape.push_back(m);
  if (!vecB)
    finalShape.push_back(n);
  return setOutput(0, reshape(result, finalShape), inputDType(0),
                   /*fromContraction=*/true);
}

Error OnnxGraphImporter::lowerMaxPool() {
  if (auto err = requireFloatInput())
    return err;
  if (hasOutput(1))
    return nodeError("the MaxPool Indices output is not supported");
  if (attrInt("storage_order", 0) != 0)
    return nodeError("storage_order=1 is not supported");
  auto xv = input(0);
  if (!xv)
    return xv.takeError();
  SmallVector<int64_t> xs = shapeOf(*xv);
  auto kernel = attrInts("kernel_shape");
  if (xs.size() != 4 || !kernel || kernel->size() != 2)
    return nodeError("only 2-D pooling on NCHW input is supported");
  auto win = resolveWindow(*node, {xs[2], xs[3]}, *kernel,
                           [&](const Twine &m) { return nodeError(m); });
  if (!win)
    return win.takeError();
  Type elementType = elementTypeFor(inputDType(0));
  double lowest = -std::numeric_limits<double>::infinity();
  Value padded = pad(*xv, {0, 0, win->padLow[0], win->padLow[1]},
                     {0, 0, win->padHigh[0] + win->extraHigh[0],
                      win->padHigh[1] + win->extraHigh[1]},
                     lowest);
  SmallVector<int64_t> outShape = {xs[0], xs[1], win->out[0], win->out[1]};
  Value init = filledTensor(outShape, elementType, lowest);
  Value window = emptyTensor(*kernel, elementType);
  auto op = builder.create<linalg::PoolingNchwMaxOp>(
      loc, TypeRange{init.getType()}, ValueRange{padded, window},
      ValueRange{init},
      builder.getI64TensorAttr({win->stride[0], win->stride[1]}),
      builder.getI64TensorAttr({win->dilation[0], win->dilation[1]}));
  tag(op, "max_pool");
  return setOutput(0, op.getResult(0), inputDType(0));
}

Error OnnxGraphImporter::lowerAveragePool() {
  if (auto err = requireFloatInput())
    return err;
  auto xv = input(0);
  if (!xv)
    return xv.takeError();
  SmallVector<int64_t> xs = shapeOf(*xv);
  auto kernel = attrInts("kernel_shape");
  if (xs.size() != 4 || !kernel || kernel->size() != 2)
    return nodeError("only 2-D pooling on NCHW input is supported");
  auto win = resolveWindow(*node, {xs[2], xs[3]}, *kernel,
                           [&](const Twine &m) { return nodeError(m); });
  if (!win)
    return win.takeError();
  bool includePad = attrInt("count_include_pad", 0) != 0;
  Type elementType = elementTypeFor(inputDType(0));
  Value padded = pad(*xv, {0, 0, win->padLow[0], win->padLow[1]},
                     {0, 0, win->padHigh[0] + win->extraHigh[0],
                      win->padHigh[1] + win->extraHigh[1]},
                     0.0);
  SmallVector<int64_t> outShape = {xs[0], xs[1], win->out[0], win->out[1]};
  Value init = filledTensor(outShape, elementType, 0.0);
  Value window = emptyTensor(*kernel, elementType);
  auto sum = builder.create<linalg::PoolingNchwSumOp>(
      loc, TypeRange{init.getType()}, ValueRange{padded, window},
      ValueRange{init},
      builder.getI64TensorAttr({win->stride[0], win->stride[1]}),
      builder.getI64TensorAttr({win->dilation[0], win->dilation[1]}));
  tag(sum, "avg_pool");
  // Divisor per output position: window taps inside the input, plus those
  // in the declared padding when count_include_pad (never the ceil_mode
  // overhang). The division carries the pool's tag: one piece of vector
  // work spelled as two ops (docs/workload-ir.md, multi-op kinds).
  SmallVector<int64_t> counts[2];
  for (int i = 0; i < 2; ++i) {
    int64_t lo = includePad ? -win->padLow[i] : 0;
    int64_t hi = includePad ? xs[2 + i] + win->padHigh[i] : xs[2 + i];
    for (int64_t o = 0; o < win->out[i]; ++o) {
      int64_t count = 0;
      for (int64_t t = 0; t < win->kernel[i]; ++t) {
        int64_t pos =
            o * win->stride[i] - win->padLow[i] + t * win->dilation[i];
        count += pos >= lo && pos < hi;
      }
      counts[i].push_back(count);
    }
  }
  std::vector<double> divisors;
  for (int64_t ch : counts[0])
    for (int64_t cw : counts[1])
      divisors.push_back(static_cast<double>(ch * cw));
  bool uniform = llvm::all_equal(divisors);
  Value result;
  if (uniform) {
    double d = divisors.front();
    result =
        buildGeneric("avg_pool", {sum.getResult(0)}, outShape, {}, elementType,
                     0, [&](OpBuilder &b, Location l, ValueRange a) {
                       return b
                           .create<arith::DivFOp>(
                               l, a[0], scalarConstant(b, l, elementType, d))
                           .getResult();
                     });
  } else {
    ValueEntry entry;
    entry.constant = ConstTensor::fromDoubles(
        inputDType(0), {win->out[0], win->out[1]}, divisors);
    entry.dtype = inputDType(0);
    Value divisor = materialize(nodeName + "_divisor", entry);
    result = buildGeneric(
        "avg_pool", {sum.getResult(0), divisor}, outShape, {}, elementType, 0,
        [](OpBuilder &b, Location l, ValueRange a) {
          return b.create<arith::DivFOp>(l, a[0], a[1]).getResult();
        });
  }
  return setOutput(0, result, inputDType(0));
}

Error OnnxGraphImporter::lowerGlobalAveragePool() {
  if (auto err = requireFloatInput())
    return err;
  auto xv = input(0);
  if (!xv)
    return xv.takeError();
  SmallVector<int64_t> xs = shapeOf(*xv);
  if (xs.size() < 3)
    return nodeError("expects an input of rank >= 3, got " + shapeString(xs));
  SmallVector<bool> reduced(xs.size(), true);
  reduced[0] = reduced[1] = false;
  double inv = 1.0 / static_cast<double>(
                         numElementsOf(ArrayRef<int64_t>(xs).drop_front(2)));
  Type elementType = elementTypeFor(inputDType(0));
  Value result = buildGeneric(
      "global_avg_pool", {*xv}, xs, reduced, elementType, 0.0,
      [&](OpBuilder &b, Location l, ValueRange a) {
        Value scaled = b.create<arith::MulFOp>(
            l, a[0], scalarConstant(b, l, elementType, inv));
        return b.create<arith::AddFOp>(l, a[1], scaled).getResult();
      });
  return setOutput(0, result, inputDType(0));
}

Error OnnxGraphImporter::lowerGlobalMaxPool() {
  if (auto err = requireFloatInput())
    return err;
  auto xv = input(0);
  if (!xv)
    return xv.takeError();
  SmallVector<int64_t> xs = shapeOf(*xv);
  if (xs.size() < 3)
    return nodeError("expects an input of rank >= 3, got " + shapeString(xs));
  SmallVector<bool> reduced(xs.size(), true);
  reduced[0] = reduced[1] = false;
  Type elementType = elementTypeFor(inputDType(0));
  Value result = buildGeneric(
      "max_pool", {*xv}, xs, reduced, elementType,
      -std::numeric_limits<double>::infinity(),
      [&](OpBuilder &b, Location l, ValueRange a) {
        return b.create<arith::MaximumFOp>(l, a[1], a[0]).getResult();
      });
  return setOutput(0, result, inputDType(0));
}

//===----------------------------------------------------------------------===//
// Element-wise ops
//===----------------------------------------------------------------------===//

namespace {
enum class BinaryKind { Add, Sub, Mul, Div };
} // namespace

static Value buildBinary(OpBuilder &b, Location l, BinaryKind kind, Value x,
                         Value y, bool isUnsigned) {
  bool isFloat = isa<FloatType>(x.getType());
  switch (kind) {
  case BinaryKind::Add:
    return isFloat ? b.create<arith::AddFOp>(l, x, y).getResult()
                   : b.create<arith::AddIOp>(l, x, y).getResult();
  case BinaryKind::Sub:
    return isFloat ? b.create<arith::SubFOp>(l, x, y).getResult()
                   : b.create<arith::SubIOp>(l, x, y).getResult();
  case BinaryKind::Mul:
    return isFloat ? b.create<arith::MulFOp>(l, x, y).getResult()
                   : b.create<arith::MulIOp>(l, x, y).getResult();
  case BinaryKind::Div:
    return isFloat      ? b.create<arith::DivFOp>(l, x, y).getResult()
           : isUnsigned ? b.create<arith::DivUIOp>(l, x, y).getResult()
                        : b.create<arith::DivSIOp>(l, x, y).getResult();
  }
  return x;
}

#define CIM_BINARY_LOWERING(NAME, KIND, TAG)                                   \
  Error OnnxGraphImporter::lower##NAME() {                                     \
    if (inputDType(0) == kBool)                                                \
      return nodeError("boolean operands are supported only when constant");   \
    auto x = elementwiseOperand(0);                                            \
    if (!x)                                                                    \
      return x.takeError();                                                    \
    auto y = elementwiseOperand(1);                                            \
    if (!y)                                                                    \
      return y.takeError();                                                    \
    StringRef tagName = TAG;                                                   \
    if (BinaryKind::KIND == BinaryKind::Add) {                                 \
      /* A per-channel constant added to a conv/matmul result is its bias. */  \
      for (int i = 0; i < 2; ++i) {                                            \
        ConstTensorPtr c = constInput(i);                                      \
        auto other = values.find(node->input(1 - i));                          \
        if (c && other != values.end() && other->second.fromContraction &&     \
            llvm::count_if(c->shape(), [](int64_t d) { return d != 1; }) <= 1) \
          tagName = "bias";                                                    \
      }                                                                        \
    }                                                                          \
    bool isUnsigned = isUnsignedDType(inputDType(0));                          \
    return lowerElementwise(                                                   \
        tagName, {*x, *y}, [&](OpBuilder &b, Location l, ValueRange a) {       \
          return buildBinary(b, l, BinaryKind::KIND, a[0], a[1], isUnsigned);  \
        });                                                                    \
  }

CIM_BINARY_LOWERING(Add, Add, "add")
CIM_BINARY_LOWERING(Sub, Sub, "add")
CIM_BINARY_LOWERING(Mul, Mul, "mul")
CIM_BINARY_LOWERING(Div, Div, "div")
#undef CIM_BINARY_LOWERING

Error OnnxGraphImporter::lowerPow() {
  if (!isFloatDType(inputDType(0)))
    return nodeError("expects a floating-point base");
  auto x = elementwiseOperand(0);
  if (!x)
    return x.takeError();
  auto y = elementwiseOperand(1);
  if (!y)
    return y.takeError();
  if (y->scalar && *y->scalar == 2.0)
    return lowerElementwise(
        "mul", {*x, *y}, [](OpBuilder &b, Location l, ValueRange a) {
          return b.create<arith::MulFOp>(l, a[0], a[0]).getResult();
        });
  if (y->scalar && *y->scalar == 0.5)
    return lowerElementwise(
        "exp", {*x, *y}, [](OpBuilder &b, Location l, ValueRange a) {
          return b.create<math::SqrtOp>(l, a[0]).getResult();
        });
  if (!isFloatDType(inputDType(1)))
    return nodeError("expects a floating-point exponent");
  return lowerElementwise(
      "exp", {*x, *y}, [](OpBuilder &b, Location l, ValueRange a) {
        return b.create<math::PowFOp>(l, a[0], a[1]).getResult();
      });
}

Error OnnxGraphImporter::lowerRelu() {
  return lowerUnary("relu", [&](OpBuilder &b, Location l, ValueRange a) {
    Value zero = scalarConstant(b, l, a[0].getType(), 0.0);
    return b.create<arith::MaximumFOp>(l, a[0], zero).getResult();
  });
}

Error OnnxGraphImporter::lowerLeakyRelu() {
  double alpha = attrFloat("alpha", 0.01f);
  return lowerUnary("relu", [&](OpBuilder &b, Location l, ValueRange a) {
    Type t = a[0].getType();
    Value zero = scalarConstant(b, l, t, 0.0);
    Value scaled =
        b.create<arith::MulFOp>(l, a[0], scalarConstant(b, l, t, alpha));
    Value positive =
        b.create<arith::CmpFOp>(l, arith::CmpFPredicate::OGT, a[0], zero);
    return b.create<arith::SelectOp>(l, positive, a[0], scaled).getResult();
  });
}

Error OnnxGraphImporter::lowerSigmoid() {
  return lowerUnary("sigmoid", [&](OpBuilder &b, Location l, ValueRange a) {
    Type t = a[0].getType();
    Value neg = b.create<arith::NegFOp>(l, a[0]);
    Value e = b.create<math::ExpOp>(l, neg);
    Value den = b.create<arith::AddFOp>(l, e, scalarConstant(b, l, t, 1.0));
    return b.create<arith::DivFOp>(l, scalarConstant(b, l, t, 1.0), den)
        .getResult();
  });
}

/// max(0, min(1, alpha * x + beta))
static Value hardSigmoidBody(OpBuilder &b, Location l, Value x, double alpha,
                             double beta,
                             const std::function<Value(double)> &constant) {
  Value y = b.create<arith::MulFOp>(l, x, constant(alpha));
  y = b.create<arith::AddFOp>(l, y, constant(beta));
  y = b.create<arith::MinimumFOp>(l, y, constant(1.0));
  return b.create<arith::MaximumFOp>(l, y, constant(0.0));
}

Error OnnxGraphImporter::lowerHardSigmoid() {
  double alpha = attrFloat("alpha", 0.2f), beta = attrFloat("beta", 0.5f);
  return lowerUnary(
      "hard_sigmoid", [&](OpBuilder &b, Location l, ValueRange a) {
        return hardSigmoidBody(b, l, a[0], alpha, beta, [&](double v) {
          return scalarConstant(b, l, a[0].getType(), v);
        });
      });
}

Error OnnxGraphImporter::lowerHardSwish() {
  return lowerUnary("hard_swish", [&](OpBuilder &b, Location l, ValueRange a) {
    Value gate = hardSigmoidBody(b, l, a[0], 1.0 / 6.0, 0.5, [&](double v) {
      return scalarConstant(b, l, a[0].getType(), v);
    });
    return b.create<arith::MulFOp>(l, a[0], gate).getResult();
  });
}

Error OnnxGraphImporter::lowerTanh() {
  return lowerUnary("tanh", [](OpBuilder &b, Location l, ValueRange a) {
    return b.create<math::TanhOp>(l, a[0]).getResult();
  });
}

Error OnnxGraphImporter::lowerErf() {
  return lowerUnary("exp", [](OpBuilder &b, Location l, ValueRange a) {
    return b.create<math::ErfOp>(l, a[0]).getResult();
  });
}

Error OnnxGraphImporter::lowerSqrt() {
  return lowerUnary("exp", [](OpBuilder &b, Location l, ValueRange a) {
    return b.create<math::SqrtOp>(l, a[0]).getResult();
  });
}

Error OnnxGraphImporter::lowerExp() {
  return lowerUnary("exp", [](OpBuilder &b, Location l, ValueRange a) {
    return b.create<math::ExpOp>(l, a[0]).getResult();
  });
}

Error OnnxGraphImporter::lowerNeg() {
  return lowerUnary("mul", [](OpBuilder &b, Location l, ValueRange a) {
    return b.create<arith::NegFOp>(l, a[0]).getResult();
  });
}

Error OnnxGraphImporter::lowerReciprocal() {
  return lowerUnary("div", [&](OpBuilder &b, Location l, ValueRange a) {
    return b
        .create<arith::DivFOp>(l, scalarConstant(b, l, a[0].getType(), 1.0),
                               a[0])
        .getResult();
  });
}

Error OnnxGraphImporter::lowerClip() {
  std::optional<double> lo, hi;
  if (opset >= 11 &&
      ((hasInput(1) && !constInput(1)) || (hasInput(2) && !constInput(2)))) {
    // Run-time bounds: scalar tensors broadcast into the clamp.
    SmallVector<ElementwiseOperand> ops;
    for (int i = 0; i <= 2; ++i) {
      if (!hasInput(i))
        continue;
      auto op = elementwiseOperand(i);
      if (!op)
        return op.takeError();
      ops.push_back(*op);
    }
    if (!isFloatDType(inputDType(0)))
      return nodeError("expects a floating-point input, got " +
                       dtypeName(inputDType(0)));
    bool hasLo = hasInput(1), hasHi = hasInput(2);
    return lowerElementwise(
        "relu", ops, [&](OpBuilder &b, Location l, ValueRange a) {
          Value y = a[0];
          size_t next = 1;
          if (hasLo)
            y = b.create<arith::MaximumFOp>(l, y, a[next++]);
          if (hasHi)
            y = b.create<arith::MinimumFOp>(l, y, a[next]);
          return y;
        });
  }
  if (opset >= 11) {
    for (int i = 1; i <= 2; ++i) {
      if (!hasInput(i))
        continue;
      auto c = requireConstInput(i, i == 1 ? "min" : "max");
      if (!c)
        return c.takeError();
      if ((*c)->numElements() != 1)
        return nodeError("min/max must be scalars");
      (i == 1 ? lo : hi) = (*c)->getDouble(0);
    }
  } else {
    if (attr("min"))
      lo = attrFloat("min", 0);
    if (attr("max"))
      hi = attrFloat("max", 0);
  }
  return lowerUnary("relu", [&](OpBuilder &b, Location l, ValueRange a) {
    Value y = a[0];
    if (lo)
      y = b.create<arith::MaximumFOp>(l, y,
                                      scalarConstant(b, l, y.getType(), *lo));
    if (hi)
      y = b.create<arith::MinimumFOp>(l, y,
                                      scalarConstant(b, l, y.getType(), *hi));
    return y;
  });
}

//===----------------------------------------------------------------------===//
// Normalization, reductions, softmax
//===----------------------------------------------------------------------===//

Error OnnxGraphImporter::lowerBatchNormalization() {
  if (auto err = requireFloatInput())
    return err;
  if (attrInt("training_mode", 0) != 0 || hasOutput(1) || hasOutput(2))
    return nodeError("only inference-mode BatchNormalization is supported");
  auto xv = input(0);
  if (!xv)
    return xv.takeError();
  SmallVector<int64_t> xs = shapeOf(*xv);
  if (xs.size() < 2)
    return nodeError("expects an input of rank >= 2");
  int64_t c = xs[1];
  double eps = attrFloat("epsilon", 1e-5f);
  SmallVector<int64_t> paramShape(xs.size() - 1, 1);
  paramShape[0] = c;
  bool allConstant = true;
  for (int i = 1; i <= 4; ++i)
    allConstant &= constInput(i) != nullptr;
  if (!allConstant) {
    // Run-time statistics: y = (x - mean) * scale / sqrt(var + eps) + B.
    if (auto err = requireSameDType({0, 1, 2, 3, 4}))
      return err;
    SmallVector<Value> ins = {*xv};
    for (int i = 1; i <= 4; ++i) {
      auto p = input(i);
      if (!p)
        return p.takeError();
      if (shapeOf(*p) != SmallVector<int64_t>{c})
        return nodeError("input " + Twine(i) + " has shape " +
                         shapeString(shapeOf(*p)) + ", expected [" + Twine(c) +
                         "]");
      ins.push_back(reshape(*p, paramShape));
    }
    Type et = elementTypeFor(inputDType(0));
    Value result = buildGeneric(
        "batch_norm", ins, xs, {}, et, 0,
        [&](OpBuilder &b, Location l, ValueRange a) {
          Value d = b.create<arith::SubFOp>(l, a[0], a[3]);
          Value v =
              b.create<arith::AddFOp>(l, a[4], scalarConstant(b, l, et, eps));
          Value y =
              b.create<arith::DivFOp>(l, b.create<arith::MulFOp>(l, d, a[1]),
                                      b.create<math::SqrtOp>(l, v));
          return b.create<arith::AddFOp>(l, y, a[2]).getResult();
        });
    return setOutput(0, result, inputDType(0));
  }
  SmallVector<ConstTensorPtr> params;
  const char *names[] = {"scale", "B", "input_mean", "input_var"};
  for (int i = 1; i <= 4; ++i) {
    auto p = requireConstInput(i, names[i - 1]);
    if (!p)
      return p.takeError();
    if ((*p)->numElements() != c)
      return nodeError(Twine(names[i - 1]) + " has " +
                       Twine((*p)->numElements()) + " elements, expected " +
                       Twine(c));
    params.push_back(*p);
  }
  // y = x * s + t with s = scale / sqrt(var + eps), t = B - mean * s.
  std::vector<double> s(c), t(c);
  for (int64_t i = 0; i < c; ++i) {
    s[i] = params[0]->getDouble(i) / std::sqrt(params[3]->getDouble(i) + eps);
    t[i] = params[1]->getDouble(i) - params[2]->getDouble(i) * s[i];
  }
  ValueEntry se, te;
  se.constant = ConstTensor::fromDoubles(inputDType(0), paramShape, s);
  te.constant = ConstTensor::fromDoubles(inputDType(0), paramShape, t);
  se.dtype = te.dtype = inputDType(0);
  Value sv = materialize(nodeName + "_scale", se);
  Value tv = materialize(nodeName + "_shift", te);
  Value result = buildGeneric(
      "batch_norm", {*xv, sv, tv}, xs, {}, elementTypeFor(inputDType(0)), 0,
      [](OpBuilder &b, Location l, ValueRange a) {
        Value y = b.create<arith::MulFOp>(l, a[0], a[1]);
        return b.create<arith::AddFOp>(l, y, a[2]).getResult();
      });
  return setOutput(0, result, inputDType(0));
}

Error OnnxGraphImporter::lowerLayerNormalization() {
  if (auto err = requireFloatInput())
    return err;
  if (auto err = requireSameDType({0, 1, 2}))
    return err;
  auto xv = input(0);
  if (!xv)
    return xv.takeError();
  auto scale = input(1);
  if (!scale)
    return scale.takeError();
  SmallVector<int64_t> xs = shapeOf(*xv);
  int64_t rank = xs.size();
  int64_t axis = normalizeAxis(attrInt("axis", -1), rank);
  if (axis < 0 || axis >= rank)
    return nodeError("axis out of range");
  SmallVector<bool> reduced(rank, false);
  for (int64_t d = axis; d < rank; ++d)
    reduced[d] = true;
  double inv = 1.0 / static_cast<double>(
                         numElementsOf(ArrayRef<int64_t>(xs).drop_front(axis)));
  double eps = attrFloat("epsilon", 1e-5f);
  Type et = elementTypeFor(inputDType(0));
  auto meanBody = [&](OpBuilder &b, Location l, ValueRange a) {
    Value scaled =
        b.create<arith::MulFOp>(l, a[0], scalarConstant(b, l, et, inv));
    return b.create<arith::AddFOp>(l, a[1], scaled).getResult();
  };
  Value mean =
      buildGeneric("layer_norm", {*xv}, xs, reduced, et, 0.0, meanBody);
  Value var = buildGeneric(
      "layer_norm", {*xv, mean}, xs, reduced, et, 0.0,
      [&](OpBuilder &b, Location l, ValueRange a) {
        Value d = b.create<arith::SubFOp>(l, a[0], a[1]);
        Value sq = b.create<arith::MulFOp>(l, d, d);
        Value scaled =
            b.create<arith::MulFOp>(l, sq, scalarConstant(b, l, et, inv));
        return b.create<arith::AddFOp>(l, a[2], scaled).getResult();
      });
  SmallVector<Value> ins = {*xv, mean, var, *scale};
  if (hasInput(2)) {
    auto bias = input(2);
    if (!bias)
      return bias.takeError();
    ins.push_back(*bias);
  }
  bool withBias = ins.size() == 5;
  Value result = buildGeneric(
      "layer_norm", ins, xs, {}, et, 0,
      [&](OpBuilder &b, Location l, ValueRange a) {
        Value d = b.create<arith::SubFOp>(l, a[0], a[1]);
        Value v =
            b.create<arith::AddFOp>(l, a[2], scalarConstant(b, l, et, eps));
        Value y = b.create<arith::DivFOp>(l, d, b.create<math::SqrtOp>(l, v));
        y = b.create<arith::MulFOp>(l, y, a[3]);
        return withBias ? b.create<arith::AddFOp>(l, y, a[4]).getResult() : y;
      });
  if (auto err = setOutput(0, result, inputDType(0)))
    return err;
  if (auto err = setOutput(1, mean, inputDType(0)))
    return err;
  if (!hasOutput(2))
    return Error::success();
  Value invStdDev = buildGeneric(
      "layer_norm", {var}, shapeOf(var), {}, et, 0,
      [&](OpBuilder &b, Location l, ValueRange a) {
        Value v =
            b.create<arith::AddFOp>(l, a[0], scalarConstant(b, l, et, eps));
        return b
            .create<arith::DivFOp>(l, scalarConstant(b, l, et, 1.0),
                                   b.create<math::SqrtOp>(l, v))
            .getResult();
      });
  return setOutput(2, invStdDev, inputDType(0));
}

Error OnnxGraphImporter::lowerReduceMean() {
  if (auto err = requireFloatInput())
    return err;
  auto xv = input(0);
  if (!xv)
    return xv.takeError();
  if (!isFloatDType(inputDType(0)))
    return nodeError("expects a floating-point input");
  SmallVector<int64_t> xs = shapeOf(*xv);
  int64_t rank = xs.size();
  SmallVector<bool> reduced(rank, false);
  auto axes = attrInts("axes");
  if (!axes || axes->empty()) {
    reduced.assign(rank, true);
  } else {
    for (int64_t a : *axes) {
      int64_t axis = normalizeAxis(a, rank);
      if (axis < 0 || axis >= rank)
        return nodeError("reduction axis " + Twine(a) + " out of range");
      reduced[axis] = true;
    }
  }
  int64_t count = 1;
  SmallVector<int64_t> kept;
  for (int64_t d = 0; d < rank; ++d) {
    if (reduced[d])
      count *= xs[d];
    else
      kept.push_back(xs[d]);
  }
  double inv = 1.0 / static_cast<double>(count);
  Type et = elementTypeFor(inputDType(0));
  Value result = buildGeneric(
      "global_avg_pool", {*xv}, xs, reduced, et, 0.0,
      [&](OpBuilder &b, Location l, ValueRange a) {
        Value scaled =
            b.create<arith::MulFOp>(l, a[0], scalarConstant(b, l, et, inv));
        return b.create<arith::AddFOp>(l, a[1], scaled).getResult();
      });
  if (attrInt("keepdims", 1) == 0)
    result = reshape(result, kept);
  return setOutput(0, result, inputDType(0));
}

Error OnnxGraphImporter::lowerSoftmax() {
  if (auto err = requireFloatInput())
    return err;
  auto xv = input(0);
  if (!xv)
    return xv.takeError();
  SmallVector<int64_t> xs = shapeOf(*xv);
  int64_t rank = xs.size();
  int64_t axis = normalizeAxis(attrInt("axis", opset >= 13 ? -1 : 1), rank);
  if (axis < 0 || axis >= rank)
    return nodeError("axis out of range");
  Value in = *xv;
  int64_t dim = axis;
  // Before opset 13 the input is coerced to 2-D around `axis`.
  bool coerce = opset < 13 && axis != rank - 1;
  if (coerce) {
    ArrayRef<int64_t> ref(xs);
    in = reshape(in, {numElementsOf(ref.take_front(axis)),
                      numElementsOf(ref.drop_front(axis))});
    dim = 1;
  }
  auto type = cast<RankedTensorType>(in.getType());
  Value init = emptyTensor(type.getShape(), type.getElementType());
  auto op = builder.create<linalg::SoftmaxOp>(loc, TypeRange{type}, in, init,
                                              static_cast<uint64_t>(dim));
  tag(op, "softmax");
  Value result = op->getResult(0);
  if (coerce)
    result = reshape(result, xs);
  return setOutput(0, result, inputDType(0));
}

//===----------------------------------------------------------------------===//
// Data movement and shape ops
//===----------------------------------------------------------------------===//

Error OnnxGraphImporter::lowerReshape() {
  auto x = input(0);
  if (!x)
    return x.takeError();
  auto shape = requireConstInput(1, "shape");
  if (!shape)
    return shape.takeError();
  auto target = reshapeTarget(shapeOf(*x), **shape);
  if (!target)
    return target.takeError();
  return setOutput(0, reshape(*x, *target), inputDType(0));
}

Error OnnxGraphImporter::lowerReshapeTo(
    Expected<SmallVector<int64_t>> (OnnxGraphImporter::*target)(
        ArrayRef<int64_t>)) {
  auto x = input(0);
  if (!x)
    return x.takeError();
  auto shape = (this->*target)(shapeOf(*x));
  if (!shape)
    return shape.takeError();
  return setOutput(0, reshape(*x, *shape), inputDType(0));
}

Error OnnxGraphImporter::lowerFlatten() {
  return lowerReshapeTo(&OnnxGraphImporter::flattenTarget);
}

Error OnnxGraphImporter::lowerSqueeze() {
  return lowerReshapeTo(&OnnxGraphImporter::squeezeTarget);
}

Error OnnxGraphImporter::lowerUnsqueeze() {
  return lowerReshapeTo(&OnnxGraphImporter::unsqueezeTarget);
}

Error OnnxGraphImporter::lowerTranspose() {
  auto x = input(0);
  if (!x)
    return x.takeError();
  auto perm = transposePerm(shapeOf(*x).size());
  if (!perm)
    return perm.takeError();
  return setOutput(0, transpose(*x, *perm), inputDType(0));
}

Error OnnxGraphImporter::lowerConcat() {
  SmallVector<int> all;
  for (int i = 0; i < node->input_size(); ++i)
    all.push_back(i);
  if (auto err = requireSameDType(all))
    return err;
  SmallVector<Value> ins;
  for (int i = 0; i < node->input_size(); ++i) {
    auto v = input(i);
    if (!v)
      return v.takeError();
    ins.push_back(*v);
  }
  if (ins.empty())
    return nodeError("expects at least one input");
  int64_t rank = shapeOf(ins[0]).size();
  int64_t axis = normalizeAxis(attrInt("axis", 0), rank);
  if (axis < 0 || axis >= rank)
    return nodeError("axis out of range");
  for (Value v : ins) {
    SmallVector<int64_t> s = shapeOf(v), s0 = shapeOf(ins[0]);
    s[axis] = s0[axis] = 0;
    if (s != s0)
      return nodeError("operand shapes differ outside the concat axis");
  }
  Value result =
      ins.size() == 1
          ? ins[0]
          : builder.create<tensor::ConcatOp>(loc, axis, ins).getResult();
  return setOutput(0, result, inputDType(0));
}

Error OnnxGraphImporter::lowerSlice() {
  auto x = input(0);
  if (!x)
    return x.takeError();
  auto p = sliceParams(shapeOf(*x));
  if (!p)
    return p.takeError();
  return setOutput(0, extractSlice(*x, p->offsets, p->sizes, p->steps),
                   inputDType(0));
}

Error OnnxGraphImporter::lowerSplit() {
  auto x = input(0);
  if (!x)
    return x.takeError();
  SmallVector<int64_t> xs = shapeOf(*x);
  int64_t rank = xs.size();
  int64_t axis = normalizeAxis(attrInt("axis", 0), rank);
  if (axis < 0 || axis >= rank)
    return nodeError("axis out of range");
  auto sizes = splitSizes(xs, axis);
  if (!sizes)
    return sizes.takeError();
  int64_t offset = 0;
  for (auto [k, s] : llvm::enumerate(*sizes)) {
    SmallVector<int64_t> offsets(rank, 0), extent(xs), steps(rank, 1);
    offsets[axis] = offset;
    extent[axis] = s;
    if (auto e = setOutput(k, extractSlice(*x, offsets, extent, steps),
                           inputDType(0)))
      return e;
    offset += s;
  }
  return Error::success();
}

Error OnnxGraphImporter::lowerGather() {
  auto x = input(0);
  if (!x)
    return x.takeError();
  auto indices = requireConstInput(1, "indices");
  if (!indices)
    return indices.takeError();
  SmallVector<int64_t> xs = shapeOf(*x);
  int64_t rank = xs.size();
  int64_t axis = normalizeAxis(attrInt("axis", 0), rank);
  if (axis < 0 || axis >= rank)
    return nodeError("axis out of range");
  SmallVector<int64_t> idx = (*indices)->getInts();
  for (int64_t &i : idx) {
    if (i < 0)
      i += xs[axis];
    if (i < 0 || i >= xs[axis])
      return nodeError("index out of range for dimension " + Twine(xs[axis]));
  }
  // Each run of consecutive indices is one slice; runs are concatenated.
  SmallVector<Value> pieces;
  for (size_t start = 0; start < idx.size();) {
    size_t end = start + 1;
    while (end < idx.size() && idx[end] == idx[end - 1] + 1)
      ++end;
    SmallVector<int64_t> offsets(rank, 0), extent(xs), steps(rank, 1);
    offsets[axis] = idx[start];
    extent[axis] = static_cast<int64_t>(end - start);
    pieces.push_back(extractSlice(*x, offsets, extent, steps));
    start = end;
  }
  Value joined =
      pieces.size() == 1
          ? pieces[0]
          : builder.create<tensor::ConcatOp>(loc, axis, pieces).getResult();
  SmallVector<int64_t> outShape(ArrayRef<int64_t>(xs).take_front(axis));
  llvm::append_range(outShape, (*indices)->shape());
  llvm::append_range(outShape, ArrayRef<int64_t>(xs).drop_front(axis + 1));
  return setOutput(0, reshape(joined, outShape), inputDType(0));
}

Error OnnxGraphImporter::lowerIdentity() {
  auto x = input(0);
  if (!x)
    return x.takeError();
  return setOutput(0, *x, inputDType(0));
}

Error OnnxGraphImporter::lowerDropout() {
  if (ConstTensorPtr training = constInput(2))
    if (training->getInt(0) != 0)
      return nodeError("training_mode=true is not supported");
  if (hasInput(2) && !constInput(2))
    return nodeError("training_mode must be a constant");
  if (hasOutput(1)) {
    // Inference keeps every element: the mask is all true.
    auto shape = inputShape(0);
    if (!shape)
      return shape.takeError();
    SmallVector<int64_t> ones(numElementsOf(*shape), 1);
    if (auto err =
            setOutputConst(1, ConstTensor::fromInts(kBool, *shape, ones)))
      return err;
  }
  return lowerIdentity();
}

Error OnnxGraphImporter::lowerExpand() {
  auto x = input(0);
  if (!x)
    return x.takeError();
  auto shape = requireConstInput(1, "shape");
  if (!shape)
    return shape.takeError();
  auto target = broadcastShapes(shapeOf(*x), (*shape)->getInts());
  if (!target)
    return nodeError("cannot expand " + shapeString(shapeOf(*x)) + " to " +
                     shapeString((*shape)->getInts()));
  return setOutput(0, broadcastTo(*x, *target), inputDType(0));
}

Error OnnxGraphImporter::lowerCast() {
  int32_t from = inputDType(0);
  int32_t to = static_cast<int32_t>(attrInt("to", kFloat));
  if (to == from)
    return lowerIdentity();
  if (dtypeByteSize(to) == 0 || dtypeByteSize(from) == 0)
    return nodeError("Cast from " + dtypeName(from) + " to " + dtypeName(to) +
                     " is not supported");
  auto x = input(0);
  if (!x)
    return x.takeError();
  Type dst = elementTypeFor(to);
  bool fromFloat = isFloatDType(from), toFloat = isFloatDType(to);
  bool fromUnsigned = isUnsignedDType(from), toUnsigned = isUnsignedDType(to);
  Value result = buildGeneric(
      "copy", {*x}, shapeOf(*x), {}, dst, 0,
      [&](OpBuilder &b, Location l, ValueRange a) -> Value {
        Value v = a[0];
        unsigned srcBits = v.getType().getIntOrFloatBitWidth();
        unsigned dstBits = dst.getIntOrFloatBitWidth();
        if (to == kBool) {
          Value zero = scalarConstant(b, l, v.getType(), 0.0);
          return fromFloat
                     ? b.create<arith::CmpFOp>(l, arith::CmpFPredicate::UNE, v,
                                               zero)
                           .getResult()
                     : b.create<arith::CmpIOp>(l, arith::CmpIPredicate::ne, v,
                                               zero)
                           .getResult();
        }
        if (fromFloat && toFloat)
          return srcBits < dstBits
                     ? b.create<arith::ExtFOp>(l, dst, v).getResult()
                     : b.create<arith::TruncFOp>(l, dst, v).getResult();
        if (!fromFloat && toFloat)
          return fromUnsigned
                     ? b.create<arith::UIToFPOp>(l, dst, v).getResult()
                     : b.create<arith::SIToFPOp>(l, dst, v).getResult();
        if (fromFloat)
          return toUnsigned ? b.create<arith::FPToUIOp>(l, dst, v).getResult()
                            : b.create<arith::FPToSIOp>(l, dst, v).getResult();
        if (srcBits < dstBits)
          return fromUnsigned ? b.create<arith::ExtUIOp>(l, dst, v).getResult()
                              : b.create<arith::ExtSIOp>(l, dst, v).getResult();
        if (srcBits > dstBits)
          return b.create<arith::TruncIOp>(l, dst, v).getResult();
        return v; // same width, signedness only: signless in MLIR
      });
  return setOutput(0, result, to);
}

Error OnnxGraphImporter::lowerConstant() {
  ConstTensorPtr c;
  if (const onnx::AttributeProto *a = attr("value")) {
    auto t = ConstTensor::fromProto(a->t());
    if (!t)
      return nodeError(toString(t.takeError()));
    c = *t;
  } else if (const onnx::AttributeProto *a = attr("value_float")) {
    c = ConstTensor::fromDoubles(kFloat, {}, {a->f()});
  } else if (const onnx::AttributeProto *a = attr("value_floats")) {
    SmallVector<double> v(a->floats().begin(), a->floats().end());
    c = ConstTensor::fromDoubles(kFloat, {static_cast<int64_t>(v.size())}, v);
  } else if (const onnx::AttributeProto *a = attr("value_int")) {
    c = ConstTensor::fromInts(kInt64, {}, {a->i()});
  } else if (const onnx::AttributeProto *a = attr("value_ints")) {
    SmallVector<int64_t> v(a->ints().begin(), a->ints().end());
    c = ConstTensor::fromInts(kInt64, {static_cast<int64_t>(v.size())}, v);
  } else {
    return nodeError("only tensor, float(s) and int(s) constants are "
                     "supported");
  }
  return setOutputConst(0, c);
}

Error OnnxGraphImporter::lowerShape() {
  auto s = inputShape(0);
  if (!s)
    return s.takeError();
  int64_t rank = s->size();
  int64_t start = normalizeAxis(attrInt("start", 0), rank);
  int64_t end = attr("end") ? normalizeAxis(attrInt("end", rank), rank) : rank;
  start = std::clamp<int64_t>(start, 0, rank);
  end = std::clamp<int64_t>(end, start, rank);
  SmallVector<int64_t> dims(s->begin() + start, s->begin() + end);
  return setOutputConst(
      0,
      ConstTensor::fromInts(kInt64, {static_cast<int64_t>(dims.size())}, dims));
}

Error OnnxGraphImporter::lowerSize() {
  auto s = inputShape(0);
  if (!s)
    return s.takeError();
  return setOutputConst(0,
                        ConstTensor::fromInts(kInt64, {}, {numElementsOf(*s)}));
}

/// Min/Max (variadic), comparisons, logic and Where on run-time tensors.
Error OnnxGraphImporter::lowerLogicOrMinMax() {
  StringRef op = node->op_type();
  SmallVector<ElementwiseOperand> ops;
  for (int i = 0; i < node->input_size(); ++i) {
    auto operand = elementwiseOperand(i);
    if (!operand)
      return operand.takeError();
    ops.push_back(*operand);
  }
  if (ops.empty())
    return nodeError("expects at least one input");
  // Where's condition is bool; its value operands decide the type.
  int first = op == "Where" ? 1 : 0;
  if (op == "Where" && ops.size() != 3)
    return nodeError("expects 3 inputs");
  SmallVector<int> same;
  for (int i = first; i < static_cast<int>(ops.size()); ++i)
    same.push_back(i);
  if (auto err = requireSameDType(same))
    return err;
  int32_t dtype = inputDType(first);
  bool isFloat = isFloatDType(dtype);
  auto cmp = [&](OpBuilder &b, Location l, Value x, Value y) -> Value {
    if (isFloat) {
      auto pred = op == "Equal"  ? arith::CmpFPredicate::OEQ
                  : op == "Less" ? arith::CmpFPredicate::OLT
                                 : arith::CmpFPredicate::OGT;
      return b.create<arith::CmpFOp>(l, pred, x, y);
    }
    bool u = isUnsignedDType(dtype);
    auto pred =
        op == "Equal" ? arith::CmpIPredicate::eq
        : op == "Less"
            ? (u ? arith::CmpIPredicate::ult : arith::CmpIPredicate::slt)
            : (u ? arith::CmpIPredicate::ugt : arith::CmpIPredicate::sgt);
    return b.create<arith::CmpIOp>(l, pred, x, y);
  };
  // Scalars folded into the body need the operand's own element type.
  SmallVector<Type> operandTypes;
  for (int i = 0; i < static_cast<int>(ops.size()); ++i)
    operandTypes.push_back(elementTypeFor(inputDType(i)));
  SmallVector<int64_t> outShape;
  for (const ElementwiseOperand &o : ops) {
    auto b = broadcastShapes(outShape, o.shape);
    if (!b)
      return nodeError("shapes " + shapeString(outShape) + " and " +
                       shapeString(o.shape) + " are not broadcastable");
    outShape = *b;
  }
  bool boolResult = op == "Equal" || op == "Less" || op == "Greater" ||
                    op == "And" || op == "Or" || op == "Not";
  int32_t outDType = boolResult ? kBool : dtype;
  SmallVector<Value> tensors;
  for (const ElementwiseOperand &o : ops)
    if (o.tensor)
      tensors.push_back(o.tensor);
  StringRef kind = (op == "Min" || op == "Max") ? "relu"
                   : op == "Where"              ? "copy"
                                                : "add";
  Value result = buildGeneric(
      kind, tensors, outShape, {}, elementTypeFor(outDType), 0,
      [&](OpBuilder &b, Location l, ValueRange args) -> Value {
        SmallVector<Value> v;
        size_t next = 0;
        for (auto [i, o] : llvm::enumerate(ops))
          v.push_back(o.scalar
                          ? scalarConstant(b, l, operandTypes[i], *o.scalar)
                          : args[next++]);
        if (op == "Where")
          return b.create<arith::SelectOp>(l, v[0], v[1], v[2]);
        if (op == "Not")
          return b.create<arith::XOrIOp>(
              l, v[0], scalarConstant(b, l, v[0].getType(), 1));
        if (op == "And")
          return b.create<arith::AndIOp>(l, v[0], v[1]);
        if (op == "Or")
          return b.create<arith::OrIOp>(l, v[0], v[1]);
        if (op == "Min" || op == "Max") {
          Value acc = v[0];
          for (Value x : ArrayRef<Value>(v).drop_front()) {
            if (isFloat)
              acc = op == "Min"
                        ? b.create<arith::MinimumFOp>(l, acc, x).getResult()
                        : b.create<arith::MaximumFOp>(l, acc, x).getResult();
            else if (isUnsignedDType(dtype))
              acc = op == "Min"
                        ? b.create<arith::MinUIOp>(l, acc, x).getResult()
                        : b.create<arith::MaxUIOp>(l, acc, x).getResult();
            else
              acc = op == "Min"
                        ? b.create<arith::MinSIOp>(l, acc, x).getResult()
                        : b.create<arith::MaxSIOp>(l, acc, x).getResult();
          }
          return acc;
        }
        return cmp(b, l, v[0], v[1]);
      });
  return setOutput(0, result, outDType);
}

Error OnnxGraphImporter::lowerFoldOnly() {
  return nodeError("supported only when all inputs are constants known at "
                   "import time (shape computations)");
}

//===----------------------------------------------------------------------===//
// Driver
//===----------------------------------------------------------------------===//

const llvm::StringMap<OnnxGraphImporter::Handler> &
OnnxGraphImporter::handlers() {
  using I = OnnxGraphImporter;
  static const llvm::StringMap<Handler> table = {
      {"Conv", &I::lowerConv},
      {"Gemm", &I::lowerGemm},
      {"MatMul", &I::lowerMatMul},
      {"MaxPool", &I::lowerMaxPool},
      {"AveragePool", &I::lowerAveragePool},
      {"GlobalAveragePool", &I::lowerGlobalAveragePool},
      {"GlobalMaxPool", &I::lowerGlobalMaxPool},
      {"Add", &I::lowerAdd},
      {"Sub", &I::lowerSub},
      {"Mul", &I::lowerMul},
      {"Div", &I::lowerDiv},
      {"Pow", &I::lowerPow},
      {"Relu", &I::lowerRelu},
      {"LeakyRelu", &I::lowerLeakyRelu},
      {"Sigmoid", &I::lowerSigmoid},
      {"HardSigmoid", &I::lowerHardSigmoid},
      {"HardSwish", &I::lowerHardSwish},
      {"Tanh", &I::lowerTanh},
      {"Erf", &I::lowerErf},
      {"Sqrt", &I::lowerSqrt},
      {"Exp", &I::lowerExp},
      {"Neg", &I::lowerNeg},
      {"Reciprocal", &I::lowerReciprocal},
      {"Clip", &I::lowerClip},
      {"BatchNormalization", &I::lowerBatchNormalization},
      {"LayerNormalization", &I::lowerLayerNormalization},
      {"ReduceMean", &I::lowerReduceMean},
      {"Softmax", &I::lowerSoftmax},
      {"Reshape", &I::lowerReshape},
      {"Flatten", &I::lowerFlatten},
      {"Squeeze", &I::lowerSqueeze},
      {"Unsqueeze", &I::lowerUnsqueeze},
      {"Transpose", &I::lowerTranspose},
      {"Concat", &I::lowerConcat},
      {"Slice", &I::lowerSlice},
      {"Split", &I::lowerSplit},
      {"Gather", &I::lowerGather},
      {"Identity", &I::lowerIdentity},
      {"Dropout", &I::lowerDropout},
      {"Expand", &I::lowerExpand},
      {"Cast", &I::lowerCast},
      {"Constant", &I::lowerConstant},
      {"Shape", &I::lowerShape},
      {"Size", &I::lowerSize},
      {"ConstantOfShape", &I::lowerFoldOnly},
      {"Range", &I::lowerFoldOnly},
      {"Equal", &I::lowerLogicOrMinMax},
      {"Less", &I::lowerLogicOrMinMax},
      {"Greater", &I::lowerLogicOrMinMax},
      {"Where", &I::lowerLogicOrMinMax},
      {"Not", &I::lowerLogicOrMinMax},
      {"And", &I::lowerLogicOrMinMax},
      {"Or", &I::lowerLogicOrMinMax},
      {"Min", &I::lowerLogicOrMinMax},
      {"Max", &I::lowerLogicOrMinMax},
  };
  return table;
}

static std::string nodeDisplayName(const onnx::NodeProto &n, int index) {
  return n.name().empty() ? n.op_type() + "_" + std::to_string(index)
                          : n.name();
}

Error OnnxGraphImporter::importNode(const onnx::NodeProto &n, int index) {
  node = &n;
  nodeName = nodeDisplayName(n, index);
  loc = NameLoc::get(builder.getStringAttr(nodeName));
  auto it = handlers().find(n.op_type());
  if (it == handlers().end())
    return nodeError("unsupported ONNX op '" + n.op_type() + "'");
  auto folded = tryFold();
  if (!folded)
    return folded.takeError();
  if (*folded)
    return Error::success();
  return (this->*(it->second))();
}

/// Static dims of a graph value type; an error naming the value otherwise.
static Expected<SmallVector<int64_t>>
staticShape(const onnx::ValueInfoProto &info, StringRef bufferName) {
  const onnx::TypeProto &type = info.type();
  if (!type.has_tensor_type())
    return makeError(bufferName + ": graph input '" + info.name() +
                     "' is not a tensor");
  if (!type.tensor_type().has_shape())
    return makeError(bufferName + ": graph input '" + info.name() +
                     "' has no shape; give one with --input-shape " +
                     info.name() + "=1x3x224x224");
  SmallVector<int64_t> dims;
  std::string example;
  int dynamic = -1;
  std::string dynamicName;
  for (auto [i, dim] : llvm::enumerate(type.tensor_type().shape().dim())) {
    int64_t v = dim.has_dim_value() ? dim.dim_value() : -1;
    if (v == 0)
      return makeError(bufferName + ": graph input '" + info.name() +
                       "' has a zero-size dimension " + Twine(i) +
                       " (empty tensors are not supported)");
    if (v < 0 && dynamic < 0) {
      dynamic = i;
      dynamicName = dim.has_dim_param() ? dim.dim_param() : "";
    }
    dims.push_back(v);
    example += (i ? "x" : "") + std::to_string(v > 0 ? v : 1);
  }
  if (dynamic >= 0)
    return makeError(bufferName + ": graph input '" + info.name() +
                     "' has dynamic dimension " + Twine(dynamic) +
                     (dynamicName.empty() ? "" : " ('" + dynamicName + "')") +
                     "; give its size with --input-shape " + info.name() + "=" +
                     example);
  return dims;
}

Expected<OwningOpRef<ModuleOp>> OnnxGraphImporter::run() {
  const onnx::GraphProto &graph = model.graph();
  for (const onnx::ValueInfoProto &vi : graph.value_info())
    inferredTypes[vi.name()] = &vi.type();
  for (const onnx::ValueInfoProto &vi : graph.output())
    inferredTypes[vi.name()] = &vi.type();

  for (const onnx::TensorProto &init : graph.initializer()) {
    auto c = ConstTensor::fromProto(init);
    if (!c)
      return makeError(bufferName + ": initializer " + toString(c.takeError()));
    ValueEntry entry;
    entry.constant = *c;
    entry.dtype = (*c)->dtype();
    values[init.name()] = entry;
  }

  auto module = OwningOpRef<ModuleOp>(
      ModuleOp::create(FileLineColLoc::get(&context, bufferName, 0, 0)));
  SmallVector<Type> argTypes;
  SmallVector<const onnx::ValueInfoProto *> args;
  for (const onnx::ValueInfoProto &in : graph.input()) {
    if (values.count(in.name()))
      continue; // IR < 4 lists initializers among the inputs
    auto shape = staticShape(in, bufferName);
    if (!shape)
      return shape.takeError();
    int32_t dtype = in.type().tensor_type().elem_type();
    if (dtypeByteSize(dtype) == 0)
      return makeError(bufferName + ": graph input '" + in.name() +
                       "' has unsupported element type " + dtypeName(dtype));
    argTypes.push_back(tensorType(*shape, dtype));
    args.push_back(&in);
  }

  std::string funcName = !options.funcName.empty()
                             ? options.funcName
                             : sanitizeIdentifier(graph.name(), "main");
  builder.setInsertionPointToEnd(module->getBody());
  auto func = builder.create<func::FuncOp>(
      NameLoc::get(builder.getStringAttr(graph.name())), funcName,
      builder.getFunctionType(argTypes, {}));
  Block *body = func.addEntryBlock();
  for (auto [i, in] : llvm::enumerate(args)) {
    ValueEntry entry;
    entry.value = body->getArgument(i);
    entry.dtype = in->type().tensor_type().elem_type();
    values[in->name()] = entry;
  }
  builder.setInsertionPointToEnd(body);

  for (auto [i, n] : llvm::enumerate(graph.node()))
    if (auto err = importNode(n, i))
      return std::move(err);

  SmallVector<Value> results;
  loc = NameLoc::get(builder.getStringAttr("output"));
  for (const onnx::ValueInfoProto &out : graph.output()) {
    auto it = values.find(out.name());
    if (it == values.end())
      return makeError(bufferName + ": graph output '" + out.name() +
                       "' is not produced by any node");
    results.push_back(materialize(out.name(), it->second));
  }
  builder.create<func::ReturnOp>(loc, results);
  func.setFunctionType(
      builder.getFunctionType(argTypes, ValueRange(results).getTypes()));
  if (failed(verify(*module)))
    return makeError(bufferName + ": the imported IR does not verify "
                                  "(importer bug; see the diagnostics above)");
  return std::move(module);
}

//===----------------------------------------------------------------------===//
// Public API
//===----------------------------------------------------------------------===//

Expected<std::pair<std::string, SmallVector<int64_t, 4>>>
cim::parseInputShapeSpec(StringRef spec) {
  auto [name, dims] = spec.rsplit('=');
  auto bad = [&](const Twine &why) {
    return makeError("--input-shape '" + spec + "': " + why +
                     " (expected name=1x3x224x224)");
  };
  if (name.empty() || dims.empty() || !spec.contains('='))
    return bad("missing name or dimensions");
  SmallVector<int64_t, 4> shape;
  SmallVector<StringRef> parts;
  dims.split(parts, 'x');
  for (StringRef p : parts) {
    int64_t v;
    if (p.getAsInteger(10, v) || v <= 0)
      return bad("'" + p + "' is not a positive integer");
    shape.push_back(v);
  }
  return std::make_pair(name.str(), shape);
}

void cim::registerOnnxImportDialects(DialectRegistry &registry) {
  registry.insert<arith::ArithDialect, func::FuncDialect, linalg::LinalgDialect,
                  math::MathDialect, tensor::TensorDialect>();
}

static Error checkOpsets(const onnx::ModelProto &model, StringRef bufferName,
                         int64_t &opset) {
  opset = -1;
  for (const onnx::OperatorSetIdProto &id : model.opset_import()) {
    if (id.domain().empty() || id.domain() == "ai.onnx") {
      opset = id.version();
      if (opset < kMinOnnxOpset || opset > kMaxOnnxOpset)
        return makeError(bufferName + ": model opset " + Twine(opset) +
                         " is outside the supported range " +
                         Twine(kMinOnnxOpset) + ".." + Twine(kMaxOnnxOpset));
    }
  }
  if (opset < 0)
    return makeError(bufferName +
                     ": model declares no default-domain (ai.onnx) opset");
  return Error::success();
}

static Error applyInputShapes(onnx::ModelProto &model, StringRef bufferName,
                              const OnnxImportOptions &options) {
  onnx::GraphProto *graph = model.mutable_graph();
  for (const auto &[name, shape] : options.inputShapes) {
    onnx::ValueInfoProto *target = nullptr;
    std::string known;
    for (onnx::ValueInfoProto &in : *graph->mutable_input()) {
      known += (known.empty() ? "" : ", ") + in.name();
      if (in.name() == name)
        target = &in;
    }
    if (!target)
      return makeError(bufferName + ": --input-shape names '" + name +
                       "' but the graph inputs are: " + known);
    onnx::TypeProto_Tensor *tensor =
        target->mutable_type()->mutable_tensor_type();
    const onnx::TensorShapeProto &old = tensor->shape();
    if (tensor->has_shape() && old.dim_size() != static_cast<int>(shape.size()))
      return makeError(bufferName + ": --input-shape gives " +
                       Twine(shape.size()) + " dimensions for '" + name +
                       "' but the model declares rank " +
                       Twine(old.dim_size()));
    for (int i = 0; i < old.dim_size(); ++i)
      if (old.dim(i).has_dim_value()) {
        const auto &dim = old.dim(i);
        if (dim.dim_value() != shape[i])
          return makeError(bufferName + ": --input-shape sets dimension " +
                           Twine(i) + " of '" + name + "' to " +
                           Twine(shape[i]) + " but the model fixes it to " +
                           Twine(dim.dim_value()));
      }
    onnx::TensorShapeProto *newShape = tensor->mutable_shape();
    newShape->clear_dim();
    for (int64_t d : shape)
      newShape->add_dim()->set_dim_value(d);
  }
  return Error::success();
}

Expected<OwningOpRef<ModuleOp>>
cim::importOnnxModel(StringRef bytes, StringRef bufferName,
                     MLIRContext &context, const OnnxImportOptions &options) {
  auto model = std::make_shared<onnx::ModelProto>();
  if (bytes.size() > static_cast<size_t>(std::numeric_limits<int>::max()) ||
      !model->ParseFromArray(bytes.data(), static_cast<int>(bytes.size())))
    return makeError(bufferName + ": not a valid ONNX model (the protobuf is "
                                  "malformed or truncated)");
  if (!model->has_graph())
    return makeError(bufferName + ": not a valid ONNX model (no graph)");
  int64_t opset;
  if (auto err = checkOpsets(*model, bufferName, opset))
    return std::move(err);
  // Unsupported ops are reported before the checker runs, naming the node.
  for (auto [i, n] : llvm::enumerate(model->graph().node())) {
    bool defaultDomain = n.domain().empty() || n.domain() == "ai.onnx";
    if (!defaultDomain || !OnnxGraphImporter::supportsOp(n.op_type()))
      return makeError(bufferName + ": node '" + nodeDisplayName(n, i) + "' (" +
                       n.op_type() + "): unsupported ONNX op '" +
                       (defaultDomain ? "" : n.domain() + ".") + n.op_type() +
                       "'");
  }
  if (auto err = applyInputShapes(*model, bufferName, options))
    return std::move(err);
  if (auto err = checkAndInferOnnxShapes(*model))
    return makeError(bufferName + ": " + toString(std::move(err)));

  context.loadDialect<arith::ArithDialect, func::FuncDialect,
                      linalg::LinalgDialect, math::MathDialect,
                      tensor::TensorDialect>();
  OnnxGraphImporter importer(context, std::move(model), bufferName, options,
                             opset);
  return importer.run();
}
