//===- Simulator.cpp - Interpret lowered cim schedules --------------------===//

#include "cim/Sim/Simulator.h"

#include "cim/CostModel/CostModel.h"
#include "cim/Dialect/Cim/IR/CimOps.h"
#include "cim/Support/CheckedInt.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"

#include <cmath>

using namespace mlir;
using namespace cim;

/// Rebuilds the plan a cim.layer's schedule materializes.
static FailureOr<LayerPlan> planFromSchedule(LayerOp layer) {
  LayerPlan plan;
  plan.mapping = layer.getMapping().getMapping();
  plan.arraysUsed = layer.getArraysUsedAttr().getInt();
  plan.usedWeightSlots = layer.getUsedWeightSlotsAttr().getInt();
  plan.totalWeightSlots = layer.getTotalWeightSlotsAttr().getInt();
  plan.lbNeedBytes = layer.getLbNeedBytesAttr().getInt();
  // The sums below come from the IR: checked, never wrapped.
  bool overflow = false;
  auto add = [&](int64_t &field, int64_t v) {
    checkedAccumulate(field, v, overflow);
  };
  for (LoopOp loop : layer.getSchedule().front().getOps<LoopOp>()) {
    PlanCase c;
    c.kind = loop.getKind();
    c.count = loop.getTripsAttr().getInt();
    c.macs = loop.getMacsAttr().getInt();
    auto spatial = cast<SpatialOp>(loop.getBody().front().front());
    for (Operation &op : spatial.getBody().front()) {
      if (auto t = dyn_cast<TransferOp>(op)) {
        int64_t bytes = t.getBytesAttr().getInt();
        switch (t.getLink()) {
        case Link::Dram:
          add(c.dramBytes, bytes);
          break;
        case Link::Noc:
          add(c.gbBytes, bytes);
          break;
        case Link::Lb:
          add(c.lbBytes, bytes);
          add(c.lbBytesAllCores, t.getAllCores() ? *t.getAllCores() : bytes);
          break;
        }
      } else if (auto p = dyn_cast<ProgramOp>(op)) {
        add(c.rowsProgrammed, p.getRowsAttr().getInt());
      } else if (auto mvm = dyn_cast<MvmOp>(op)) {
        c.mvms = mvm.getCountAttr().getInt();
        c.mvmRows = mvm.getRowsAttr().getInt();
        c.mvmCols = mvm.getColsAttr().getInt();
        c.finalOutputs = !mvm.getPartial();
      } else if (auto v = dyn_cast<VectorWorkOp>(op)) {
        add(c.vectorOps, v.getOpsAttr().getInt());
      } else if (!isa<AccumulateOp>(op)) {
        return op.emitOpError("is not a cim schedule op; cim-sim cannot "
                              "interpret it");
      }
    }
    plan.cases.push_back(c);
  }
  if (overflow)
    return layer.emitOpError("'")
           << layer.getLayerName()
           << "': its schedule's byte, row or operation counts sum past a "
              "64-bit integer";
  return plan;
}

/// Compute that escaped the layers would be silently free: reject it.
static bool isComputeOutsideLayers(Operation *op) {
  if (op->getParentOfType<LayerOp>())
    return false;
  if (op->hasAttr(CimDialect::VectorOpAttrHelper::getNameStr()))
    return true;
  return isa<linalg::LinalgOp>(op) &&
         !isa<linalg::FillOp, linalg::TransposeOp, linalg::BroadcastOp,
              linalg::CopyOp>(op);
}

FailureOr<std::vector<NetworkReport>> cim::simulateModule(ModuleOp module) {
  HardwareAttr hardware = getModuleHardware(module);
  if (!hardware)
    return module.emitError("cim-sim needs a hardware configuration on the "
                            "module (cim.hardware): lower it with "
                            "cim-opt --cim-compile=\"config=FILE.json\"");
  HardwareConfig hw = hardware.getConfig();
  std::vector<NetworkReport> reports;
  for (func::FuncOp func : module.getOps<func::FuncOp>()) {
    if (func.isExternal())
      continue;
    WalkResult escaped = func.walk([&](Operation *op) {
      if (!isComputeOutsideLayers(op))
        return WalkResult::advance();
      op->emitOpError("is outside every cim.layer: the module is not fully "
                      "lowered (run cim-opt --cim-compile)");
      return WalkResult::interrupt();
    });
    if (escaped.wasInterrupted())
      return failure();
    NetworkReport report{func.getSymName().str(), hw.name, hw.clockMhz, {}};
    report.config = hw;
    // Report in network order (the op order in the block may differ).
    SmallVector<LayerOp> layers(func.getBody().getOps<LayerOp>());
    llvm::stable_sort(layers, [](LayerOp a, LayerOp b) {
      return a.getIndexAttr().getInt() < b.getIndexAttr().getInt();
    });
    for (LayerOp layer : layers) {
      FailureOr<LayerPlan> plan = planFromSchedule(layer);
      if (failed(plan))
        return failure();
      CostBreakdown cost = costOfPlan(*plan, hw);
      if (llvm::Error e =
              checkCost(cost, "layer '" + layer.getLayerName() + "'"))
        return layer.emitOpError(llvm::toString(std::move(e)));
      EnergyBreakdown energy = energyOfPlan(*plan, hw, cost);
      if (!std::isfinite(energy.total()) || !std::isfinite(energy.modelLoadPj))
        return layer.emitOpError("layer '")
               << layer.getLayerName()
               << "': its energy is not a finite number of pJ";
      report.layers.push_back({layer.getLayerName().str(), layer.getKind(),
                               plan->mapping, cost, energy});
    }
    if (llvm::Error e =
            checkCost(report.total(), "function '" + func.getSymName() + "'"))
      return func.emitOpError(llvm::toString(std::move(e)));
    if (!report.layers.empty())
      reports.push_back(std::move(report));
  }
  if (reports.empty())
    return module.emitError("nothing to simulate: the module has no cim.layer "
                            "ops; lower it with cim-opt --cim-compile first");
  return reports;
}
