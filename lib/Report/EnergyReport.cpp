//===- EnergyReport.cpp - Energy, power, efficiency and area report -------===//

#include "cim/Report/EnergyReport.h"

#include "cim/CostModel/Area.h"

#include "llvm/Support/FormatVariadic.h"

using namespace cim;

llvm::json::Object cim::energyToJson(const EnergyBreakdown &energy) {
  llvm::json::Object components;
  for (int i = 0; i < kNumEnergyComponents; ++i)
    components[stringifyEnergyComponent(static_cast<EnergyComponent>(i))] =
        energy.pj[i];
  return llvm::json::Object{{"total_pj", energy.total()},
                            {"macro_pj", energy.macroTotal()},
                            {"model_load_pj", energy.modelLoadPj},
                            {"components", std::move(components)}};
}

EnergyBreakdown cim::networkEnergy(const NetworkReport &net) {
  EnergyBreakdown total;
  for (const LayerReport &l : net.layers)
    total.accumulate(l.energy);
  return total;
}

static EnergyMetrics metricsOf(const NetworkReport &net,
                               const EnergyBreakdown &energy,
                               const AreaBreakdown &area) {
  CostBreakdown total = net.total();
  return energyMetrics(energy.total(), total.macs, total.cycles,
                       net.config.clockMhz, area.total());
}

void cim::addNetworkEnergyJson(llvm::json::Object &out,
                               const NetworkReport &net) {
  EnergyBreakdown energy = networkEnergy(net);
  AreaBreakdown area = chipArea(net.config);
  EnergyMetrics m = metricsOf(net, energy, area);
  ActionEnergies e = actionEnergies(net.config);
  llvm::json::Object o = energyToJson(energy);
  o["average_power_mw"] = m.averagePowerMw;
  o["tops_per_w"] = m.topsPerW;
  o["tops"] = m.tops;
  o["tops_per_mm2"] = m.topsPerMm2;
  o["edp_pj_us"] = m.edpPjUs;
  o["latency_us"] = m.latencyUs;
  o["technology_nm"] = net.config.technologyNm;
  o["supply_v"] = net.config.supplyV;
  o["adc_bits"] = e.adcBits;
  o["lossless_adc_bits"] = e.losslessAdcBits;
  out["energy"] = std::move(o);
  llvm::json::Object components;
  for (int i = 0; i < kNumAreaComponents; ++i)
    components[stringifyAreaComponent(static_cast<AreaComponent>(i))] =
        area.mm2[i];
  out["area"] = llvm::json::Object{{"total_mm2", area.total()},
                                   {"macro_mm2", area.macroTotal()},
                                   {"components_mm2", std::move(components)}};
}

void cim::printEnergyText(llvm::raw_ostream &os, const NetworkReport &net) {
  EnergyBreakdown energy = networkEnergy(net);
  AreaBreakdown area = chipArea(net.config);
  EnergyMetrics m = metricsOf(net, energy, area);
  ActionEnergies e = actionEnergies(net.config);
  os << llvm::formatv(
      "energy per inference: {0:F3} nJ (CiM macros {1:F3} nJ) "
      "at {2:F1} nm, {3:F2} V; model load (one-off): {4:F3} nJ\n",
      energy.total() * 1e-3, energy.macroTotal() * 1e-3,
      net.config.technologyNm, net.config.supplyV, energy.modelLoadPj * 1e-3);
  os << "energy by component (pJ):";
  for (int i = 0; i < kNumEnergyComponents; ++i)
    os << (i ? ", " : " ")
       << stringifyEnergyComponent(static_cast<EnergyComponent>(i)) << " "
       << llvm::formatv("{0:F1}", energy.pj[i]);
  os << "\n";
  os << llvm::formatv("average power {0:F3} mW; {1:F3} TOPS/W; {2:F4} TOPS; "
                      "{3:F4} TOPS/mm^2; EDP {4:E3} pJ*us\n",
                      m.averagePowerMw, m.topsPerW, m.tops, m.topsPerMm2,
                      m.edpPjUs);
  if (net.config.computeMode == ComputeMode::Bitline) {
    os << "ADC resolution: " << e.adcBits
       << " bits (lossless: " << e.losslessAdcBits << ")";
    if (e.adcBits < e.losslessAdcBits)
      os << "; partial sums above 2^" << e.adcBits
         << " - 1 clip (the cycle and accuracy models ignore it)";
    os << "\n";
  }
  os << llvm::formatv("area {0:F3} mm^2:", area.total());
  for (int i = 0; i < kNumAreaComponents; ++i)
    os << (i ? ", " : " ")
       << stringifyAreaComponent(static_cast<AreaComponent>(i)) << " "
       << llvm::formatv("{0:F4}", area.mm2[i]);
  os << "\n";
  os << llvm::formatv("{0,-28} {1,14} {2,7} {3,-10}\n", "layer", "energy pJ",
                      "share%", "largest");
  double total = energy.total();
  for (const LayerReport &l : net.layers) {
    int largest = 0;
    for (int i = 1; i < kNumEnergyComponents; ++i)
      if (l.energy.pj[i] > l.energy.pj[largest])
        largest = i;
    os << llvm::formatv(
        "{0,-28} {1,14:F1} {2,7:F1} {3,-10}\n", l.name, l.energy.total(),
        total > 0 ? 100.0 * l.energy.total() / total : 0.0,
        stringifyEnergyComponent(static_cast<EnergyComponent>(largest)));
  }
}
