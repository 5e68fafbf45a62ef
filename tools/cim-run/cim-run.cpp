//===- cim-run.cpp - Execute workload IR and compare with references ------===//
//
// cim-run MODEL.{mlir,onnx} [--func NAME] [--input NAME=FILE]...
//         [--expect NAME=FILE]... [--output NAME=FILE]... [--rtol R] [--atol A]
//         [--hw CONFIG.json]... [--no-vector-unit] [--no-materialize]
// cim-run --onnx-test-dir DIR [--hw CONFIG.json]... [--no-vector-unit]
//
// Every model is executed as imported ("workload") and, for each --hw
// configuration, after cim-compile + cim-materialize-tiles. Tensor files are
// ONNX TensorProto (.pb) or NumPy (.npy). See docs/verification.md.
//
//===----------------------------------------------------------------------===//

#include "cim/Import/OnnxImporter.h"
#include "cim/Run/Check.h"
#include "cim/Run/Runner.h"
#include "cim/Run/TensorIO.h"
#include "cim/Support/Error.h"
#include "cim/Support/FileChecks.h"
#include "cim/Support/Resources.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/IR/Verifier.h"
#include "mlir/Parser/Parser.h"

#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/InitLLVM.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/SourceMgr.h"
#include "llvm/Support/WithColor.h"
#include "llvm/Support/raw_ostream.h"

#include <map>
#include <optional>
#include <set>

using namespace llvm;

static cl::OptionCategory category("cim-run options");

static cl::opt<std::string> modelFile(cl::Positional,
                                      cl::desc("<model .mlir or .onnx>"),
                                      cl::init(""), cl::cat(category));
static cl::opt<std::string>
    testDir("onnx-test-dir",
            cl::desc("ONNX test directory: model.onnx and test_data_set_*/"),
            cl::cat(category));
static cl::opt<std::string> funcName("func",
                                     cl::desc("Function to run (default: "
                                              "the only public one)"),
                                     cl::cat(category));
static cl::list<std::string>
    inputFiles("input", cl::desc("NAME=FILE: an input tensor (.pb or .npy)"),
               cl::cat(category));
static cl::list<std::string>
    expectFiles("expect",
                cl::desc("NAME=FILE: the expected value of an output"),
                cl::cat(category));
static cl::list<std::string>
    outputFiles("output",
                cl::desc("NAME=FILE: write an output (from the last variant "
                         "run)"),
                cl::cat(category));
static cl::opt<double> rtolFlag("rtol",
                                cl::desc("Relative tolerance for float "
                                         "outputs (default: per dtype)"),
                                cl::init(-1), cl::cat(category));
static cl::opt<double> atolFlag("atol",
                                cl::desc("Absolute tolerance for float "
                                         "outputs (default: per dtype)"),
                                cl::init(-1), cl::cat(category));
static cl::list<std::string>
    hwConfigs("hw",
              cl::desc("Also run after cim-compile + cim-materialize-tiles "
                       "for this hardware configuration (repeatable)"),
              cl::cat(category));
static cl::opt<bool> noVectorUnit(
    "no-vector-unit",
    cl::desc("With --hw: map grouped and depthwise convolutions to the arrays "
             "even where the vector units are cheaper (cim-map "
             "allow-vector-unit=false), so their tiles are checked too"),
    cl::cat(category));
static cl::opt<bool> noMaterialize(
    "no-materialize",
    cl::desc("With --hw: skip cim-materialize-tiles (run the layer payloads "
             "as cim-lower left them)"),
    cl::cat(category));

namespace {

int fail(const Twine &msg) {
  WithColor::error(errs(), "cim-run") << msg << "\n";
  return 1;
}

Error error(const Twine &msg) { return cim::makeError(msg); }

/// Names of the function's inputs and outputs: ONNX graph names for .onnx
/// models, arg<i> / result<i> for .mlir.
struct IONames {
  std::vector<std::string> inputs, outputs;
};

Expected<IONames> onnxIONames(StringRef path) {
  auto signature = cim::readOnnxGraphSignature(path);
  if (!signature)
    return signature.takeError();
  return IONames{signature->inputs, signature->outputs};
}

Expected<mlir::OwningOpRef<mlir::ModuleOp>>
loadModel(StringRef path, mlir::MLIRContext &context) {
  // Special files never end: rejected by type before reading (a missing
  // file keeps the reader's own message).
  if (llvm::sys::fs::exists(path))
    if (Error err = cim::checkRegularFile(path,
                                          path.ends_with(".onnx")
                                              ? cim::kMaxModelFileBytes
                                              : cim::kMaxIrFileBytes,
                                          "model"))
      return std::move(err);
  if (path.ends_with(".onnx"))
    return cim::importOnnxFile(path, context, {});
  std::string firstError;
  mlir::ScopedDiagnosticHandler handler(&context, [&](mlir::Diagnostic &d) {
    if (firstError.empty()) {
      raw_string_ostream os(firstError);
      os << d.getLocation() << ": " << d;
    }
    return mlir::success();
  });
  auto module = mlir::parseSourceFile<mlir::ModuleOp>(path, &context);
  if (!module)
    return error("cannot parse '" + path + "'" +
                 (firstError.empty() ? "" : ": " + firstError));
  return std::move(module);
}

/// Resolves "NAME" against the names (or "#<index>").
Expected<size_t> resolveName(StringRef name, ArrayRef<std::string> names,
                             StringRef kind) {
  for (auto [i, n] : enumerate(names))
    if (n == name)
      return i;
  size_t index;
  if (name.consume_front("#") && !name.getAsInteger(10, index) &&
      index < names.size())
    return index;
  return error("no " + kind + " named '" + name + "' (the model's " + kind +
               "s: " + join(names, ", ") + ")");
}

Expected<std::pair<std::string, std::string>> splitSpec(StringRef spec,
                                                        StringRef flag) {
  auto [name, file] = spec.split('=');
  if (name.empty() || file.empty())
    return error("--" + flag + " '" + spec + "': expected NAME=FILE");
  return std::make_pair(name.str(), file.str());
}

} // namespace

int main(int argc, char **argv) {
  InitLLVM initLLVM(argc, argv);
  cl::HideUnrelatedOptions(category);
  cl::SetVersionPrinter(
      [](raw_ostream &os) { os << cim::versionString() << "\n"; });
  cl::ParseCommandLineOptions(
      argc, argv, "cim-run: execute workload IR and compare outputs\n");

  std::string modelPath = modelFile;
  if (!testDir.empty()) {
    if (!modelPath.empty())
      return fail("give either a model file or --onnx-test-dir, not both");
    if (!inputFiles.empty() || !expectFiles.empty())
      return fail("--input/--expect do not apply to --onnx-test-dir (its "
                  "test_data_set_* directories give them)");
    modelPath = testDir + "/model.onnx";
  }
  if (modelPath.empty())
    return fail("no model: give MODEL.mlir, MODEL.onnx or --onnx-test-dir");
  if (!StringRef(modelPath).ends_with(".onnx") &&
      !StringRef(modelPath).ends_with(".mlir"))
    return fail("'" + modelPath + "': expected a .mlir or .onnx file");

  mlir::DialectRegistry registry;
  cim::registerLoweringDialects(registry);
  mlir::MLIRContext context(registry);
  context.disableMultithreading();
  context.loadAllAvailableDialects();

  auto module = loadModel(modelPath, context);
  if (!module)
    return fail(toString(module.takeError()));

  // Signature: from the chosen function before any rewriting.
  mlir::func::FuncOp func;
  for (auto f : (**module).getOps<mlir::func::FuncOp>())
    if (!f.isExternal() && (funcName.empty() || f.getName() == funcName))
      func = func ? func : f;
  if (!func)
    return fail(funcName.empty()
                    ? Twine("'") + modelPath + "' has no function with a body"
                    : "no function @" + funcName + " in '" + modelPath + "'");
  size_t numInputs = func.getNumArguments(), numOutputs = func.getNumResults();

  IONames names;
  if (StringRef(modelPath).ends_with(".onnx")) {
    auto onnxNames = onnxIONames(modelPath);
    if (!onnxNames)
      return fail(toString(onnxNames.takeError()));
    names = *onnxNames;
  }
  if (names.inputs.size() != numInputs || names.outputs.size() != numOutputs) {
    names = {};
    for (size_t i = 0; i < numInputs; ++i)
      names.inputs.push_back("arg" + std::to_string(i));
    for (size_t i = 0; i < numOutputs; ++i)
      names.outputs.push_back("result" + std::to_string(i));
  }

  std::vector<cim::CheckCase> cases;
  if (!testDir.empty()) {
    auto read = cim::readOnnxTestCases(testDir, numInputs, numOutputs);
    if (!read)
      return fail(toString(read.takeError()));
    cases = std::move(*read);
  } else {
    cim::CheckCase c;
    c.inputs.resize(numInputs);
    c.inputFiles.resize(numInputs);
    c.expected.resize(numOutputs);
    for (const std::string &spec : inputFiles) {
      auto parts = splitSpec(spec, "input");
      if (!parts)
        return fail(toString(parts.takeError()));
      auto index = resolveName(parts->first, names.inputs, "input");
      if (!index)
        return fail("--input " + spec + ": " + toString(index.takeError()));
      auto t = cim::readTensorFile(parts->second);
      if (!t)
        return fail(toString(t.takeError()));
      c.inputs[*index] = std::move(*t);
      c.inputFiles[*index] = parts->second;
    }
    for (const std::string &spec : expectFiles) {
      auto parts = splitSpec(spec, "expect");
      if (!parts)
        return fail(toString(parts.takeError()));
      auto index = resolveName(parts->first, names.outputs, "output");
      if (!index)
        return fail("--expect " + spec + ": " + toString(index.takeError()));
      auto t = cim::readTensorFile(parts->second);
      if (!t)
        return fail(toString(t.takeError()));
      c.expected[*index] = std::move(*t);
    }
    cases.push_back(std::move(c));
  }

  std::vector<std::pair<size_t, std::string>> outputsToWrite;
  for (const std::string &spec : outputFiles) {
    auto parts = splitSpec(spec, "output");
    if (!parts)
      return fail(toString(parts.takeError()));
    auto index = resolveName(parts->first, names.outputs, "output");
    if (!index)
      return fail("--output " + spec + ": " + toString(index.takeError()));
    outputsToWrite.emplace_back(*index, parts->second);
  }

  std::vector<cim::CheckVariant> variants{{"workload", {}}};
  for (const std::string &config : hwConfigs) {
    cim::CheckVariant variant{("hw " + sys::path::filename(config)).str(), {}};
    variant.compile.config = config;
    variant.compile.allowVectorUnit = !noVectorUnit;
    variant.compile.materializeTiles = !noMaterialize;
    variants.push_back(std::move(variant));
  }
  cim::CheckSettings settings{funcName, rtolFlag, atolFlag, names.inputs,
                              names.outputs};

  cim::CheckTotals totals;
  std::vector<cim::HostTensor> lastOutputs;
  for (const cim::CheckVariant &variant : variants) {
    auto outputs =
        cim::runVariant(**module, variant, cases, settings, totals, outs());
    if (!outputs) {
      // Bad input files fail the same way in every variant: stop. A variant
      // that does not compile is reported and the others still run.
      if (variant.compile.config.empty() || variants.size() == 1)
        return fail(toString(outputs.takeError()));
      ++totals.comparisons;
      ++totals.failures;
      outs() << "[" << variant.label
             << "] FAIL: " << toString(outputs.takeError()) << "\n";
      continue;
    }
    lastOutputs = std::move(*outputs);
  }
  if (!outputsToWrite.empty() && lastOutputs.empty())
    return fail("no variant ran; nothing to write with --output");
  for (auto &[index, file] : outputsToWrite)
    if (Error err = cim::writeTensorFile(file, lastOutputs[index]))
      return fail(toString(std::move(err)));

  if (totals.comparisons == 0) {
    outs() << "ran " << variants.size() << " variant(s); nothing compared\n";
    return 0;
  }
  outs() << formatv("{0}: {1} of {2} comparisons passed\n",
                    totals.failures ? "FAIL" : "PASS",
                    totals.comparisons - totals.failures, totals.comparisons);
  return totals.failures ? 1 : 0;
}
