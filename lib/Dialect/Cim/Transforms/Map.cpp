//===- Map.cpp - Choose a mapping for every layer
//--------------------------===//

#include "MappedLayers.h"

#include "cim/CostModel/CostModel.h"
#include "cim/Dialect/Cim/IR/CimAttrs.h"
#include "cim/Dialect/Cim/Transforms/Passes.h"

#include "mlir/IR/Builders.h"

namespace cim {
#define GEN_PASS_DEF_CIMMAP
#include "cim/Dialect/Cim/Transforms/Passes.h.inc"
} // namespace cim

using namespace mlir;
using namespace cim;

namespace {
struct MapPass : public cim::impl::CimMapBase<MapPass> {
  using CimMapBase::CimMapBase;

  void runOnOperation() override {
    ModuleOp module = getOperation();
    HardwareAttr hardware = getModuleHardware(module);
    if (!hardware) {
      module.emitError("cim-map needs a hardware configuration on the module: "
                       "run cim-attach-hardware first");
      return signalPassFailure();
    }
    NetworkOptions options;
    options.allocator = exhaustive ? Allocator::Exhaustive : Allocator::Greedy;
    options.allowVectorUnit = allowVectorUnit;
    Builder builder(&getContext());

    for (func::FuncOp func : module.getOps<func::FuncOp>()) {
      if (func.isExternal())
        continue;
      FailureOr<ExtractedWorkload> extracted = extractWorkload(func);
      if (failed(extracted))
        return signalPassFailure();
      const Workload &workload = extracted->workload;
      if (workload.layers.empty())
        continue;
      llvm::Expected<NetworkResult> result =
          mapNetwork(workload, hardware.getConfig(), options);
      if (!result) {
        func.emitError("cannot map '")
            << func.getSymName() << "' onto hardware '"
            << hardware.getConfig().name
            << "': " << llvm::toString(result.takeError());
        return signalPassFailure();
      }
      for (size_t i = 0; i < workload.layers.size(); ++i) {
        Operation *anchor = extracted->anchors[i];
        anchor->setAttr(
            CimDialect::LayerNameAttrHelper::getNameStr(),
            builder.getStringAttr(layerNameFor(anchor, workload.layers[i], i)));
        anchor->setAttr(CimDialect::MappingAttrHelper::getNameStr(),
                        MappingAttr::get(&getContext(), result->mappings[i]));
      }
      func->setAttr(CimDialect::CyclesAttrHelper::getNameStr(),
                    builder.getI64IntegerAttr(result->cycles));
      func->setAttr(CimDialect::ModelLoadCyclesAttrHelper::getNameStr(),
                    builder.getI64IntegerAttr(result->modelLoadCycles));
    }
  }
};
} // namespace
