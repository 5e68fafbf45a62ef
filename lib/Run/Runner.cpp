//===- Runner.cpp - Lower a module to LLVM and execute it -----------------===//

#include "cim/Run/Runner.h"

#include "cim/Dialect/Cim/IR/CimDialect.h"
#include "cim/Dialect/Cim/IR/CimOps.h"
#include "cim/InitAllDialects.h"
#include "cim/Support/Error.h"

#include "mlir/Conversion/AffineToStandard/AffineToStandard.h"
#include "mlir/Conversion/ArithToLLVM/ArithToLLVM.h"
#include "mlir/Conversion/BufferizationToMemRef/BufferizationToMemRef.h"
#include "mlir/Conversion/ControlFlowToLLVM/ControlFlowToLLVM.h"
#include "mlir/Conversion/FuncToLLVM/ConvertFuncToLLVMPass.h"
#include "mlir/Conversion/IndexToLLVM/IndexToLLVM.h"
#include "mlir/Conversion/MathToLLVM/MathToLLVM.h"
#include "mlir/Conversion/MathToLibm/MathToLibm.h"
#include "mlir/Conversion/MemRefToLLVM/MemRefToLLVM.h"
#include "mlir/Conversion/ReconcileUnrealizedCasts/ReconcileUnrealizedCasts.h"
#include "mlir/Conversion/SCFToControlFlow/SCFToControlFlow.h"
#include "mlir/Dialect/Affine/IR/AffineOps.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Arith/Transforms/BufferizableOpInterfaceImpl.h"
#include "mlir/Dialect/Bufferization/IR/Bufferization.h"
#include "mlir/Dialect/Bufferization/Pipelines/Passes.h"
#include "mlir/Dialect/Bufferization/Transforms/FuncBufferizableOpInterfaceImpl.h"
#include "mlir/Dialect/Bufferization/Transforms/OneShotAnalysis.h"
#include "mlir/Dialect/Bufferization/Transforms/Passes.h"
#include "mlir/Dialect/ControlFlow/IR/ControlFlow.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Linalg/Passes.h"
#include "mlir/Dialect/Linalg/Transforms/BufferizableOpInterfaceImpl.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/MemRef/Transforms/Passes.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/SCF/Transforms/BufferizableOpInterfaceImpl.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Dialect/Tensor/Transforms/BufferizableOpInterfaceImpl.h"
#include "mlir/Dialect/Tensor/Transforms/Transforms.h"
#include "mlir/ExecutionEngine/ExecutionEngine.h"
#include "mlir/ExecutionEngine/OptUtils.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/PatternMatch.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Target/LLVMIR/Dialect/Builtin/BuiltinToLLVMIRTranslation.h"
#include "mlir/Target/LLVMIR/Dialect/LLVMIR/LLVMToLLVMIRTranslation.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/TargetSelect.h"

#include <cstring>
#include <mutex>

using namespace llvm;

namespace cim {

namespace {
Error fail(const Twine &msg) { return cim::makeError(msg); }

std::string typeString(mlir::Type type) {
  std::string text;
  raw_string_ostream os(text);
  os << type;
  return text;
}

/// Collects diagnostics emitted while a pass pipeline runs, for one-line
/// errors.
class DiagnosticCollector {
public:
  explicit DiagnosticCollector(mlir::MLIRContext *context)
      : context(context),
        id(context->getDiagEngine().registerHandler(
            [this](mlir::Diagnostic &diag) {
              if (diag.getSeverity() == mlir::DiagnosticSeverity::Error &&
                  first.empty()) {
                std::string text;
                raw_string_ostream os(text);
                os << diag.getLocation() << ": " << diag;
                first = text;
              }
              return mlir::success();
            })) {}
  ~DiagnosticCollector() { context->getDiagEngine().eraseHandler(id); }
  std::string first;

private:
  mlir::MLIRContext *context;
  mlir::DiagnosticEngine::HandlerID id;
};

Expected<TensorSignature> signatureOf(mlir::Type type, const Twine &what) {
  auto tensor = dyn_cast<mlir::RankedTensorType>(type);
  if (!tensor || !tensor.hasStaticShape())
    return fail(what + " has type " + Twine(typeString(type)) +
                "; only static-shape tensors can be run");
  auto dtype = dtypeOfElementType(tensor.getElementType());
  if (!dtype)
    return fail(what + ": " + toString(dtype.takeError()));
  TensorSignature sig;
  sig.dtype = *dtype;
  sig.shape.assign(tensor.getShape().begin(), tensor.getShape().end());
  return sig;
}

/// Element kind and width agree (i8 data may come as u8 and vice versa).
bool compatible(DType a, DType b) {
  if (a == b)
    return true;
  return !isFloatDType(a) && !isFloatDType(b) && a != DType::Bool &&
         b != DType::Bool && dtypeBytes(a) == dtypeBytes(b);
}

/// A ranked memref descriptor: allocated, aligned, offset, sizes, strides.
std::vector<int64_t> makeDescriptor(void *data, ArrayRef<int64_t> shape) {
  std::vector<int64_t> desc(3 + 2 * shape.size());
  desc[0] = reinterpret_cast<int64_t>(data);
  desc[1] = reinterpret_cast<int64_t>(data);
  desc[2] = 0;
  int64_t stride = 1;
  for (int64_t i = shape.size() - 1; i >= 0; --i) {
    desc[3 + i] = shape[i];
    desc[3 + shape.size() + i] = stride;
    stride *= shape[i];
  }
  return desc;
}

/// Rewrites ops that one-shot bufferization of MLIR 19 does not handle into
/// ones it does: linalg.softmax into its generic decomposition and
/// tensor.concat into insert_slices.
LogicalResult decomposeUnbufferizable(mlir::ModuleOp module) {
  mlir::IRRewriter rewriter(module.getContext());
  SmallVector<mlir::linalg::SoftmaxOp> softmaxes;
  module.walk([&](mlir::linalg::SoftmaxOp op) { softmaxes.push_back(op); });
  for (mlir::linalg::SoftmaxOp op : softmaxes) {
    rewriter.setInsertionPoint(op);
    auto decomposed = op.decomposeOperation(rewriter);
    if (failed(decomposed))
      return op.emitError("cannot decompose linalg.softmax");
    rewriter.replaceOp(op, *decomposed);
  }
  mlir::RewritePatternSet patterns(module.getContext());
  mlir::tensor::populateDecomposeTensorConcatPatterns(patterns);
  return mlir::applyPatternsAndFoldGreedily(module, std::move(patterns));
}

void buildLoweringPipeline(mlir::PassManager &pm) {
  using namespace mlir;
  bufferization::OneShotBufferizationOptions bufferization;
  bufferization.bufferizeFunctionBoundaries = true;
  // The tile loops of cim-materialize-tiles carry tensors whose buffers
  // are fresh allocations in every iteration.
  bufferization.allowReturnAllocsFromLoops = true;
  bufferization.setFunctionBoundaryTypeConversion(
      bufferization::LayoutMapOption::IdentityLayoutMap);
  pm.addPass(bufferization::createEmptyTensorToAllocTensorPass());
  pm.addPass(bufferization::createOneShotBufferizePass(bufferization));
  pm.addPass(bufferization::createBufferResultsToOutParamsPass());
  bufferization::BufferDeallocationPipelineOptions deallocation;
  bufferization::buildBufferDeallocationPipeline(pm, deallocation);
  pm.addPass(createBufferizationToMemRefPass());
  pm.addNestedPass<func::FuncOp>(createConvertLinalgToLoopsPass());
  pm.addPass(createLowerAffinePass());
  pm.addPass(createConvertSCFToCFPass());
  pm.addPass(memref::createExpandStridedMetadataPass());
  pm.addPass(createLowerAffinePass());
  pm.addPass(createConvertMathToLibmPass());
  pm.addPass(createConvertMathToLLVMPass());
  pm.addPass(createFinalizeMemRefToLLVMConversionPass());
  pm.addPass(createArithToLLVMConversionPass());
  pm.addPass(createConvertIndexToLLVMPass());
  pm.addPass(createConvertFuncToLLVMPass());
  pm.addPass(createConvertControlFlowToLLVMPass());
  pm.addPass(createReconcileUnrealizedCastsPass());
}
} // namespace

void registerLoweringDialects(mlir::DialectRegistry &registry) {
  registerAllDialects(registry);
  registry.insert<mlir::affine::AffineDialect, mlir::cf::ControlFlowDialect,
                  mlir::LLVM::LLVMDialect>();
  mlir::arith::registerBufferizableOpInterfaceExternalModels(registry);
  mlir::bufferization::func_ext::registerBufferizableOpInterfaceExternalModels(
      registry);
  mlir::linalg::registerBufferizableOpInterfaceExternalModels(registry);
  mlir::scf::registerBufferizableOpInterfaceExternalModels(registry);
  mlir::tensor::registerBufferizableOpInterfaceExternalModels(registry);
  mlir::registerBuiltinDialectTranslation(registry);
  mlir::registerLLVMDialectTranslation(registry);
}

mlir::LogicalResult inlineCimLayers(mlir::ModuleOp module) {
  SmallVector<cim::LayerOp> layers;
  module.walk([&](cim::LayerOp layer) { layers.push_back(layer); });
  for (cim::LayerOp layer : layers) {
    mlir::Block &payload = layer.getPayload().front();
    auto yield = dyn_cast<cim::YieldOp>(payload.getTerminator());
    if (!yield)
      return layer.emitError("payload of cim.layer '")
             << layer.getLayerName() << "' does not end in cim.yield";
    if (yield.getValues().size() != layer.getNumResults())
      return layer.emitError("payload of cim.layer '")
             << layer.getLayerName() << "' yields " << yield.getValues().size()
             << " values for " << layer.getNumResults() << " results";
    SmallVector<mlir::Value> yielded(yield.getValues());
    yield->erase();
    layer->getBlock()->getOperations().splice(mlir::Block::iterator(layer),
                                              payload.getOperations());
    layer->replaceAllUsesWith(yielded);
    layer->erase();
  }
  // Discardable cim.* attributes have no LLVM IR translation.
  std::string cimPrefix = (CimDialect::getDialectNamespace() + ".").str();
  module.walk([&](mlir::Operation *op) {
    SmallVector<mlir::StringAttr> names;
    for (mlir::NamedAttribute attr : op->getDiscardableAttrs())
      if (attr.getName().getValue().starts_with(cimPrefix))
        names.push_back(attr.getName());
    for (mlir::StringAttr name : names)
      op->removeDiscardableAttr(name);
  });
  return mlir::success();
}

Expected<DType> dtypeOfElementType(mlir::Type type) {
  if (type.isF32())
    return DType::F32;
  if (type.isF64())
    return DType::F64;
  if (type.isF16())
    return DType::F16;
  if (auto integer = dyn_cast<mlir::IntegerType>(type)) {
    switch (integer.getWidth()) {
    case 1:
      return DType::Bool;
    case 8:
      return integer.isUnsigned() ? DType::U8 : DType::I8;
    case 16:
      return integer.isUnsigned() ? DType::U16 : DType::I16;
    case 32:
      return integer.isUnsigned() ? DType::U32 : DType::I32;
    case 64:
      return integer.isUnsigned() ? DType::U64 : DType::I64;
    default:
      break;
    }
  }
  return fail("unsupported element type " + Twine(typeString(type)));
}

std::string TensorSignature::describe() const {
  HostTensor t;
  t.dtype = dtype;
  t.shape = shape;
  return t.describe();
}

Executable::~Executable() = default;

Expected<std::unique_ptr<Executable>> Executable::compile(mlir::ModuleOp module,
                                                          StringRef funcName) {
  static std::once_flag nativeTargetOnce;
  std::call_once(nativeTargetOnce, [] {
    llvm::InitializeNativeTarget();
    llvm::InitializeNativeTargetAsmPrinter();
  });

  mlir::func::FuncOp func;
  SmallVector<std::string> names;
  for (auto f : module.getOps<mlir::func::FuncOp>()) {
    if (f.isExternal())
      continue;
    names.push_back(f.getName().str());
    if (funcName.empty() ? f.isPublic() : f.getName() == funcName) {
      if (func && funcName.empty())
        return fail("the module has several public functions (@" +
                    func.getName() + ", @" + f.getName() +
                    "); choose one with --func");
      func = f;
    }
  }
  if (!func)
    return fail(funcName.empty()
                    ? Twine("the module has no public function with a body")
                    : "no function @" + funcName +
                          " in the module (found: " + join(names, ", ") + ")");

  auto exe = std::unique_ptr<Executable>(new Executable());
  exe->funcName = func.getName().str();
  mlir::FunctionType type = func.getFunctionType();
  for (auto [i, t] : enumerate(type.getInputs())) {
    auto sig = signatureOf(t, "input #" + Twine(i) + " of @" + exe->funcName);
    if (!sig)
      return sig.takeError();
    exe->inputSigs.push_back(*sig);
  }
  for (auto [i, t] : enumerate(type.getResults())) {
    auto sig = signatureOf(t, "result #" + Twine(i) + " of @" + exe->funcName);
    if (!sig)
      return sig.takeError();
    exe->outputSigs.push_back(*sig);
  }

  mlir::MLIRContext *context = module.getContext();
  DiagnosticCollector diagnostics(context);
  auto pipelineError = [&](StringRef stage) {
    return fail(
        stage + " failed" +
        (diagnostics.first.empty() ? std::string() : ": " + diagnostics.first));
  };
  if (failed(inlineCimLayers(module)))
    return pipelineError("inlining cim.layer payloads");
  if (failed(decomposeUnbufferizable(module)))
    return pipelineError("decomposing softmax/concat");
  func->setAttr("llvm.emit_c_interface", mlir::UnitAttr::get(context));

  mlir::PassManager pm(context);
  buildLoweringPipeline(pm);
  if (failed(pm.run(module)))
    return pipelineError("lowering to the LLVM dialect");

  mlir::ExecutionEngineOptions options;
  // Unoptimized JIT code: the runner checks values, not speed, and -O0
  // keeps compile time low for sweeps over hundreds of models.
  auto transformer = mlir::makeOptimizingTransformer(0, 0, nullptr);
  options.transformer = transformer;
  options.jitCodeGenOptLevel = llvm::CodeGenOptLevel::None;
  static const StringRef runtimeLibs[] = {
      "/usr/lib/llvm-19/lib/libmlir_c_runner_utils.so"};
  options.sharedLibPaths = runtimeLibs;
  auto engine = mlir::ExecutionEngine::create(module, options);
  if (!engine)
    return fail("JIT compilation failed: " + toString(engine.takeError()));
  exe->engine = std::move(*engine);
  return exe;
}

Expected<std::vector<HostTensor>>
Executable::run(ArrayRef<NamedTensor> inputs) {
  if (inputs.size() != inputSigs.size())
    return fail(formatv("@{0} takes {1} inputs, {2} given", funcName,
                        inputSigs.size(), inputs.size()));
  std::vector<std::vector<int64_t>> descriptors;
  descriptors.reserve(inputs.size() + outputSigs.size());
  // Inputs may be written by the code (bufferization reuses them), so the
  // runner passes private copies.
  std::vector<std::vector<uint8_t>> inputCopies;
  for (auto [i, in] : enumerate(inputs)) {
    const TensorSignature &sig = inputSigs[i];
    if (!compatible(in.tensor->dtype, sig.dtype) ||
        ArrayRef<int64_t>(in.tensor->shape) != ArrayRef<int64_t>(sig.shape))
      return fail(in.label + ": expected " + sig.describe() + ", found " +
                  in.tensor->describe());
    inputCopies.push_back(in.tensor->bytes);
    // A zero-size vector has no storage; give every buffer some.
    inputCopies.back().resize(std::max<size_t>(inputCopies.back().size(), 8));
    descriptors.push_back(makeDescriptor(inputCopies.back().data(), sig.shape));
  }
  std::vector<HostTensor> outputs;
  outputs.reserve(outputSigs.size());
  for (const TensorSignature &sig : outputSigs) {
    outputs.push_back(makeTensor(sig.dtype, sig.shape));
    outputs.back().bytes.reserve(8);
    descriptors.push_back(
        makeDescriptor(outputs.back().bytes.data(), sig.shape));
  }
  std::vector<void *> descriptorPointers, args;
  descriptorPointers.reserve(descriptors.size());
  for (auto &d : descriptors)
    descriptorPointers.push_back(d.data());
  for (void *&p : descriptorPointers)
    args.push_back(&p);
  if (Error err = engine->invokePacked("_mlir_ciface_" + funcName, args))
    return fail("executing @" + funcName +
                " failed: " + toString(std::move(err)));
  return outputs;
}

} // namespace cim
