//===- AttachHardware.cpp - Attach a hardware configuration ---------------===//

#include "cim/Dialect/Cim/IR/CimAttrs.h"
#include "cim/Dialect/Cim/Transforms/Passes.h"
#include "cim/Hardware/HardwareJson.h"

namespace cim {
#define GEN_PASS_DEF_CIMATTACHHARDWARE
#include "cim/Dialect/Cim/Transforms/Passes.h.inc"
} // namespace cim

using namespace mlir;
using namespace cim;

namespace {
struct AttachHardwarePass
    : public cim::impl::CimAttachHardwareBase<AttachHardwarePass> {
  using CimAttachHardwareBase::CimAttachHardwareBase;

  void runOnOperation() override {
    ModuleOp module = getOperation();
    if (config.empty()) {
      module.emitError("cim-attach-hardware needs a configuration file: "
                       "--cim-attach-hardware=\"config=FILE.json\"");
      return signalPassFailure();
    }
    llvm::Expected<HardwareConfig> hardware = loadHardwareConfig(config);
    if (!hardware) {
      module.emitError(llvm::toString(hardware.takeError()));
      return signalPassFailure();
    }
    module->setAttr(CimDialect::HardwareAttrHelper::getNameStr(),
                    HardwareAttr::get(&getContext(), *hardware));
  }
};
} // namespace
