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

#include "cim/Dialect/Cim/Transforms/Passes.h"
#include "cim/Import/OnnxImporter.h"
#include "cim/Run/Runner.h"
#include "cim/Run/TensorIO.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/IR/Verifier.h"
#include "mlir/Parser/Parser.h"
#include "mlir/Pass/PassManager.h"

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

Error error(const Twine &msg) {
  return createStringError(inconvertibleErrorCode(), msg);
}

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

/// Runs cim-compile (attach, map, lower) and cim-materialize-tiles.
Error compileForHardware(mlir::ModuleOp module, StringRef config) {
  mlir::MLIRContext *context = module.getContext();
  std::string firstError;
  mlir::ScopedDiagnosticHandler handler(context, [&](mlir::Diagnostic &d) {
    if (firstError.empty()) {
      raw_string_ostream os(firstError);
      os << d;
    }
    return mlir::success();
  });
  mlir::PassManager pm(context);
  cim::CimAttachHardwareOptions attach;
  attach.config = config.str();
  pm.addPass(cim::createCimAttachHardware(attach));
  cim::CimMapOptions map;
  map.allowVectorUnit = !noVectorUnit;
  pm.addPass(cim::createCimMap(map));
  pm.addPass(cim::createCimLower());
  if (!noMaterialize)
    pm.addPass(cim::createCimMaterializeTiles());
  if (failed(pm.run(module)))
    return error("cim-compile" +
                 Twine(noMaterialize ? "" : " + cim-materialize-tiles") +
                 " for '" + config + "' failed: " + firstError);
  return Error::success();
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

struct Case {
  std::string label;
  /// Per input index: tensor and the file it came from.
  std::vector<std::optional<cim::HostTensor>> inputs;
  std::vector<std::string> inputFiles;
  std::vector<std::optional<cim::HostTensor>> expected;
};

struct Variant {
  std::string label;
  std::string hwConfig; // empty = as imported
};

struct Totals {
  int comparisons = 0, failures = 0;
};

/// Compiles and runs one variant over every case, printing one line per
/// output compared. Returns the outputs of the last case.
Expected<std::vector<cim::HostTensor>>
runVariant(mlir::ModuleOp original, const Variant &variant,
           ArrayRef<Case> cases, const IONames &names, Totals &totals) {
  mlir::OwningOpRef<mlir::ModuleOp> module = original.clone();
  if (!variant.hwConfig.empty())
    if (Error err = compileForHardware(*module, variant.hwConfig))
      return std::move(err);
  auto exe = cim::Executable::compile(*module, funcName);
  if (!exe)
    return exe.takeError();
  std::vector<cim::HostTensor> last;
  for (const Case &c : cases) {
    std::vector<cim::NamedTensor> args;
    for (auto [i, t] : enumerate(c.inputs)) {
      if (!t)
        return error("input '" + names.inputs[i] + "' (#" + Twine(i) +
                     ") of @" + (*exe)->name() +
                     " has no value; give it with "
                     "--input " +
                     names.inputs[i] + "=FILE");
      args.push_back({"input '" + names.inputs[i] + "' (#" + std::to_string(i) +
                          ") from '" + c.inputFiles[i] + "'",
                      &*t});
    }
    auto outputs = (*exe)->run(args);
    if (!outputs)
      return outputs.takeError();
    for (auto [i, expected] : enumerate(c.expected)) {
      if (!expected)
        continue;
      cim::HostTensor &actual = (*outputs)[i];
      // Signless integers come back signed; read them as the file does.
      if (!cim::isFloatDType(actual.dtype) &&
          actual.dtype != cim::DType::Bool &&
          !cim::isFloatDType(expected->dtype) &&
          cim::dtypeBytes(actual.dtype) == cim::dtypeBytes(expected->dtype))
        actual.dtype = expected->dtype;
      cim::Tolerance tol = cim::defaultTolerance(expected->dtype);
      if (cim::isFloatDType(expected->dtype)) {
        if (rtolFlag >= 0)
          tol.rtol = rtolFlag;
        if (atolFlag >= 0)
          tol.atol = atolFlag;
      }
      auto cmp = cim::compareTensors(actual, *expected, tol);
      ++totals.comparisons;
      std::string head = formatv("{0}[{1}] output '{2}'", c.label,
                                 variant.label, names.outputs[i]);
      if (!cmp) {
        ++totals.failures;
        outs() << head << ": FAIL: " << toString(cmp.takeError()) << "\n";
        continue;
      }
      outs() << head
             << formatv(": max abs err {0:e2}, max rel err {1:e2} (rtol "
                        "{2:e0}, atol {3:e0}): ",
                        cmp->maxAbsError, cmp->maxRelError, tol.rtol, tol.atol);
      if (cmp->passed()) {
        outs() << "ok\n";
      } else {
        ++totals.failures;
        int64_t at = cmp->firstMismatch;
        outs() << formatv("FAIL: {0} of {1} elements differ, first at flat "
                          "index {2}: got {3:e6}, expected {4:e6}\n",
                          cmp->mismatches, actual.numElements(), at,
                          actual.elementAsDouble(at),
                          expected->elementAsDouble(at));
      }
    }
    last = std::move(*outputs);
  }
  return last;
}

} // namespace

int main(int argc, char **argv) {
  InitLLVM initLLVM(argc, argv);
  cl::HideUnrelatedOptions(category);
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
  cim::registerRunnerDialects(registry);
  cim::registerOnnxImportDialects(registry);
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

  std::vector<Case> cases;
  if (!testDir.empty()) {
    std::vector<std::string> dirs;
    std::error_code ec;
    for (sys::fs::directory_iterator it(testDir, ec), end; it != end && !ec;
         it.increment(ec))
      if (sys::path::filename(it->path()).starts_with("test_data_set_"))
        dirs.push_back(it->path());
    llvm::sort(dirs);
    if (dirs.empty())
      return fail("'" + testDir + "' has no test_data_set_* directory");
    for (const std::string &dir : dirs) {
      Case c;
      c.label = sys::path::filename(dir).str();
      c.inputs.resize(numInputs);
      c.inputFiles.resize(numInputs);
      c.expected.resize(numOutputs);
      for (size_t i = 0; i < numInputs; ++i) {
        std::string file = (dir + "/input_" + Twine(i) + ".pb").str();
        auto t = cim::readTensorFile(file);
        if (!t)
          return fail(toString(t.takeError()));
        c.inputs[i] = std::move(*t);
        c.inputFiles[i] = file;
      }
      for (size_t i = 0; i < numOutputs; ++i) {
        std::string file = (dir + "/output_" + Twine(i) + ".pb").str();
        auto t = cim::readTensorFile(file);
        if (!t)
          return fail(toString(t.takeError()));
        c.expected[i] = std::move(*t);
      }
      cases.push_back(std::move(c));
    }
  } else {
    Case c;
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

  std::vector<Variant> variants{{"workload", ""}};
  for (const std::string &config : hwConfigs)
    variants.push_back({("hw " + sys::path::filename(config)).str(), config});

  Totals totals;
  std::vector<cim::HostTensor> lastOutputs;
  for (const Variant &variant : variants) {
    auto outputs = runVariant(**module, variant, cases, names, totals);
    if (!outputs) {
      // Bad input files fail the same way in every variant: stop. A variant
      // that does not compile is reported and the others still run.
      if (variant.hwConfig.empty() || variants.size() == 1)
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
