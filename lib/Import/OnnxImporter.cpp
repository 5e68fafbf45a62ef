//===- OnnxImporter.cpp - ONNX model -> workload IR: API and driver -------===//
//
// Parses and checks the model, then walks the (topologically sorted) ONNX
// graph once. Every ONNX value is either a constant known at import time
// (initializers, Constant nodes, folded shape sub-graphs) or an SSA value;
// constants become arith.constant ops only where a lowered op consumes
// them. Output shapes are computed by the lowerings and cross-checked
// against ONNX's shape inference where it has them. The lowerings live in
// one file per op family (ImporterInternals.h lists them).
//
//===----------------------------------------------------------------------===//

#include "ImporterInternals.h"
#include "OnnxModelChecks.h"

#include "cim/InitAllDialects.h"
#include "cim/Support/FileChecks.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/Verifier.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/Support/MemoryBuffer.h"

#include "google/protobuf/io/coded_stream.h"

#include <limits>

using namespace mlir;
using namespace cim;
using namespace cim::onnx_import;

//===----------------------------------------------------------------------===//
// The op table and the walk over the nodes
//===----------------------------------------------------------------------===//

const llvm::StringMap<OnnxGraphImporter::Lowering> &
OnnxGraphImporter::lowerings() {
  using I = OnnxGraphImporter;
  static const llvm::StringMap<Lowering> table = {
      // Contractions.cpp
      {"Conv", &I::lowerConv},
      {"Gemm", &I::lowerGemm},
      {"MatMul", &I::lowerMatMul},
      // Pooling.cpp
      {"MaxPool", &I::lowerMaxPool},
      {"AveragePool", &I::lowerAveragePool},
      {"GlobalAveragePool", &I::lowerGlobalAveragePool},
      {"GlobalMaxPool", &I::lowerGlobalMaxPool},
      // Elementwise.cpp
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
      {"Equal", &I::lowerLogicOrMinMax},
      {"Less", &I::lowerLogicOrMinMax},
      {"Greater", &I::lowerLogicOrMinMax},
      {"Where", &I::lowerLogicOrMinMax},
      {"Not", &I::lowerLogicOrMinMax},
      {"And", &I::lowerLogicOrMinMax},
      {"Or", &I::lowerLogicOrMinMax},
      {"Min", &I::lowerLogicOrMinMax},
      {"Max", &I::lowerLogicOrMinMax},
      {"Cast", &I::lowerCast},
      // Normalization.cpp
      {"BatchNormalization", &I::lowerBatchNormalization},
      {"LayerNormalization", &I::lowerLayerNormalization},
      {"ReduceMean", &I::lowerReduceMean},
      {"Softmax", &I::lowerSoftmax},
      // DataMovement.cpp
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
      {"Constant", &I::lowerConstant},
      {"Shape", &I::lowerShape},
      {"Size", &I::lowerSize},
      {"ConstantOfShape", &I::lowerFoldOnly},
      {"Range", &I::lowerFoldOnly},
  };
  return table;
}

bool OnnxGraphImporter::supportsOp(StringRef opType) {
  return lowerings().count(opType) != 0;
}

std::string OnnxGraphImporter::nodeDisplayName(const onnx::NodeProto &n,
                                               int index) {
  return n.name().empty() ? n.op_type() + "_" + std::to_string(index)
                          : n.name();
}

Error OnnxGraphImporter::importNode(const onnx::NodeProto &n, int index) {
  node = &n;
  nodeName = nodeDisplayName(n, index);
  loc = NameLoc::get(builder.getStringAttr(nodeName));
  auto it = lowerings().find(n.op_type());
  if (it == lowerings().end())
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
staticShape(const onnx::ValueInfoProto &info) {
  const onnx::TypeProto &type = info.type();
  if (!type.has_tensor_type())
    return makeError("graph input '" + info.name() + "' is not a tensor");
  if (!type.tensor_type().has_shape())
    return makeError("graph input '" + info.name() +
                     "' has no shape; give one with --input-shape " +
                     info.name() + "=1x3x224x224");
  SmallVector<int64_t> dims;
  std::string example;
  int dynamic = -1;
  std::string dynamicName;
  for (auto [i, dim] : llvm::enumerate(type.tensor_type().shape().dim())) {
    int64_t v = dim.has_dim_value() ? dim.dim_value() : -1;
    if (v == 0)
      return makeError("graph input '" + info.name() +
                       "' has a zero-size dimension " + Twine(i) +
                       " (empty tensors are not supported)");
    if (dim.has_dim_value() && v < 0)
      return makeError("graph input '" + info.name() + "' has dimension " +
                       Twine(i) + " of " + Twine(v) +
                       "; a dimension must be positive");
    if (v > kMaxDimSize)
      return makeError("graph input '" + info.name() + "' has dimension " +
                       Twine(i) + " of " + Twine(v) + "; the limit is " +
                       Twine(kMaxDimSize));
    if (v < 0 && dynamic < 0) {
      dynamic = i;
      dynamicName = dim.has_dim_param() ? dim.dim_param() : "";
    }
    dims.push_back(v);
    example += (i ? "x" : "") + std::to_string(v > 0 ? v : 1);
  }
  if (dynamic >= 0)
    return makeError("graph input '" + info.name() +
                     "' has dynamic dimension " + Twine(dynamic) +
                     (dynamicName.empty() ? "" : " ('" + dynamicName + "')") +
                     "; give its size with --input-shape " + info.name() + "=" +
                     example);
  if (auto problem = tensorSizeProblem(dims, kMaxTensorElements))
    return makeError("graph input '" + info.name() + "' " + *problem);
  return dims;
}

Expected<OwningOpRef<ModuleOp>> OnnxGraphImporter::run(StringRef bufferName) {
  const onnx::GraphProto &graph = model.graph();
  for (const onnx::ValueInfoProto &vi : graph.value_info())
    inferredTypes[vi.name()] = &vi.type();
  for (const onnx::ValueInfoProto &vi : graph.output())
    inferredTypes[vi.name()] = &vi.type();

  for (const onnx::TensorProto &init : graph.initializer()) {
    auto c = ConstTensor::fromProto(init);
    if (!c)
      return makeError("initializer " + toString(c.takeError()));
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
    auto shape = staticShape(in);
    if (!shape)
      return shape.takeError();
    int32_t dtype = in.type().tensor_type().elem_type();
    if (dtypeByteSize(dtype) == 0)
      return makeError("graph input '" + in.name() +
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
      return makeError("graph output '" + out.name() +
                       "' is not produced by any node");
    results.push_back(materialize(out.name(), it->second));
  }
  builder.create<func::ReturnOp>(loc, results);
  func.setFunctionType(
      builder.getFunctionType(argTypes, ValueRange(results).getTypes()));
  if (failed(verify(*module)))
    return makeError("the imported IR does not verify (importer bug; see the "
                     "diagnostics above)");
  return std::move(module);
}

//===----------------------------------------------------------------------===//
// Model checks before the walk
//===----------------------------------------------------------------------===//

/// The default-domain opset; an error when it is missing or out of range.
static Expected<int64_t> defaultOpset(const onnx::ModelProto &model) {
  int64_t opset = -1;
  for (const onnx::OperatorSetIdProto &id : model.opset_import()) {
    if (id.domain().empty() || id.domain() == "ai.onnx") {
      opset = id.version();
      if (opset < kMinOnnxOpset || opset > kMaxOnnxOpset)
        return makeError("model opset " + Twine(opset) +
                         " is outside the supported range " +
                         Twine(kMinOnnxOpset) + ".." + Twine(kMaxOnnxOpset));
    }
  }
  if (opset < 0)
    return makeError("model declares no default-domain (ai.onnx) opset");
  return opset;
}

/// Unsupported ops are reported before the checker runs, naming the node.
static Error checkSupportedOps(const onnx::ModelProto &model) {
  for (auto [i, n] : llvm::enumerate(model.graph().node())) {
    bool defaultDomain = n.domain().empty() || n.domain() == "ai.onnx";
    if (!defaultDomain || !OnnxGraphImporter::supportsOp(n.op_type()))
      return makeError("node '" + OnnxGraphImporter::nodeDisplayName(n, i) +
                       "' (" + n.op_type() + "): unsupported ONNX op '" +
                       (defaultDomain ? "" : n.domain() + ".") + n.op_type() +
                       "'");
  }
  return Error::success();
}

static Error applyInputShapes(onnx::ModelProto &model,
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
      return makeError("--input-shape names '" + name +
                       "' but the graph inputs are: " + known);
    onnx::TypeProto_Tensor *tensor =
        target->mutable_type()->mutable_tensor_type();
    const onnx::TensorShapeProto &old = tensor->shape();
    if (tensor->has_shape() && old.dim_size() != static_cast<int>(shape.size()))
      return makeError(
          "--input-shape gives " + Twine(shape.size()) + " dimensions for '" +
          name + "' but the model declares rank " + Twine(old.dim_size()));
    for (int i = 0; i < old.dim_size(); ++i)
      if (old.dim(i).has_dim_value() && old.dim(i).dim_value() != shape[i])
        return makeError("--input-shape sets dimension " + Twine(i) + " of '" +
                         name + "' to " + Twine(shape[i]) +
                         " but the model fixes it to " +
                         Twine(old.dim(i).dim_value()));
    onnx::TensorShapeProto *newShape = tensor->mutable_shape();
    newShape->clear_dim();
    for (int64_t d : shape)
      newShape->add_dim()->set_dim_value(d);
  }
  return Error::success();
}

//===----------------------------------------------------------------------===//
// Reading a model: binary ModelProto or the ONNX text syntax
//===----------------------------------------------------------------------===//

/// The offset of the first character that is not blank or in a '#' comment.
static size_t firstTokenOffset(StringRef bytes) {
  size_t at = 0;
  while (at < bytes.size()) {
    if (llvm::isSpace(bytes[at])) {
      ++at;
    } else if (bytes[at] == '#') {
      at = bytes.find('\n', at);
      if (at == StringRef::npos)
        return bytes.size();
    } else {
      break;
    }
  }
  return at;
}

bool cim::isOnnxTextModel(StringRef bytes) {
  size_t at = firstTokenOffset(bytes);
  return at < bytes.size() && bytes[at] == '<';
}

namespace {
/// A parsed model and where its errors point (text models only).
struct ParsedModel {
  std::shared_ptr<onnx::ModelProto> model;
  OnnxTextPosition start;
};
} // namespace

/// An OnnxImportError for `err`, at `position` (text models) or nowhere.
static Error importError(Error err, StringRef bufferName,
                         OnnxTextPosition position) {
  return llvm::make_error<OnnxImportError>(bufferName.str(),
                                           toString(std::move(err)),
                                           position.line, position.column);
}

/// Why a binary model did not parse: protobuf's parser stops at nesting
/// deeper than its default recursion limit (100) as it does at a truncated
/// message. A second parse with a higher (still stack-safe) limit tells the
/// two apart.
static std::string binaryParseFailure(StringRef bytes) {
  constexpr int kProtobufDefaultDepth = 100, kProbeDepth = 2000;
  google::protobuf::io::CodedInputStream stream(
      reinterpret_cast<const uint8_t *>(bytes.data()),
      static_cast<int>(bytes.size()));
  stream.SetRecursionLimit(kProbeDepth);
  onnx::ModelProto probe;
  if (probe.ParseFromCodedStream(&stream))
    return "not a valid ONNX model (its messages nest deeper than protobuf's "
           "limit of " +
           std::to_string(kProtobufDefaultDepth) + " levels)";
  return "not a valid ONNX model (the protobuf is malformed or truncated)";
}

static Expected<ParsedModel> parseModel(StringRef bytes, StringRef bufferName) {
  ParsedModel parsed;
  parsed.model = std::make_shared<onnx::ModelProto>();
  if (isOnnxTextModel(bytes)) {
    StringRef before = bytes.take_front(firstTokenOffset(bytes));
    parsed.start.line = before.count('\n') + 1;
    parsed.start.column = before.size() - before.rfind('\n');
    OnnxTextPosition errorAt;
    if (Error err = parseOnnxTextModel(bytes, *parsed.model, errorAt))
      return importError(std::move(err), bufferName,
                         errorAt.line ? errorAt : parsed.start);
  } else if (bytes.size() > kMaxModelFileBytes) {
    return importError(makeError("the model is " + Twine(bytes.size()) +
                                 " bytes; the limit is " +
                                 Twine(kMaxModelFileBytes) + " bytes"),
                       bufferName, {});
  } else if (!parsed.model->ParseFromArray(bytes.data(),
                                           static_cast<int>(bytes.size()))) {
    return importError(makeError(binaryParseFailure(bytes)), bufferName, {});
  }
  if (!parsed.model->has_graph())
    return importError(makeError("not a valid ONNX model (no graph)"),
                       bufferName, parsed.start);
  return std::move(parsed);
}

static Expected<std::unique_ptr<llvm::MemoryBuffer>> readFile(StringRef path) {
  return readRegularFile(path, kMaxModelFileBytes, "model");
}

//===----------------------------------------------------------------------===//
// Public API
//===----------------------------------------------------------------------===//

char OnnxImportError::ID = 0;

void OnnxImportError::log(llvm::raw_ostream &os) const {
  os << bufferName << ": " << what;
}

std::error_code OnnxImportError::convertToErrorCode() const {
  return llvm::inconvertibleErrorCode();
}

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
  registerAllDialects(registry);
}

Expected<OwningOpRef<ModuleOp>>
cim::importOnnxModel(StringRef bytes, StringRef bufferName,
                     MLIRContext &context, const OnnxImportOptions &options) {
  auto parsed = parseModel(bytes, bufferName);
  if (!parsed)
    return parsed.takeError();
  onnx::ModelProto &model = *parsed->model;
  auto fail = [&](Error err) {
    return importError(std::move(err), bufferName, parsed->start);
  };
  auto opset = defaultOpset(model);
  if (!opset)
    return fail(opset.takeError());
  if (Error err = checkSupportedOps(model))
    return fail(std::move(err));
  if (Error err = checkGraphStructure(*model.mutable_graph()))
    return fail(std::move(err));
  if (Error err = applyInputShapes(model, options))
    return fail(std::move(err));
  if (Error err = checkConvWeightsFromNodes(model))
    return fail(std::move(err));
  if (Error err = checkAndInferOnnxShapes(model))
    return fail(std::move(err));

  // The cim dialect owns the `cim.vector_op` tags the importer writes.
  context.loadDialect<arith::ArithDialect, func::FuncDialect,
                      linalg::LinalgDialect, math::MathDialect,
                      tensor::TensorDialect, CimDialect>();
  OnnxGraphImporter importer(context, std::move(parsed->model), options,
                             *opset);
  auto module = importer.run(bufferName);
  if (!module)
    return fail(module.takeError());
  return module;
}

Expected<OwningOpRef<ModuleOp>>
cim::importOnnxFile(StringRef path, MLIRContext &context,
                    const OnnxImportOptions &options) {
  auto buffer = readFile(path);
  if (!buffer)
    return buffer.takeError();
  return importOnnxModel((*buffer)->getBuffer(), path, context, options);
}

Expected<OnnxGraphSignature> cim::readOnnxGraphSignature(StringRef path) {
  auto buffer = readFile(path);
  if (!buffer)
    return buffer.takeError();
  auto parsed = parseModel((*buffer)->getBuffer(), path);
  if (!parsed)
    return parsed.takeError();
  const onnx::GraphProto &graph = parsed->model->graph();
  llvm::StringSet<> initializers;
  for (const onnx::TensorProto &init : graph.initializer())
    initializers.insert(init.name());
  OnnxGraphSignature signature;
  for (const onnx::ValueInfoProto &in : graph.input())
    if (!initializers.contains(in.name()))
      signature.inputs.push_back(in.name());
  for (const onnx::ValueInfoProto &out : graph.output())
    signature.outputs.push_back(out.name());
  return signature;
}
