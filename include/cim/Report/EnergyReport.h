//===- EnergyReport.h - Energy, power, efficiency and area report -*- C++
//-*-===//
//
// The energy part of the report shared by `cim-opt --cim-report` and
// `cim-sim`: energy per layer and per component, total energy per inference,
// average power, TOPS/W, TOPS/mm^2, energy-delay product and the area per
// component. docs/energy.md explains every field.
//
//===----------------------------------------------------------------------===//

#ifndef CIM_REPORT_ENERGYREPORT_H
#define CIM_REPORT_ENERGYREPORT_H

#include "cim/CostModel/Energy.h"
#include "cim/Report/Report.h"

#include "llvm/Support/JSON.h"
#include "llvm/Support/raw_ostream.h"

namespace cim {

/// {"total_pj", "model_load_pj", "components": {name: pJ}}.
llvm::json::Object energyToJson(const EnergyBreakdown &energy);
/// The network's energy over its layers.
EnergyBreakdown networkEnergy(const NetworkReport &net);
/// Adds "energy" (totals, metrics) and "area" to a network's JSON object.
void addNetworkEnergyJson(llvm::json::Object &out, const NetworkReport &net);
void printEnergyText(llvm::raw_ostream &os, const NetworkReport &net);

} // namespace cim

#endif // CIM_REPORT_ENERGYREPORT_H
