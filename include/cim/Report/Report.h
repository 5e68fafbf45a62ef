//===- Report.h - The cycle report of a mapped network ----------*- C++ -*-===//
//
// The one report format shared by `cim-opt --cim-report` (mapped IR, re-costed
// through the cost model) and `cim-sim` (lowered IR, interpreted): per layer
// and in total, the cycles, the breakdown into terms, the bounding term,
// bytes per level and array utilization, as JSON and as a text table.
// docs/timing.md explains every field.
//
//===----------------------------------------------------------------------===//

#ifndef CIM_REPORT_REPORT_H
#define CIM_REPORT_REPORT_H

#include "cim/CostModel/CostModel.h"
#include "cim/CostModel/Energy.h"

#include "llvm/Support/JSON.h"
#include "llvm/Support/raw_ostream.h"

#include <string>
#include <vector>

namespace cim {

struct LayerReport {
  std::string name;
  LayerKind kind = LayerKind::Vector;
  LayerMapping mapping;
  CostBreakdown cost;
  /// Energy from the same plan (docs/energy.md).
  EnergyBreakdown energy = {};
};

struct NetworkReport {
  std::string function;
  std::string hardware;
  int64_t clockMhz = 0;
  std::vector<LayerReport> layers;
  /// The configuration (energy, area and metrics need all of it).
  HardwareConfig config = {};

  /// networkTotal() of the layers' breakdowns (the bound: the term that
  /// bounded the most cycles, summed term by term over the layers).
  CostBreakdown total() const;
};

/// The statement printed with every report: what the numbers assume.
llvm::ArrayRef<const char *> reportAssumptions();

llvm::json::Value reportToJson(llvm::ArrayRef<NetworkReport> networks);
void printReportText(llvm::raw_ostream &os,
                     llvm::ArrayRef<NetworkReport> networks);

} // namespace cim

#endif // CIM_REPORT_REPORT_H
