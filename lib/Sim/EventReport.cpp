//===- EventReport.cpp - cim-sim's report of both models ------------------===//

#include "cim/Sim/EventReport.h"

#include "cim/Report/EnergyReport.h"

#include "llvm/Support/FormatVariadic.h"

#include <cmath>

using namespace cim;
using namespace cim::evsim;

/// Event-driven / analytical cycles, or 0 when the analytical model has none.
static double ratio(int64_t events, int64_t analytic) {
  return analytic > 0 ? double(events) / double(analytic) : 0.0;
}

/// Per mille, rounded to the nearest integer (stable text in the JSON).
static int64_t permille(double x) { return std::llround(x * 1000.0); }

static llvm::json::Object layerToJson(const LayerTiming &t,
                                      const LayerReport &a) {
  llvm::json::Object critical, util;
  for (llvm::StringRef c : causes())
    critical[c] = t.critical.count(c.str()) ? t.critical.at(c.str()) : 0;
  for (llvm::StringRef c : resourceClasses())
    util[c] = permille(t.utilization(c));
  return llvm::json::Object{{"name", t.name},
                            {"start", t.start},
                            {"cycles", t.cycles},
                            {"analytic_cycles", a.cost.cycles},
                            {"ratio", (ratio(t.cycles, a.cost.cycles))},
                            {"critical_resource", t.criticalResource},
                            {"critical_path", std::move(critical)},
                            {"stalls", t.stalls()},
                            {"utilization_permille", std::move(util)}};
}

llvm::json::Value
cim::eventReportToJson(llvm::ArrayRef<NetworkTiming> events,
                       llvm::ArrayRef<NetworkReport> analytic) {
  llvm::json::Array networks;
  for (auto [e, a] : llvm::zip_equal(events, analytic)) {
    llvm::json::Array layers;
    for (auto [t, l] : llvm::zip_equal(e.layers, a.layers))
      layers.push_back(layerToJson(t, l));
    int64_t analyticCycles = a.total().cycles;
    networks.push_back(
        llvm::json::Object{{"function", e.function},
                           {"hardware", a.hardware},
                           {"clock_mhz", a.clockMhz},
                           {"cycles", e.cycles},
                           {"analytic_cycles", analyticCycles},
                           {"ratio", (ratio(e.cycles, analyticCycles))},
                           {"layers", std::move(layers)}});
  }
  return llvm::json::Object{{"engine", "event-driven"},
                            {"networks", std::move(networks)},
                            {"analytic", reportToJson(analytic)}};
}

void cim::printEventReportText(llvm::raw_ostream &os,
                               llvm::ArrayRef<NetworkTiming> events,
                               llvm::ArrayRef<NetworkReport> analytic) {
  for (auto [e, a] : llvm::zip_equal(events, analytic)) {
    int64_t analyticCycles = a.total().cycles;
    os << llvm::formatv("network @{0} on hardware '{1}' ({2} MHz)\n",
                        e.function, a.hardware, a.clockMhz);
    os << llvm::formatv("  event-driven cycles: {0}\n", e.cycles);
    os << llvm::formatv("  analytical cycles:   {0}\n", analyticCycles);
    os << llvm::formatv("  ratio (event-driven / analytical): {0:F4}\n",
                        ratio(e.cycles, analyticCycles));
    os << "  per layer: cycles (analytical, ratio), critical resource; "
          "critical path by cause; utilization\n";
    for (auto [t, l] : llvm::zip_equal(e.layers, a.layers)) {
      os << llvm::formatv("  {0}: {1} ({2}, {3:F4}), critical {4}; stalls "
                          "{5}:",
                          t.name, t.cycles, l.cost.cycles,
                          ratio(t.cycles, l.cost.cycles), t.criticalResource,
                          t.stalls());
      for (llvm::StringRef c : causes()) {
        auto it = t.critical.find(c.str());
        if (it != t.critical.end() && it->second > 0)
          os << " " << c << " " << it->second;
      }
      os << ";";
      for (llvm::StringRef c : resourceClasses())
        os << llvm::formatv(" {0} {1:F1}%", c, 100.0 * t.utilization(c));
      os << "\n";
    }
    // The energy counts come from the mapping, which both models share; the
    // static energy, power and EDP use the analytical cycles (as in the
    // JSON report's "analytic" part).
    os << "  energy (leakage, power and EDP at the analytical cycles):\n";
    printEnergyText(os, a);
  }
}
