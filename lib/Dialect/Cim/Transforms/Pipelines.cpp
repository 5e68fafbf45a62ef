//===- Pipelines.cpp - The cim-compile pipeline ----------------------------===//

#include "cim/Dialect/Cim/Transforms/Passes.h"

#include "mlir/Pass/PassManager.h"
#include "mlir/Pass/PassOptions.h"
#include "mlir/Pass/PassRegistry.h"

using namespace mlir;

namespace {
struct CompileOptions : public PassPipelineOptions<CompileOptions> {
  Option<std::string> config{*this, "config",
                             llvm::cl::desc("Hardware configuration JSON file")};
};
} // namespace

void cim::registerCimPipelines() {
  PassPipelineRegistration<CompileOptions>(
      "cim-compile",
      "Attach hardware, map every layer with the cost model, lower to cim "
      "schedule ops",
      [](OpPassManager &pm, const CompileOptions &options) {
        CimAttachHardwareOptions attach;
        attach.config = options.config;
        pm.addPass(createCimAttachHardware(attach));
        pm.addPass(createCimMap());
        pm.addPass(createCimLower());
      });
}
