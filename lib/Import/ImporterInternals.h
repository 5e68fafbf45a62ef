//===- ImporterInternals.h - The ONNX graph importer's shared parts -*- C++
//-*-===//
//
// Private to lib/Import. One class, OnnxGraphImporter, imports a graph; its
// methods are spread over one file per op family behind this header, the
// way CIRCT's ImportVerilog spreads its Context over Expressions.cpp,
// Statements.cpp and Structure.cpp:
//
//   OnnxImporter.cpp     public API, model checks, the walk over the nodes and
//                        the op table (which method lowers which ONNX op)
//   Builders.cpp         node inputs, attributes and outputs, types,
//                        constants, the cim.vector_op tag and the IR building
//                        blocks every lowering uses
//   ConstantFolding.cpp  nodes whose inputs are all constants (shape
//                        sub-graphs such as x.view(x.size(0), -1))
//   Contractions.cpp     Conv, Gemm, MatMul
//   Pooling.cpp          MaxPool, AveragePool, GlobalAveragePool/MaxPool
//   Elementwise.cpp      arithmetic, activations, comparisons, logic, Cast
//   Normalization.cpp    BatchNormalization, LayerNormalization, ReduceMean,
//                        Softmax
//   DataMovement.cpp     reshapes, Transpose, Concat, Slice, Split, Gather,
//                        Expand, Identity, Dropout, Constant, Shape, Size
//
//===----------------------------------------------------------------------===//

#ifndef CIM_LIB_IMPORT_IMPORTERINTERNALS_H
#define CIM_LIB_IMPORT_IMPORTERINTERNALS_H

#include "ConstTensor.h"

#include "cim/CostModel/Workload.h"
#include "cim/Dialect/Cim/IR/CimAttrs.h"
#include "cim/Import/OnnxImporter.h"
#include "cim/Support/Error.h"

#include "onnx/onnx_pb.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/Location.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/IR/OwningOpRef.h"

#include "llvm/ADT/STLFunctionalExtras.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"

#include <array>
#include <functional>
#include <memory>
#include <optional>
#include <string>

namespace cim::onnx_import {

// The importer's files spell these LLVM names without llvm::.
using llvm::ArrayRef;
using llvm::Error;
using llvm::Expected;
using llvm::SmallVector;
using llvm::StringRef;
using llvm::Twine;

//===----------------------------------------------------------------------===//
// Free helpers
//===----------------------------------------------------------------------===//

using cim::makeError;
/// "[1,3,224,224]".
std::string shapeString(llvm::ArrayRef<int64_t> shape);
/// Identifier-safe spelling: [A-Za-z0-9_], not starting with a digit.
std::string sanitizeIdentifier(llvm::StringRef name, llvm::StringRef fallback);
/// numpy-style broadcast of two shapes; nullopt when incompatible.
std::optional<llvm::SmallVector<int64_t>>
broadcastShapes(llvm::ArrayRef<int64_t> a, llvm::ArrayRef<int64_t> b);
/// Flat index in a tensor of shape `in` (right-aligned, broadcast) for each
/// flat index of `out`.
std::function<int64_t(int64_t)> broadcastSource(llvm::ArrayRef<int64_t> out,
                                                llvm::ArrayRef<int64_t> in);
bool isUnsignedDType(int32_t dtype);
int64_t normalizeAxis(int64_t axis, int64_t rank);
/// Checks that must hold before ONNX shape inference runs: a graph with
/// nodes and outputs, window attributes in range, Conv input and weight
/// ranks (AttributeChecks.cpp). A Conv without `kernel_shape` whose weight
/// shape is known gets the attribute (the spec's default), so that libonnx
/// checks it against the input's rank.
llvm::Error checkGraphStructure(onnx::GraphProto &graph);
/// The same Conv rank check for a weight computed by other nodes, whose
/// shape only shape inference knows: a lenient inference of the graph
/// without those Convs (whose own inference is what may read out of bounds)
/// gives the weight's shape; a weight whose shape stays unknown is an error
/// asking for `kernel_shape`. Runs after the input shapes are final.
llvm::Error checkConvWeightsFromNodes(onnx::ModelProto &model);
/// Why a tensor of `shape` exceeds the import limits (a dimension above
/// kMaxDimSize, more than `maxElements` elements), or nullopt.
std::optional<std::string> tensorSizeProblem(llvm::ArrayRef<int64_t> shape,
                                             int64_t maxElements);

//===----------------------------------------------------------------------===//
// The importer
//===----------------------------------------------------------------------===//

/// What an ONNX value name stands for: a constant known at import time or
/// an SSA value (a constant gets its SSA value when first used).
struct ValueEntry {
  mlir::Value value;
  ConstTensorPtr constant;
  int32_t dtype = kFloat;
  /// Produced by a Conv/Gemm/MatMul lowering: a following Add of a
  /// per-channel constant is that layer's bias.
  bool fromContraction = false;
};

/// One operand of an element-wise op: a tensor, or a scalar constant that is
/// folded into the op's body.
struct ElementwiseOperand {
  mlir::Value tensor;
  std::optional<double> scalar;
  llvm::SmallVector<int64_t> shape;
};

/// Builds the scalar body of a linalg.generic from its block arguments.
using BodyFn = llvm::function_ref<mlir::Value(mlir::OpBuilder &, mlir::Location,
                                              mlir::ValueRange)>;

/// The four arithmetic ops (Add, Sub, Mul, Div).
enum class Arithmetic { Add, Sub, Mul, Div };

/// A resolved 2-D sliding window (auto_pad and ceil_mode applied).
struct Window2d {
  int64_t kernel[2], stride[2], dilation[2];
  int64_t padLow[2], padHigh[2]; // as declared (or from auto_pad)
  int64_t extraHigh[2];          // ceil_mode: windows running past padHigh
  int64_t out[2];
};

class OnnxGraphImporter {
public:
  OnnxGraphImporter(mlir::MLIRContext &context,
                    std::shared_ptr<const onnx::ModelProto> model,
                    const OnnxImportOptions &options, int64_t opset)
      : context(context), builder(&context), modelOwner(model), model(*model),
        options(options), opset(opset), loc(mlir::UnknownLoc::get(&context)) {}

  /// Imports the graph. Errors name the node or value, not the buffer.
  llvm::Expected<mlir::OwningOpRef<mlir::ModuleOp>>
  run(llvm::StringRef bufferName);
  static bool supportsOp(llvm::StringRef opType);
  /// "<OpType>_<index>" for unnamed nodes.
  static std::string nodeDisplayName(const onnx::NodeProto &node, int index);

private:
  using Lowering = llvm::Error (OnnxGraphImporter::*)();
  /// The supported ONNX ops and the method lowering each (OnnxImporter.cpp).
  static const llvm::StringMap<Lowering> &lowerings();
  llvm::Error importNode(const onnx::NodeProto &n, int index);

  //--- Builders.cpp: the current node ------------------------------------===//

  llvm::Error nodeError(const llvm::Twine &msg) const;
  bool hasInput(int i) const {
    return i < node->input_size() && !node->input(i).empty();
  }
  bool hasOutput(int i) const {
    return i < node->output_size() && !node->output(i).empty();
  }
  llvm::Expected<ValueEntry *> inputEntry(int i);
  /// Input `i` as an SSA value (constants are materialized).
  llvm::Expected<mlir::Value> input(int i);
  /// Inputs 0, 1, ... as SSA values, one per pointer.
  llvm::Error getInputs(llvm::ArrayRef<mlir::Value *> inputs);
  /// Input 0, which must have a floating-point element type.
  llvm::Expected<mlir::Value> floatInput();
  /// Input 0 as an SSA value and input 1 as a constant (`what` names it):
  /// the shape or indices of Reshape, Expand, Gather.
  llvm::Expected<std::pair<mlir::Value, ConstTensorPtr>>
  inputAndConstant(llvm::StringRef what);
  /// Input `i` when it is a constant, else null.
  ConstTensorPtr constInput(int i);
  /// Input `i`, which must be a constant of a foldable type (`what` names it
  /// in errors).
  llvm::Expected<ConstTensorPtr> requireConstInput(int i, llvm::StringRef what);
  llvm::Expected<llvm::SmallVector<int64_t>> inputShape(int i);
  int32_t inputDType(int i);
  llvm::Error requireSameDType(llvm::ArrayRef<int> inputs);
  llvm::Error requireFloatInput();
  const onnx::AttributeProto *attr(llvm::StringRef name) const;
  int64_t attrInt(llvm::StringRef name, int64_t dflt) const;
  float attrFloat(llvm::StringRef name, float dflt) const;
  std::optional<llvm::SmallVector<int64_t>>
  attrInts(llvm::StringRef name) const;
  /// Integer attribute `name` (default `dflt`) as an axis of a rank-`rank`
  /// tensor: negative values count from the back.
  llvm::Expected<int64_t> axisAttr(llvm::StringRef name, int64_t dflt,
                                   int64_t rank);
  llvm::Error setOutput(int i, mlir::Value value, int32_t dtype,
                        bool fromContraction = false);
  llvm::Error setOutputConst(int i, ConstTensorPtr constant);
  /// Cross-checks a result shape against ONNX shape inference.
  llvm::Error checkInferredShape(llvm::StringRef name,
                                 llvm::ArrayRef<int64_t> shape);

  //--- Builders.cpp: types, constants and IR building blocks -------------===//

  mlir::Type elementTypeFor(int32_t dtype) const;
  mlir::RankedTensorType tensorType(llvm::ArrayRef<int64_t> shape,
                                    int32_t dtype) const;
  static llvm::SmallVector<int64_t> shapeOf(mlir::Value v) {
    return llvm::SmallVector<int64_t>(
        mlir::cast<mlir::RankedTensorType>(v.getType()).getShape());
  }
  static mlir::Type elementTypeOf(mlir::Value v) {
    return mlir::cast<mlir::RankedTensorType>(v.getType()).getElementType();
  }
  /// The SSA value of `entry` (an arith.constant the first time for a
  /// constant, named `name`).
  mlir::Value materialize(llvm::StringRef name, ValueEntry &entry);
  /// An arith.constant of a tensor computed at import time.
  mlir::Value materializeConstant(llvm::StringRef name, ConstTensorPtr c);
  mlir::Value scalarConstant(mlir::OpBuilder &b, mlir::Location l,
                             mlir::Type type, double v) const;
  mlir::Value emptyTensor(llvm::ArrayRef<int64_t> shape,
                          mlir::Type elementType);
  mlir::Value filledTensor(llvm::ArrayRef<int64_t> shape,
                           mlir::Type elementType, double value);
  /// A linalg.generic over `iterShape` tagged `kind`: inputs broadcast into
  /// it (right aligned, size-1 dims broadcast), the output keeps `iterShape`
  /// with the `reduced` dims collapsed to size 1 (then initialized with
  /// `init`).
  mlir::Value buildGeneric(VectorOp kind, llvm::ArrayRef<mlir::Value> inputs,
                           llvm::ArrayRef<int64_t> iterShape,
                           llvm::ArrayRef<bool> reduced, mlir::Type elementType,
                           double init, BodyFn body);
  /// The mean of `x` over its `reduced` dims, as one reduction generic.
  mlir::Value buildMean(VectorOp kind, mlir::Value x,
                        llvm::ArrayRef<bool> reduced);
  mlir::Value reshape(mlir::Value v, llvm::ArrayRef<int64_t> shape);
  mlir::Value transpose(mlir::Value v, llvm::ArrayRef<int64_t> perm);
  mlir::Value extractSlice(mlir::Value v, llvm::ArrayRef<int64_t> offsets,
                           llvm::ArrayRef<int64_t> sizes,
                           llvm::ArrayRef<int64_t> strides);
  /// `extractSlice` of `size` elements at `offset` along `axis`.
  mlir::Value sliceAlong(mlir::Value v, int64_t axis, int64_t offset,
                         int64_t size);
  mlir::Value pad(mlir::Value v, llvm::ArrayRef<int64_t> low,
                  llvm::ArrayRef<int64_t> high, double padValue);
  mlir::Value broadcastTo(mlir::Value v, llvm::ArrayRef<int64_t> shape);
  /// The node's strides/dilations/pads/auto_pad/ceil_mode on an input of
  /// spatial size `inHW` with a window of `kernel`.
  llvm::Expected<Window2d> resolveWindow(llvm::ArrayRef<int64_t> inHW,
                                         llvm::ArrayRef<int64_t> kernel);

  //--- Shape computations of data-movement ops, shared by folding and
  //    lowering (DataMovement.cpp)
  //    ----------------------------------------===//

  llvm::Expected<llvm::SmallVector<int64_t>>
  reshapeTarget(llvm::ArrayRef<int64_t> in, const ConstTensor &shape);
  llvm::Expected<llvm::SmallVector<int64_t>>
  squeezeTarget(llvm::ArrayRef<int64_t> in);
  llvm::Expected<llvm::SmallVector<int64_t>>
  unsqueezeTarget(llvm::ArrayRef<int64_t> in);
  llvm::Expected<llvm::SmallVector<int64_t>>
  flattenTarget(llvm::ArrayRef<int64_t> in);
  struct SliceParams {
    llvm::SmallVector<int64_t> offsets, sizes, steps;
  };
  llvm::Expected<SliceParams> sliceParams(llvm::ArrayRef<int64_t> in);
  llvm::Expected<llvm::SmallVector<int64_t>>
  splitSizes(llvm::ArrayRef<int64_t> in, int64_t axis);
  llvm::Expected<llvm::SmallVector<int64_t>> transposePerm(int64_t rank);
  /// Gather's indices, made non-negative and checked against `dim`.
  llvm::Expected<llvm::SmallVector<int64_t>>
  gatherIndices(const ConstTensor &indices, int64_t dim);

  //--- ConstantFolding.cpp ----------------------------------------------===//

  /// Folds the node when all its inputs are constants of a foldable type;
  /// false when it does not apply.
  llvm::Expected<bool> tryFold();
  /// The single output of a folded node (all but Split).
  llvm::Expected<ConstTensorPtr> foldOutput(llvm::ArrayRef<ConstTensorPtr> in);
  llvm::Expected<ConstTensorPtr> foldConcat(llvm::ArrayRef<ConstTensorPtr> in);
  llvm::Expected<ConstTensorPtr> foldGather(llvm::ArrayRef<ConstTensorPtr> in);
  /// An error naming the node when a folded result of `shape` would exceed
  /// kMaxFoldedElements; checked before the result is allocated.
  llvm::Error checkFoldedShape(llvm::ArrayRef<int64_t> shape);
  llvm::Expected<ConstTensorPtr> foldSlice(const ConstTensor &x);
  llvm::Error foldSplit(const ConstTensor &x);
  llvm::Expected<ConstTensorPtr> foldConstantOfShape(const ConstTensor &shape);
  llvm::Expected<ConstTensorPtr> foldRange(llvm::ArrayRef<ConstTensorPtr> in);
  llvm::Expected<ConstTensorPtr> foldWhere(llvm::ArrayRef<ConstTensorPtr> in);
  llvm::Expected<ConstTensorPtr> foldBinary(llvm::ArrayRef<ConstTensorPtr> in);

  //--- Contractions.cpp ------------------------------------------------===//

  llvm::Error lowerConv();
  llvm::Error lowerGemm();
  llvm::Error lowerMatMul();
  /// A linalg convolution `ConvOp` of `in` by `filter` with the window's
  /// strides and dilations, accumulating into zeros of `outShape`.
  template <typename ConvOp>
  mlir::Value buildConv(mlir::Value in, mlir::Value filter,
                        llvm::ArrayRef<int64_t> outShape, const Window2d &win);
  llvm::Expected<mlir::Value> matmul2d(mlir::Value a, mlir::Value b);
  /// Gemm's A or B, transposed when `trans` (a constant at import time).
  llvm::Expected<mlir::Value> gemmOperand(int i, bool trans);
  /// x * factor, tagged mul.
  mlir::Value scaleBy(mlir::Value x, double factor);
  /// x + bias (bias broadcast into x), tagged bias.
  mlir::Value addBias(mlir::Value x, mlir::Value bias);

  //--- Pooling.cpp -----------------------------------------------------===//

  llvm::Error lowerMaxPool();
  llvm::Error lowerAveragePool();
  llvm::Error lowerGlobalAveragePool();
  llvm::Error lowerGlobalMaxPool();
  struct PoolInput {
    mlir::Value x;
    llvm::SmallVector<int64_t> shape, kernel;
    Window2d window;
  };
  /// Input 0 and the window of a 2-D NCHW pooling node.
  llvm::Expected<PoolInput> poolInput();
  /// `OpTy` (a linalg pooling op) over `in` padded with `padValue`, its
  /// accumulator initialized to `padValue`.
  template <typename OpTy>
  mlir::Value buildPool(const PoolInput &in, double padValue, VectorOp kind);
  /// Input 0 (rank >= 3) and its dims reduced by a global pool (2..).
  llvm::Expected<std::pair<mlir::Value, llvm::SmallVector<bool>>>
  globalPoolInput();

  //--- Elementwise.cpp -------------------------------------------------===//

  llvm::Expected<ElementwiseOperand> elementwiseOperand(int i);
  /// Inputs 0 and 1 of a binary op.
  llvm::Expected<std::array<ElementwiseOperand, 2>> binaryOperands();
  /// The node's inputs as element-wise operands; `skipMissing` drops
  /// omitted optional inputs, else they are an error.
  llvm::Expected<llvm::SmallVector<ElementwiseOperand>>
  elementwiseOperands(bool skipMissing);
  /// The numpy broadcast of the operands' shapes.
  llvm::Expected<llvm::SmallVector<int64_t>>
  broadcastOperands(llvm::ArrayRef<ElementwiseOperand> ops);
  /// A generic over `outShape` whose body gets one value per operand in
  /// order: the tensor operand's element, or the scalar as a constant of
  /// `scalarTypes[i]`.
  mlir::Value buildElementwise(VectorOp kind,
                               llvm::ArrayRef<ElementwiseOperand> ops,
                               llvm::ArrayRef<int64_t> outShape,
                               llvm::ArrayRef<mlir::Type> scalarTypes,
                               mlir::Type resultType, BodyFn body);
  /// Broadcasting element-wise op on operands of one element type.
  llvm::Error lowerElementwise(VectorOp kind,
                               llvm::ArrayRef<ElementwiseOperand> ops,
                               BodyFn body);
  /// Element-wise op of float input 0.
  llvm::Error lowerUnary(VectorOp kind, BodyFn body);
  template <typename OpTy>
  llvm::Error lowerUnaryOp(VectorOp kind);
  llvm::Error lowerArithmetic(Arithmetic kind);
  /// An Add of a per-channel constant to a Conv/Gemm/MatMul result.
  bool isBiasAdd();
  llvm::Error lowerAdd();
  llvm::Error lowerSub();
  llvm::Error lowerMul();
  llvm::Error lowerDiv();
  llvm::Error lowerPow();
  llvm::Error lowerRelu();
  llvm::Error lowerLeakyRelu();
  llvm::Error lowerSigmoid();
  llvm::Error lowerHardSigmoid();
  llvm::Error lowerHardSwish();
  llvm::Error lowerTanh();
  llvm::Error lowerErf();
  llvm::Error lowerSqrt();
  llvm::Error lowerExp();
  llvm::Error lowerNeg();
  llvm::Error lowerReciprocal();
  llvm::Error lowerClip();
  /// Min/Max (variadic), comparisons, logic and Where on run-time tensors.
  llvm::Error lowerLogicOrMinMax();
  llvm::Error lowerCast();

  //--- Normalization.cpp -----------------------------------------------===//

  /// x - mean and var + eps, the terms of (x - mean) / sqrt(var + eps), made
  /// in that order.
  std::pair<mlir::Value, mlir::Value>
  normalizationTerms(mlir::OpBuilder &b, mlir::Location l, mlir::Value x,
                     mlir::Value mean, mlir::Value var, double eps) const;
  llvm::Error lowerBatchNormalization();
  llvm::Error lowerLayerNormalization();
  llvm::Error lowerReduceMean();
  llvm::Error lowerSoftmax();

  //--- DataMovement.cpp ------------------------------------------------===//

  llvm::Error lowerReshape();
  /// Flatten, Squeeze, Unsqueeze: input 0 reshaped to the shape `target`
  /// computes from its shape.
  llvm::Error lowerReshapeTo(llvm::Expected<llvm::SmallVector<int64_t>> (
      OnnxGraphImporter::*target)(llvm::ArrayRef<int64_t>));
  llvm::Error lowerFlatten();
  llvm::Error lowerSqueeze();
  llvm::Error lowerUnsqueeze();
  llvm::Error lowerTranspose();
  llvm::Error lowerConcat();
  llvm::Error lowerSlice();
  llvm::Error lowerSplit();
  llvm::Error lowerGather();
  llvm::Error lowerIdentity();
  llvm::Error lowerDropout();
  llvm::Error lowerExpand();
  llvm::Error lowerConstant();
  llvm::Error lowerShape();
  llvm::Error lowerSize();
  /// ConstantOfShape and Range: only folded.
  llvm::Error lowerFoldOnly();

  //--- State -----------------------------------------------------------===//

  mlir::MLIRContext &context;
  mlir::OpBuilder builder;
  /// Weight blobs borrow raw_data from the model and hold this reference.
  std::shared_ptr<const onnx::ModelProto> modelOwner;
  const onnx::ModelProto &model;
  const OnnxImportOptions &options;
  int64_t opset;

  llvm::StringMap<ValueEntry> values;
  llvm::StringMap<const onnx::TypeProto *> inferredTypes;
  /// The node being imported, its display name and its location.
  const onnx::NodeProto *node = nullptr;
  std::string nodeName;
  mlir::Location loc;
};

} // namespace cim::onnx_import

#endif // CIM_LIB_IMPORT_IMPORTERINTERNALS_H
