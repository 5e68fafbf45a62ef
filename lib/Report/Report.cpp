//===- Report.cpp - JSON and text forms of the cycle report ---------------===//

#include "cim/Report/Report.h"
#include "cim/Report/EnergyReport.h"

#include "llvm/Support/FormatVariadic.h"

#include <vector>

using namespace cim;

CostBreakdown NetworkReport::total() const {
  std::vector<CostBreakdown> costs;
  costs.reserve(layers.size());
  for (const LayerReport &layer : layers)
    costs.push_back(layer.cost);
  return networkTotal(costs);
}

llvm::ArrayRef<const char *> cim::reportAssumptions() {
  static const char *const assumptions[] = {
      "cycles are per inference; programming of resident layers is reported "
      "separately as model_load_cycles",
      "a double-buffered step costs hop + max(compute, dram, noc, lb, vector); "
      "otherwise hop + their sum; fill and drain are exposed once per round",
      "shift-and-add of bit-slices and column slices takes no cycles in the "
      "periphery (its energy is counted: docs/energy.md)",
      "arrays are programmed in parallel; programming and compute on the same "
      "arrays do not overlap",
      "energy = action counts x energy per action (docs/energy.md): counts "
      "use each case's largest tile, a multicast is charged as one path, "
      "energy does not depend on data values",
  };
  return assumptions;
}

static llvm::json::Object costToJson(const CostBreakdown &c) {
  // The cycles each term bounded; `bound` is the largest (docs/timing.md).
  llvm::json::Object bounded;
  for (int i = 0; i < kNumCostTerms; ++i)
    bounded[stringifyCostTerm(static_cast<CostTerm>(i))] = c.boundedCycles[i];
  return llvm::json::Object{
      {"cycles", c.cycles},
      {"model_load_cycles", c.modelLoadCycles},
      {"bound", stringifyCostTerm(c.bound).str()},
      {"bounded_cycles", std::move(bounded)},
      {"terms", llvm::json::Object{{"compute", c.compute},
                                   {"dram", c.dram},
                                   {"gb", c.gb},
                                   {"lb", c.lb},
                                   {"vector", c.vector},
                                   {"program", c.program},
                                   {"hop", c.hop},
                                   {"fill", c.fill},
                                   {"stalls", c.stalls}}},
      {"bytes", llvm::json::Object{{"dram", c.dramBytes},
                                   {"gb", c.gbBytes},
                                   {"lb", c.lbBytes}}},
      {"macs", c.macs},
  };
}

llvm::json::Value cim::reportToJson(llvm::ArrayRef<NetworkReport> networks) {
  llvm::json::Array nets;
  for (const NetworkReport &net : networks) {
    llvm::json::Array layers;
    for (const LayerReport &l : net.layers) {
      llvm::json::Object o = costToJson(l.cost);
      o["name"] = l.name;
      o["kind"] = stringifyLayerKind(l.kind).str();
      o["unit"] = stringifyExecUnit(l.mapping.unit).str();
      o["residency"] = l.mapping.resident ? "resident" : "streamed";
      o["replication"] = l.mapping.replication;
      o["rounds"] = l.mapping.rounds;
      o["steps"] = l.mapping.steps;
      o["double_buffered"] = l.mapping.doubleBuffered;
      // Per-mille, rounded down: an integer FileCheck can match exactly.
      o["array_utilization_permille"] =
          static_cast<int64_t>(l.cost.arrayUtilization * 1000.0);
      o["energy"] = energyToJson(l.energy);
      layers.push_back(std::move(o));
    }
    llvm::json::Object o = costToJson(net.total());
    o["function"] = net.function;
    o["hardware"] = net.hardware;
    o["clock_mhz"] = net.clockMhz;
    o["layers"] = std::move(layers);
    addNetworkEnergyJson(o, net);
    nets.push_back(std::move(o));
  }
  llvm::json::Array assumptions;
  for (const char *a : reportAssumptions())
    assumptions.push_back(a);
  return llvm::json::Object{{"networks", std::move(nets)},
                            {"assumptions", std::move(assumptions)}};
}

void cim::printReportText(llvm::raw_ostream &os,
                          llvm::ArrayRef<NetworkReport> networks) {
  for (const NetworkReport &net : networks) {
    CostBreakdown total = net.total();
    os << "network " << net.function << " on hardware '" << net.hardware
       << "'\n";
    os << llvm::formatv("{0,-28} {1,-12} {2,-7} {3,-9} {4,12} {5,-8} {6,6}\n",
                        "layer", "kind", "unit", "residency", "cycles", "bound",
                        "util%");
    for (const LayerReport &l : net.layers)
      os << llvm::formatv(
          "{0,-28} {1,-12} {2,-7} {3,-9} {4,12} {5,-8} {6,6:F1}\n", l.name,
          stringifyLayerKind(l.kind), stringifyExecUnit(l.mapping.unit),
          l.mapping.resident ? "resident" : "streamed", l.cost.cycles,
          stringifyCostTerm(l.cost.bound), 100.0 * l.cost.arrayUtilization);
    os << "total cycles per inference: " << total.cycles
       << " (bound: " << stringifyCostTerm(total.bound) << ")\n";
    if (net.clockMhz > 0)
      os << llvm::formatv("latency at {0} MHz: {1:F3} us\n", net.clockMhz,
                          static_cast<double>(total.cycles) / net.clockMhz);
    os << "model load (one-off programming of resident layers): "
       << total.modelLoadCycles << " cycles\n";
    os << "terms: compute " << total.compute << ", dram " << total.dram
       << ", gb " << total.gb << ", lb " << total.lb << ", vector "
       << total.vector << ", program " << total.program << ", hop " << total.hop
       << ", fill " << total.fill << ", stalls " << total.stalls << "\n";
    os << "bytes: dram " << total.dramBytes << ", gb " << total.gbBytes
       << ", lb " << total.lbBytes << "; MACs " << total.macs << "\n";
    printEnergyText(os, net);
  }
  os << "assumptions:\n";
  for (const char *a : reportAssumptions())
    os << "  - " << a << "\n";
}
