//===- Simulator.h - Interpret lowered cim schedules ------------*- C++ -*-===//
//
// cim-sim's library: walks the `cim.layer` ops of a lowered module, rebuilds
// each layer's plan from its schedule ops (one cim.loop per distinct
// iteration case, trip counts, transfers, MVMs, programming, vector work)
// and costs it with the cost model's formulas (costOfPlan), so the simulator
// and the mapper share one formula set. It never re-runs the mapper and never
// iterates over trip counts.
//
//===----------------------------------------------------------------------===//

#ifndef CIM_SIM_SIMULATOR_H
#define CIM_SIM_SIMULATOR_H

#include "cim/Report/Report.h"

#include "mlir/IR/BuiltinOps.h"
#include "mlir/Support/LogicalResult.h"

#include <vector>

namespace cim {

/// One report per function holding cim.layer ops, in module order. Emits an
/// error (at the offending op) and fails on a module without hardware,
/// without any cim.layer, with compute ops left outside the layers, or with
/// a malformed schedule.
mlir::FailureOr<std::vector<NetworkReport>> simulateModule(mlir::ModuleOp module);

} // namespace cim

#endif // CIM_SIM_SIMULATOR_H
