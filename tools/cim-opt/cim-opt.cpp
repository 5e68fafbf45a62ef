//===- cim-opt.cpp - mlir-opt for the cim project -------------------------===//

#include "cim/Dialect/Cim/Transforms/Passes.h"
#include "cim/InitAllDialects.h"

#ifdef CIM_HAVE_WORKLOAD_IR
#include "cim/WorkloadIR/Passes.h"
#endif

#include "mlir/IR/DialectRegistry.h"
#include "mlir/Tools/mlir-opt/MlirOptMain.h"
#include "mlir/Transforms/Passes.h"

int main(int argc, char **argv) {
  mlir::DialectRegistry registry;
  cim::registerAllDialects(registry);
  cim::registerCimPasses();
  cim::registerCimPipelines();
#ifdef CIM_HAVE_WORKLOAD_IR
  cim::registerCimWorkloadPasses();
#endif
  mlir::registerCanonicalizerPass();
  mlir::registerCSEPass();
  mlir::registerSymbolDCEPass();
  return mlir::asMainReturnCode(
      mlir::MlirOptMain(argc, argv, "cim optimizer driver\n", registry));
}
