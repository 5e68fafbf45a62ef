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

#include "llvm/Support/CommandLine.h"
#include "llvm/Support/raw_ostream.h"

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
  // The input IR is checked by type and size before MlirOptMain reads it;
  // -o is written atomically (docs/reliability.md).
  return cim::runWithCheckedFiles(
      argc, argv, {"pass-pipeline"}, cim::kMaxIrFileBytes,
      [&](int argc, char **argv) {
        return mlir::asMainReturnCode(
            mlir::MlirOptMain(argc, argv, "cim optimizer driver\n", registry));
      });
}
