//===- cim-opt.cpp - mlir-opt for the cim project -------------------------===//

#include "cim/Dialect/Cim/Transforms/Passes.h"
#include "cim/Dialect/Cim/Transforms/Pipelines.h"
#include "cim/InitAllDialects.h"
#include "cim/Support/FileChecks.h"
#include "cim/Support/Resources.h"
#include "cim/WorkloadIR/Passes.h"

#include "mlir/IR/DialectRegistry.h"
#include "mlir/Tools/mlir-opt/MlirOptMain.h"
#include "mlir/Transforms/Passes.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/raw_ostream.h"

#include <vector>

int main(int argc, char **argv) {
  mlir::DialectRegistry registry;
  cim::registerAllDialects(registry);
  cim::registerCimPasses();
  cim::registerCimPipelines();
  cim::registerCimWorkloadPasses();
  mlir::registerCanonicalizerPass();
  mlir::registerCSEPass();
  mlir::registerSymbolDCEPass();
  llvm::cl::SetVersionPrinter(
      [](llvm::raw_ostream &os) { os << cim::versionString() << "\n"; });
  // A user-facing error is the diagnostic alone: MLIR's default attaches the
  // failing op in generic form ("see current operation: ...", often dozens
  // of lines) to every op error. --mlir-print-op-on-diagnostic=true brings
  // it back for debugging.
  std::vector<char *> args(argv, argv + argc);
  bool userChose = llvm::any_of(args, [](const char *arg) {
    return llvm::StringRef(arg).contains("mlir-print-op-on-diagnostic");
  });
  static char quiet[] = "--mlir-print-op-on-diagnostic=false";
  if (!userChose)
    args.insert(args.begin() + 1, quiet);
  // The input IR is checked by type and size before MlirOptMain reads it;
  // -o is written atomically (docs/reliability.md).
  return cim::runWithCheckedFiles(
      static_cast<int>(args.size()), args.data(), {"pass-pipeline"},
      cim::kMaxIrFileBytes, [&](int argc, char **argv) {
        return mlir::asMainReturnCode(
            mlir::MlirOptMain(argc, argv, "cim optimizer driver\n", registry));
      });
}
