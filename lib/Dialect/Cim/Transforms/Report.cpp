//===- Report.cpp - Emit the cycle breakdown of a mapped module
//------------===//

#include "MappedLayers.h"

#include "cim/CostModel/CostModel.h"
#include "cim/Dialect/Cim/IR/CimAttrs.h"
#include "cim/Dialect/Cim/Transforms/Passes.h"
#include "cim/Report/Report.h"

#include "mlir/Support/FileUtilities.h"

#include "llvm/Support/ToolOutputFile.h"

namespace cim {
#define GEN_PASS_DEF_CIMREPORT
#include "cim/Dialect/Cim/Transforms/Passes.h.inc"
} // namespace cim

using namespace mlir;
using namespace cim;

namespace {
struct ReportPass : public cim::impl::CimReportBase<ReportPass> {
  using CimReportBase::CimReportBase;

  void runOnOperation() override {
    ModuleOp module = getOperation();
    markAllAnalysesPreserved();
    if (format != "json" && format != "text") {
      module.emitError("cim-report: format must be 'json' or 'text', found '")
          << format << "'";
      return signalPassFailure();
    }
    HardwareAttr hardware = getModuleHardware(module);
    if (!hardware) {
      module.emitError("cim-report needs a hardware configuration on the "
                       "module: run cim-attach-hardware and cim-map first");
      return signalPassFailure();
    }
    const HardwareConfig &hw = hardware.getConfig();
    std::vector<NetworkReport> reports;
    for (func::FuncOp func : module.getOps<func::FuncOp>()) {
      if (func.isExternal())
        continue;
      FailureOr<MappedLayers> mapped = getMappedLayers(func);
      if (failed(mapped))
        return signalPassFailure();
      const Workload &workload = mapped->extracted.workload;
      if (workload.layers.empty())
        continue;
      llvm::Expected<NetworkResult> result =
          evaluateNetwork(workload, hw, mapped->mappings);
      if (!result) {
        func.emitError("cannot cost '")
            << func.getSymName() << "' with its recorded mappings: "
            << llvm::toString(result.takeError());
        return signalPassFailure();
      }
      NetworkReport report{func.getSymName().str(), hw.name, hw.clockMhz, {}};
      report.config = hw;
      for (size_t i = 0; i < workload.layers.size(); ++i) {
        llvm::Expected<EnergyBreakdown> energy =
            layerEnergy(workload.layers[i], hw, mapped->mappings[i]);
        if (!energy) {
          func.emitError("cannot cost the energy of '")
              << mapped->names[i]
              << "': " << llvm::toString(energy.takeError());
          return signalPassFailure();
        }
        report.layers.push_back({mapped->names[i], workload.layers[i].kind,
                                 mapped->mappings[i], result->layers[i],
                                 *energy});
      }
      reports.push_back(std::move(report));
    }

    std::string error;
    std::unique_ptr<llvm::ToolOutputFile> file = openOutputFile(output, &error);
    if (!file) {
      module.emitError("cim-report: ") << error;
      return signalPassFailure();
    }
    if (format == "json")
      file->os() << llvm::formatv("{0:2}", reportToJson(reports)) << "\n";
    else
      printReportText(file->os(), reports);
    file->keep();
  }
};
} // namespace
