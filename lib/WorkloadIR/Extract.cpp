//===- Extract.cpp - Workload IR -> cim::Workload ----------------------===//
//
// Walks the single block of a func.func in program order and turns every
// compute op into a layer, fusing per-element work into the layer it follows.
// Data-movement ops only forward the producers of their inputs.
//
//===----------------------------------------------------------------------===//

#include "WorkloadIRCommon.h"

#include "cim/InitAllDialects.h"
#include "cim/WorkloadIR/GemmView.h"
#include "cim/WorkloadIR/WorkloadIR.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/AffineExpr.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/Matchers.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/STLExtras.h"

#include <optional>

using namespace mlir;
using cim::detail::Geometry;

namespace cim {

void loadWorkloadDialects(MLIRContext &context) {
  DialectRegistry registry;
  registerAllDialects(registry);
  context.appendDialectRegistry(registry);
  context.loadAllAvailableDialects();
}

namespace {

struct Pads {
  int64_t top = 0, bottom = 0, left = 0, right = 0;
};

/// Bookkeeping for one layer while later ops may still fuse into it.
struct LayerState {
  llvm::DenseSet<Value> produced; // results of the layer's ops
  llvm::DenseSet<Value> consumed; // computed values the layer's ops read
  Value result;                   // result of the layer's last op
  std::optional<VectorOp> lastKind;
};

std::string nameFromLoc(Location loc) {
  if (auto nameLoc = dyn_cast<NameLoc>(loc))
    return nameLoc.getName().str();
  if (auto fused = dyn_cast<FusedLoc>(loc))
    for (Location inner : fused.getLocations())
      if (std::string name = nameFromLoc(inner); !name.empty())
        return name;
  return "";
}

bool isDataMovement(Operation *op) {
  return isa<tensor::PadOp, tensor::CollapseShapeOp, tensor::ExpandShapeOp,
             tensor::ReshapeOp, tensor::ExtractSliceOp, tensor::InsertSliceOp,
             tensor::ConcatOp, tensor::CastOp, linalg::TransposeOp,
             linalg::BroadcastOp, linalg::CopyOp>(op);
}

/// The tensor operands that carry data (not shapes, pad values or inits).
SmallVector<Value> dataInputs(Operation *op) {
  if (auto pad = dyn_cast<tensor::PadOp>(op))
    return {pad.getSource()};
  if (auto reshape = dyn_cast<tensor::ReshapeOp>(op))
    return {reshape.getSource()};
  if (auto slice = dyn_cast<tensor::ExtractSliceOp>(op))
    return {slice.getSource()};
  if (auto insert = dyn_cast<tensor::InsertSliceOp>(op))
    return {insert.getSource(), insert.getDest()};
  if (auto dps = dyn_cast<DestinationStyleOpInterface>(op))
    return llvm::to_vector(dps.getDpsInputs());
  SmallVector<Value> values;
  for (Value v : op->getOperands())
    if (isa<TensorType>(v.getType()))
      values.push_back(v);
  return values;
}

std::optional<int64_t> staticElements(Type type) {
  auto ranked = dyn_cast<RankedTensorType>(type);
  if (!ranked || !ranked.hasStaticShape())
    return std::nullopt;
  return ranked.getNumElements();
}

/// Body of an untagged all-parallel linalg.generic: one arith/math op feeding
/// the yield. Anything else is not classified (the caller reports it).
std::optional<VectorOp> classifyGenericBody(linalg::GenericOp generic) {
  if (generic.getNumReductionLoops() != 0)
    return std::nullopt;
  Block &body = generic.getRegion().front();
  if (body.getOperations().size() != 2)
    return std::nullopt;
  Operation &compute = body.front();
  auto yield = cast<linalg::YieldOp>(body.getTerminator());
  if (yield.getNumOperands() != 1 ||
      yield.getOperand(0).getDefiningOp() != &compute)
    return std::nullopt;
  if (isa<arith::AddFOp, arith::AddIOp>(compute))
    return VectorOp::Add;
  if (isa<arith::MulFOp, arith::MulIOp>(compute))
    return VectorOp::Mul;
  if (isa<arith::DivFOp>(compute))
    return VectorOp::Div;
  if (isa<math::ExpOp>(compute))
    return VectorOp::Exp;
  if (isa<math::TanhOp>(compute))
    return VectorOp::Tanh;
  if (isa<arith::MaximumFOp, arith::MaxNumFOp>(compute)) {
    // max(x, 0.0) with x a block argument is ReLU.
    for (unsigned i = 0; i < 2; ++i) {
      Value other = compute.getOperand(1 - i);
      if (isa<BlockArgument>(compute.getOperand(i)) &&
          matchPattern(other, m_AnyZeroFloat()))
        return VectorOp::Relu;
    }
  }
  return std::nullopt;
}

/// Reads `tensor.pad` low/high amounts on the two trailing (spatial) dims.
FailureOr<Pads> spatialPads(tensor::PadOp pad, Operation *user) {
  ArrayRef<int64_t> low = pad.getStaticLow(), high = pad.getStaticHigh();
  size_t rank = low.size();
  if (rank < 2 || llvm::is_contained(low, ShapedType::kDynamic) ||
      llvm::is_contained(high, ShapedType::kDynamic))
    return user->emitError()
           << "expected the tensor.pad feeding '" << user->getName()
           << "' to have static padding on its two spatial dimensions";
  for (size_t d = 0; d + 2 < rank; ++d)
    if (low[d] != 0 || high[d] != 0)
      return user->emitError()
             << "the tensor.pad feeding '" << user->getName()
             << "' pads dimension " << d
             << "; only the two trailing spatial dimensions may be padded";
  return Pads{low[rank - 2], high[rank - 2], low[rank - 1], high[rank - 1]};
}

/// The pad directly feeding a conv/pool input; for grouped convs the pad
/// may sit before the expand_shape that splits channels into groups.
tensor::PadOp findFeedingPad(Value input) {
  if (auto pad = input.getDefiningOp<tensor::PadOp>())
    return pad;
  if (auto expand = input.getDefiningOp<tensor::ExpandShapeOp>())
    if (auto pad = expand.getSrc().getDefiningOp<tensor::PadOp>())
      if (pad.getResultType().getRank() == 4)
        return pad;
  return nullptr;
}

/// Window of a pooling op along one spatial output dim: the input index
/// expression `stride * d_out + dilation * d_win`; kernel = extent of d_win.
struct Window {
  int64_t kernel = 1, stride = 1, dilation = 1;
};

std::optional<Window> windowOf(linalg::LinalgOp op, AffineExpr inputExpr,
                               ArrayRef<int64_t> loopRanges) {
  Window window;
  SmallVector<AffineExpr> terms;
  SmallVector<AffineExpr> worklist{inputExpr};
  while (!worklist.empty()) {
    AffineExpr e = worklist.pop_back_val();
    if (e.getKind() == AffineExprKind::Add) {
      auto bin = cast<AffineBinaryOpExpr>(e);
      worklist.push_back(bin.getLHS());
      worklist.push_back(bin.getRHS());
    } else {
      terms.push_back(e);
    }
  }
  SmallVector<utils::IteratorType> iterators = op.getIteratorTypesArray();
  for (AffineExpr term : terms) {
    int64_t coefficient = 1;
    AffineExpr dimExpr = term;
    if (term.getKind() == AffineExprKind::Mul) {
      auto bin = cast<AffineBinaryOpExpr>(term);
      auto lhsConst = dyn_cast<AffineConstantExpr>(bin.getLHS());
      auto rhsConst = dyn_cast<AffineConstantExpr>(bin.getRHS());
      if (rhsConst) {
        coefficient = rhsConst.getValue();
        dimExpr = bin.getLHS();
      } else if (lhsConst) {
        coefficient = lhsConst.getValue();
        dimExpr = bin.getRHS();
      } else {
        return std::nullopt;
      }
    }
    auto dim = dyn_cast<AffineDimExpr>(dimExpr);
    if (!dim)
      return std::nullopt;
    unsigned position = dim.getPosition();
    if (iterators[position] == utils::IteratorType::reduction) {
      window.dilation = coefficient;
      window.kernel = loopRanges[position];
    } else {
      window.stride = coefficient;
    }
  }
  return window;
}

class Extractor {
public:
  explicit Extractor(func::FuncOp func) : func(func) {}

  FailureOr<ExtractedWorkload> run() {
    result.workload.name = func.getSymName().str();
    if (func.getBody().empty())
      return func.emitError() << "expected a function with a body";
    if (!func.getBody().hasOneBlock())
      return func.emitError()
             << "expected a single-block function in the workload IR";
    for (BlockArgument arg : func.getArguments())
      producers[arg] = {-1};
    for (Operation &op : func.getBody().front())
      if (failed(visit(&op)))
        return failure();
    return std::move(result);
  }

private:
  LogicalResult visit(Operation *op);
  LogicalResult visitGemm(Operation *op);
  LogicalResult visitVector(Operation *op, VectorOp kind);
  LogicalResult checkStaticTensors(Operation *op);

  bool isConstant(Value v) const { return constants.contains(v); }

  /// Computed (non-constant) tensor operands: inputs, then inits that are
  /// not also inputs.
  SmallVector<Value> computedOperands(Operation *op) const {
    SmallVector<Value> values;
    for (Value v : dataInputs(op))
      if (isa<TensorType>(v.getType()) && !isConstant(v))
        values.push_back(v);
    if (auto dps = dyn_cast<DestinationStyleOpInterface>(op))
      for (Value v : dps.getDpsInits())
        if (!isConstant(v) && !llvm::is_contained(values, v))
          values.push_back(v);
    return values;
  }

  /// Producers of each value in turn; a value reached from several
  /// producers (a concat) contributes each once. Two operands from the same
  /// producer (Q and K from one projection) both count.
  std::vector<int> producersOf(ArrayRef<Value> values) const {
    std::vector<int> indices;
    for (Value v : values) {
      auto it = producers.find(v);
      if (it == producers.end())
        continue;
      std::vector<int> own;
      for (int index : it->second)
        if (!llvm::is_contained(own, index))
          own.push_back(index);
      indices.insert(indices.end(), own.begin(), own.end());
    }
    return indices;
  }

  /// The tensor a computed operand was made from: back through data
  /// movement until a layer's output, a function argument or another op.
  /// Layers describe their input by this tensor's geometry.
  /// A value of a layer whose shape is that layer's output geometry ends
  /// the walk; reshapes a layer's chain absorbed (the collapse after a
  /// grouped conv) are looked through unless nothing better is found.
  Value sourceOf(Value v) const {
    Value firstOwned;
    while (true) {
      if (auto it = owner.find(v); it != owner.end()) {
        const Layer &layer = result.workload.layers[it->second];
        Geometry g =
            detail::geometryOf(cast<RankedTensorType>(v.getType()).getShape());
        if (g.channels == layer.outChannels && g.h == layer.out_h &&
            g.w == layer.out_w)
          return v;
        if (!firstOwned)
          firstOwned = v;
      }
      Operation *def = v.getDefiningOp();
      Value next;
      if (def && isDataMovement(def) && !def->hasAttr(kVectorOpAttrName))
        for (Value input : dataInputs(def))
          if (!isConstant(input)) {
            next = input;
            break;
          }
      if (!next)
        return firstOwned ? firstOwned : v;
      v = next;
    }
  }

  int addLayer(Operation *op, Layer layer, ArrayRef<Value> consumed,
               std::optional<VectorOp> lastKind) {
    int index = static_cast<int>(result.workload.layers.size());
    layer.name = nameFromLoc(op->getLoc());
    if (layer.name.empty())
      layer.name = (layer.isGemm() ? stringifyLayerKind(layer.kind)
                                   : stringifyVectorOp(*lastKind))
                       .str() +
                   "_" + std::to_string(index);
    result.workload.layers.push_back(std::move(layer));
    result.anchors.push_back(op);
    result.fused.emplace_back();
    result.fusedKinds.emplace_back();
    LayerState state;
    state.consumed.insert(consumed.begin(), consumed.end());
    state.lastKind = lastKind;
    states.push_back(std::move(state));
    recordResults(index, op);
    return index;
  }

  void recordResults(int index, Operation *op) {
    LayerState &state = states[index];
    for (Value v : op->getResults()) {
      producers[v] = {index};
      owner[v] = index;
      state.produced.insert(v);
    }
    state.result = op->getNumResults() ? op->getResult(0) : Value();
  }

  func::FuncOp func;
  ExtractedWorkload result;
  std::vector<LayerState> states;
  llvm::DenseMap<Value, std::vector<int>> producers;
  llvm::DenseMap<Value, int> owner; // values made by a layer's own ops
  llvm::DenseSet<Value> constants;  // weights, inits, values derived from them
};

LogicalResult Extractor::checkStaticTensors(Operation *op) {
  for (Type type : llvm::concat<Type>(llvm::to_vector(op->getOperandTypes()),
                                      llvm::to_vector(op->getResultTypes()))) {
    if (!isa<TensorType>(type))
      continue;
    if (!staticElements(type))
      return op->emitError() << "expected statically shaped ranked tensors in "
                                "the workload IR, found "
                             << type;
  }
  return success();
}

LogicalResult Extractor::visit(Operation *op) {
  if (isa<func::ReturnOp>(op))
    return success();
  if (failed(checkStaticTensors(op)))
    return failure();
  if (isa<arith::ConstantOp, tensor::EmptyOp, linalg::FillOp>(op)) {
    for (Value v : op->getResults())
      constants.insert(v);
    return success();
  }
  bool touchesTensors =
      llvm::any_of(op->getOperandTypes(), llvm::IsaPred<TensorType>) ||
      llvm::any_of(op->getResultTypes(), llvm::IsaPred<TensorType>);
  if (!touchesTensors &&
      isa<arith::ArithDialect, math::MathDialect>(op->getDialect()))
    return success(); // scalar arithmetic (pad values, scales)

  FailureOr<std::optional<VectorOp>> tag = getVectorOpTag(op);
  if (failed(tag))
    return failure();

  if (isGemmOp(op))
    return visitGemm(op);

  if (isDataMovement(op)) {
    if (*tag) {
      if (**tag != VectorOp::Copy)
        return op->emitError()
               << "data-movement op '" << op->getName() << "' may only carry "
               << kVectorOpAttrName << " = #cim.vector_op<copy>, found "
               << stringifyVectorOp(**tag);
      return visitVector(op, VectorOp::Copy);
    }
    SmallVector<Value> inputs = computedOperands(op);
    if (inputs.empty()) {
      for (Value v : op->getResults())
        constants.insert(v);
      return success();
    }
    std::vector<int> indices = producersOf(inputs);
    for (Value v : op->getResults())
      producers[v] = indices;
    // A pure reshape of a layer's single-use result (the collapse after a
    // grouped conv) keeps that layer's chain open for fusion.
    if (isa<tensor::CollapseShapeOp, tensor::ExpandShapeOp, tensor::ReshapeOp,
            tensor::CastOp>(op) &&
        inputs.size() == 1) {
      if (auto it = owner.find(inputs[0]); it != owner.end()) {
        LayerState &state = states[it->second];
        if (state.result == inputs[0] && inputs[0].hasOneUse()) {
          owner[op->getResult(0)] = it->second;
          state.produced.insert(op->getResult(0));
          state.result = op->getResult(0);
        }
      }
    }
    return success();
  }

  if (op->getDialect() && isa<linalg::LinalgDialect>(op->getDialect())) {
    std::optional<VectorOp> kind = *tag;
    if (!kind) {
      if (isa<linalg::SoftmaxOp>(op))
        kind = VectorOp::Softmax;
      else if (isa<linalg::PoolingNchwMaxOp>(op))
        kind = VectorOp::MaxPool;
      else if (isa<linalg::PoolingNchwSumOp>(op))
        kind = VectorOp::AvgPool;
      else if (isa<linalg::AddOp>(op))
        kind = VectorOp::Add;
      else if (isa<linalg::MulOp>(op))
        kind = VectorOp::Mul;
      else if (isa<linalg::DivOp>(op))
        kind = VectorOp::Div;
      else if (isa<linalg::ExpOp>(op))
        kind = VectorOp::Exp;
      else if (auto generic = dyn_cast<linalg::GenericOp>(op))
        kind = classifyGenericBody(generic);
    }
    if (!kind)
      return op->emitError()
             << "cannot classify '" << op->getName() << "': add a "
             << kVectorOpAttrName
             << " attribute naming its vector work (e.g. #cim.vector_op<relu>)";
    return visitVector(op, *kind);
  }

  return op->emitError() << "unsupported op '" << op->getName()
                         << "' in the workload IR";
}

LogicalResult Extractor::visitGemm(Operation *op) {
  auto linalgOp = cast<linalg::LinalgOp>(op);
  GemmView view = *getGemmView(op);
  Layer layer;
  layer.m = view.m;
  layer.k = view.k;
  layer.n = view.n;
  if (view.isConv()) {
    const ConvGeometry &c = view.conv;
    layer.kind = LayerKind::Conv;
    layer.strideH = c.strideH;
    layer.stride_w = c.strideW;
    layer.dilationH = c.dilationH;
    layer.dilation_w = c.dilationW;
    Pads pads;
    if (tensor::PadOp pad = findFeedingPad(view.input)) {
      FailureOr<Pads> read = spatialPads(pad, op);
      if (failed(read))
        return failure();
      pads = *read;
    }
    layer.padTop = pads.top;
    layer.pad_bottom = pads.bottom;
    layer.pad_left = pads.left;
    layer.pad_right = pads.right;
    layer.images = c.images;
    layer.in_h = c.inH - pads.top - pads.bottom;
    layer.in_w = c.inW - pads.left - pads.right;
    layer.out_h = c.outH;
    layer.out_w = c.outW;
    layer.groups = c.groups;
    layer.inChannels = c.groups * c.channelsPerGroup;
    layer.outChannels = c.groups * c.filtersPerGroup;
    layer.kernelH = c.kernelH;
    layer.kernel_w = c.kernelW;
  } else {
    Value activation = view.input;
    if (isConstant(view.input) && !isConstant(view.filter)) {
      // W x X: the static matrix is the left operand; as a layer it is
      // X^T (tokens = columns of X) times W^T.
      layer.kind = LayerKind::Matmul;
      std::swap(layer.m, layer.n);
      activation = view.filter;
    } else {
      layer.kind =
          isConstant(view.filter) ? LayerKind::Matmul : LayerKind::BatchMatmul;
    }
    // Static weights per instance are groups; run-time operands are heads.
    if (layer.kind == LayerKind::Matmul)
      layer.groups = view.batch;
    else
      layer.batch = view.batch;
    Geometry in = detail::geometryOf(
        cast<RankedTensorType>(sourceOf(activation).getType()).getShape());
    layer.images = in.images;
    layer.inChannels = in.channels;
    layer.in_h = in.h;
    layer.in_w = in.w;
    layer.outChannels = view.batch * layer.n;
  }
  SmallVector<Value> consumed = computedOperands(op);
  // The accumulator init of a GEMM is not an activation input.
  SmallVector<Value> inputs;
  for (Value v : linalgOp.getDpsInputs())
    if (!isConstant(v))
      inputs.push_back(v);
  layer.operands = producersOf(inputs);
  addLayer(op, std::move(layer), consumed, std::nullopt);
  return success();
}

LogicalResult Extractor::visitVector(Operation *op, VectorOp kind) {
  if (op->getNumResults() == 0)
    return op->emitError() << "expected '" << op->getName()
                           << "' to have a tensor result";
  SmallVector<Value> inputs = computedOperands(op);
  ArrayRef<int64_t> outShape =
      cast<RankedTensorType>(op->getResult(0).getType()).getShape();
  int64_t outElements = detail::productOf(outShape);

  // Continue the most recent layer this op reads from, if it can.
  int candidate = -1;
  for (Value v : inputs)
    if (auto it = owner.find(v); it != owner.end())
      candidate = std::max(candidate, it->second);
  if (candidate >= 0) {
    LayerState &state = states[candidate];
    Layer &layer = result.workload.layers[candidate];
    bool merges =
        state.lastKind == kind && detail::isMultiOpKind(kind) &&
        llvm::all_of(inputs, [&](Value v) {
          return state.produced.contains(v) || state.consumed.contains(v);
        });
    bool fuses = !merges && detail::isFusibleKind(kind) && inputs.size() == 1 &&
                 inputs[0] == state.result &&
                 llvm::all_of(state.result.getUsers(),
                              [&](Operation *user) { return user == op; });
    if (merges || fuses) {
      if (merges) {
        if (!detail::isPoolingKind(kind))
          layer.vectorWork.back().elements = outElements;
        if (!layer.isGemm()) {
          Geometry out = detail::geometryOf(outShape);
          layer.images = out.images;
          layer.outChannels = out.channels;
          layer.out_h = out.h;
          layer.out_w = out.w;
        }
      } else {
        layer.vectorWork.push_back({kind, outElements});
      }
      for (Value v : inputs)
        if (!state.produced.contains(v))
          state.consumed.insert(v);
      state.lastKind = kind;
      result.fused[candidate].push_back(op);
      result.fusedKinds[candidate].push_back(kind);
      recordResults(candidate, op);
      return success();
    }
  }

  Layer layer;
  layer.kind = LayerKind::Vector;
  Value source = inputs.empty() ? op->getResult(0) : inputs.front();
  Pads pads;
  if (detail::isPoolingKind(kind) && !inputs.empty())
    if (auto pad = source.getDefiningOp<tensor::PadOp>()) {
      FailureOr<Pads> read = spatialPads(pad, op);
      if (failed(read))
        return failure();
      pads = *read;
      source = pad.getSource();
    }
  // Pooling counts the elements it reads; the input geometry is that of the
  // tensor the operand was made from (before reshapes, slices, pads).
  int64_t readElements =
      detail::productOf(cast<RankedTensorType>(source.getType()).getShape());
  if (!inputs.empty())
    source = sourceOf(source);
  ArrayRef<int64_t> inShape =
      cast<RankedTensorType>(source.getType()).getShape();
  Geometry in = detail::geometryOf(inShape);
  Geometry out = detail::geometryOf(outShape);
  // A vector layer's `images` is that of its output (a slice can change it).
  layer.images = out.images;
  layer.inChannels = in.channels;
  layer.in_h = in.h;
  layer.in_w = in.w;
  layer.outChannels = out.channels;
  layer.out_h = out.h;
  layer.out_w = out.w;
  if (kind == VectorOp::AvgPool || kind == VectorOp::MaxPool) {
    layer.padTop = pads.top;
    layer.pad_bottom = pads.bottom;
    layer.pad_left = pads.left;
    layer.pad_right = pads.right;
    auto linalgOp = dyn_cast<linalg::LinalgOp>(op);
    if (!linalgOp || inputs.empty() ||
        cast<RankedTensorType>(inputs.front().getType()).getRank() != 4 ||
        outShape.size() != 4)
      return op->emitError() << "expected '" << stringifyVectorOp(kind)
                             << "' to be a linalg op from an NCHW tensor to "
                                "an NCHW tensor";
    AffineMap map =
        linalgOp.getMatchingIndexingMap(linalgOp.getDpsInputOperand(0));
    SmallVector<int64_t> ranges = linalgOp.getStaticLoopRanges();
    std::optional<Window> rows, cols;
    if (map.getNumResults() == 4) {
      rows = windowOf(linalgOp, map.getResult(2), ranges);
      cols = windowOf(linalgOp, map.getResult(3), ranges);
    }
    if (!rows || !cols)
      return op->emitError() << "cannot read the pooling window of '"
                             << op->getName() << "' from its indexing maps";
    layer.kernelH = rows->kernel;
    layer.kernel_w = cols->kernel;
    layer.strideH = rows->stride;
    layer.stride_w = cols->stride;
    layer.dilationH = rows->dilation;
    layer.dilation_w = cols->dilation;
  }
  int64_t elements = detail::isPoolingKind(kind) ? readElements : outElements;
  layer.vectorWork.push_back({kind, elements});
  // The second operand's size, read from the tensor it was made from (an
  // SE gate is C elements however it is broadcast).
  if (inputs.size() >= 2)
    layer.secondInputElements = detail::productOf(
        cast<RankedTensorType>(sourceOf(inputs[1]).getType()).getShape());
  layer.operands = producersOf(inputs);
  addLayer(op, std::move(layer), inputs, kind);
  return success();
}

} // namespace

FailureOr<ExtractedWorkload> extractWorkload(func::FuncOp func) {
  return Extractor(func).run();
}

} // namespace cim
