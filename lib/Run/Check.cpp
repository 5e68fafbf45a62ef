//===- Check.cpp - Run a model per variant and compare outputs ------------===//

#include "cim/Run/Check.h"

#include "cim/Run/Runner.h"
#include "cim/Support/Error.h"

#include "mlir/IR/Diagnostics.h"
#include "mlir/Pass/PassManager.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/Path.h"

using namespace llvm;
using namespace cim;

static Error error(const Twine &msg) { return cim::makeError(msg); }

Error cim::compileForHardware(mlir::ModuleOp module,
                              const CompileOptions &options) {
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
  buildCompilePipeline(pm, options);
  if (failed(pm.run(module)))
    return error(
        "cim-compile" +
        Twine(options.materializeTiles ? " + cim-materialize-tiles" : "") +
        " for '" + options.config + "' failed: " + firstError);
  return Error::success();
}

Expected<std::vector<CheckCase>>
cim::readOnnxTestCases(StringRef dir, size_t numInputs, size_t numOutputs) {
  std::vector<std::string> dirs;
  std::error_code ec;
  for (sys::fs::directory_iterator it(dir, ec), end; it != end && !ec;
       it.increment(ec))
    if (sys::path::filename(it->path()).starts_with("test_data_set_"))
      dirs.push_back(it->path());
  llvm::sort(dirs);
  if (dirs.empty())
    return error("'" + dir + "' has no test_data_set_* directory");
  std::vector<CheckCase> cases;
  for (const std::string &set : dirs) {
    CheckCase c;
    c.label = sys::path::filename(set).str();
    // <set>/<prefix>_<i>.pb for i < count, into `tensors` (and `files`).
    auto readAll = [&](StringRef prefix, size_t count,
                       std::vector<std::optional<HostTensor>> &tensors,
                       std::vector<std::string> *files) -> Error {
      for (size_t i = 0; i < count; ++i) {
        std::string file = (set + "/" + prefix + "_" + Twine(i) + ".pb").str();
        auto t = readTensorFile(file);
        if (!t)
          return t.takeError();
        tensors.push_back(std::move(*t));
        if (files)
          files->push_back(file);
      }
      return Error::success();
    };
    if (Error err = readAll("input", numInputs, c.inputs, &c.inputFiles))
      return std::move(err);
    if (Error err = readAll("output", numOutputs, c.expected, nullptr))
      return std::move(err);
    cases.push_back(std::move(c));
  }
  return cases;
}

Expected<std::vector<HostTensor>>
cim::runVariant(mlir::ModuleOp original, const CheckVariant &variant,
                ArrayRef<CheckCase> cases, const CheckSettings &settings,
                CheckTotals &totals, raw_ostream &os) {
  mlir::OwningOpRef<mlir::ModuleOp> module = original.clone();
  if (!variant.compile.config.empty())
    if (Error err = compileForHardware(*module, variant.compile))
      return std::move(err);
  auto exe = Executable::compile(*module, settings.funcName);
  if (!exe)
    return exe.takeError();
  const std::vector<std::string> &inputNames = settings.inputNames;
  std::vector<HostTensor> last;
  for (const CheckCase &c : cases) {
    std::vector<NamedTensor> args;
    for (auto [i, t] : enumerate(c.inputs)) {
      if (!t)
        return error("input '" + inputNames[i] + "' (#" + Twine(i) + ") of @" +
                     (*exe)->name() +
                     " has no value; give it with "
                     "--input " +
                     inputNames[i] + "=FILE");
      args.push_back({"input '" + inputNames[i] + "' (#" + std::to_string(i) +
                          ") from '" + c.inputFiles[i] + "'",
                      &*t});
    }
    auto outputs = (*exe)->run(args);
    if (!outputs)
      return outputs.takeError();
    for (auto [i, expected] : enumerate(c.expected)) {
      if (!expected)
        continue;
      HostTensor &actual = (*outputs)[i];
      // Signless integers come back signed; read them as the file does.
      if (!isFloatDType(actual.dtype) && actual.dtype != DType::Bool &&
          !isFloatDType(expected->dtype) &&
          dtypeBytes(actual.dtype) == dtypeBytes(expected->dtype))
        actual.dtype = expected->dtype;
      Tolerance tol = defaultTolerance(expected->dtype);
      if (isFloatDType(expected->dtype)) {
        if (settings.rtol >= 0)
          tol.rtol = settings.rtol;
        if (settings.atol >= 0)
          tol.atol = settings.atol;
      }
      auto cmp = compareTensors(actual, *expected, tol);
      ++totals.comparisons;
      std::string head = formatv("{0}[{1}] output '{2}'", c.label,
                                 variant.label, settings.outputNames[i]);
      if (!cmp) {
        ++totals.failures;
        os << head << ": FAIL: " << toString(cmp.takeError()) << "\n";
        continue;
      }
      os << head
         << formatv(": max abs err {0:e2}, max rel err {1:e2} (rtol "
                    "{2:e0}, atol {3:e0}): ",
                    cmp->maxAbsError, cmp->maxRelError, tol.rtol, tol.atol);
      if (cmp->passed()) {
        os << "ok\n";
      } else {
        ++totals.failures;
        int64_t at = cmp->firstMismatch;
        os << formatv("FAIL: {0} of {1} elements differ, first at flat "
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
