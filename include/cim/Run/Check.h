//===- Check.h - Run a model per variant and compare outputs ----*- C++ -*-===//
//
// What cim-run does with a loaded model (docs/verification.md): for each
// variant (as imported, or compiled with cim-compile for a hardware
// configuration), JIT-compile the function, run every case and compare each
// output with its expected value, printing one line per comparison.
//
//===----------------------------------------------------------------------===//

#ifndef CIM_RUN_CHECK_H
#define CIM_RUN_CHECK_H

#include "cim/Dialect/Cim/Transforms/Pipelines.h"
#include "cim/Run/TensorIO.h"

#include "mlir/IR/BuiltinOps.h"
#include "llvm/ADT/ArrayRef.h"
#include "llvm/Support/Error.h"
#include "llvm/Support/raw_ostream.h"

#include <optional>
#include <string>
#include <vector>

namespace cim {

/// Runs the cim-compile pipeline of `options` on `module`; the error holds
/// the first diagnostic.
llvm::Error compileForHardware(mlir::ModuleOp module,
                               const CompileOptions &options);

/// One set of inputs and expected outputs, by position.
struct CheckCase {
  /// Printed before each comparison ("test_data_set_0"; empty for the
  /// command line's case).
  std::string label;
  std::vector<std::optional<HostTensor>> inputs;
  /// The file each input came from, for error messages.
  std::vector<std::string> inputFiles;
  std::vector<std::optional<HostTensor>> expected;
};

/// The cases of an ONNX test directory: each test_data_set_*/ with
/// input_<i>.pb and output_<i>.pb, in name order.
llvm::Expected<std::vector<CheckCase>>
readOnnxTestCases(llvm::StringRef dir, size_t numInputs, size_t numOutputs);

/// One way to run the model.
struct CheckVariant {
  std::string label;
  /// Empty: as imported; else cim-compile for compile.config.
  CompileOptions compile;
};

struct CheckSettings {
  /// Function to run; empty: the only public one.
  std::string funcName;
  /// Tolerances for float outputs; negative: the dtype's default.
  double rtol = -1, atol = -1;
  /// Names of the function's inputs and outputs, for messages.
  std::vector<std::string> inputNames, outputNames;
};

struct CheckTotals {
  int comparisons = 0, failures = 0;
};

/// Compiles a clone of `original` for `variant`, runs every case and prints
/// one line per output compared to `os`, counting them in `totals`. Returns
/// the outputs of the last case.
llvm::Expected<std::vector<HostTensor>>
runVariant(mlir::ModuleOp original, const CheckVariant &variant,
           llvm::ArrayRef<CheckCase> cases, const CheckSettings &settings,
           CheckTotals &totals, llvm::raw_ostream &os);

} // namespace cim

#endif // CIM_RUN_CHECK_H
