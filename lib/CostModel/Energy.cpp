//===- Energy.cpp - Action counts x energy per action ---------------------===//
//
// docs/energy.md states every formula and the published source of every
// default; the counts come from the same LayerPlan costOfPlan reads.
//
//===----------------------------------------------------------------------===//

#include "cim/CostModel/Energy.h"

#include "llvm/Support/MathExtras.h"

#include <cmath>

using namespace cim;

llvm::StringRef cim::stringifyEnergyComponent(EnergyComponent component) {
  switch (component) {
  case EnergyComponent::Cells:
    return "cells";
  case EnergyComponent::Drivers:
    return "drivers";
  case EnergyComponent::Adc:
    return "adc";
  case EnergyComponent::Accumulate:
    return "accumulate";
  case EnergyComponent::Program:
    return "program";
  case EnergyComponent::LocalBuffer:
    return "lb";
  case EnergyComponent::GlobalBuffer:
    return "gb";
  case EnergyComponent::Noc:
    return "noc";
  case EnergyComponent::Dram:
    return "dram";
  case EnergyComponent::Vector:
    return "vector";
  case EnergyComponent::Leakage:
    return "leakage";
  }
  llvm_unreachable("unknown energy component");
}

bool cim::isMacroComponent(EnergyComponent component) {
  return component == EnergyComponent::Cells ||
         component == EnergyComponent::Drivers ||
         component == EnergyComponent::Adc ||
         component == EnergyComponent::Accumulate;
}

namespace {
/// Stillmaker & Baas, "Scaling equations for the accurate prediction of CMOS
/// device performance from 180nm to 7nm", Integration 58 (2017): energy
/// factor a*V^2 + b*V + c per node (as tabulated by Accelergy's scaling).
struct NodeFit {
  double nm, a, b, c;
};
constexpr NodeFit kNodeFits[] = {
    {7, 0.1776, -0.09097, 0.02447},  {10, 0.2068, -0.09311, 0.02375},
    {14, 0.2363, -0.09675, 0.02239}, {16, 0.2958, -0.1241, 0.03024},
    {20, 0.373, -0.1582, 0.04104},   {32, 0.9559, -0.7823, 0.471},
    {45, 1.103, -0.362, 0.2767},     {65, 3.755, -4.398, 1.975},
    {90, 4.762, -4.781, 2.092},      {130, 7.171, -6.709, 2.904},
};
} // namespace

static double nodeFactor(double nm) {
  // Evaluated at 0.8 V (Accelergy's default); voltage scales separately.
  auto at = [](const NodeFit &f) { return f.a * 0.64 + f.b * 0.8 + f.c; };
  const size_t n = std::size(kNodeFits);
  if (nm <= kNodeFits[0].nm)
    return at(kNodeFits[0]);
  for (size_t i = 1; i < n; ++i)
    if (nm <= kNodeFits[i].nm) {
      const NodeFit &lo = kNodeFits[i - 1], &hi = kNodeFits[i];
      double t = (nm - lo.nm) / (hi.nm - lo.nm);
      return at(lo) + t * (at(hi) - at(lo));
    }
  return at(kNodeFits[n - 1]);
}

double cim::nodeEnergyScale(double nm) {
  return nodeFactor(nm) / nodeFactor(28.0);
}

/// fF * V^2 * s(node) in pJ.
static double switchedPj(const HardwareConfig &hw, double femtofarads) {
  return femtofarads * hw.supplyV * hw.supplyV *
         nodeEnergyScale(hw.technologyNm) * 1e-3;
}

/// Energies given at 28 nm and 0.9 V (CACTI, ISAAC, ZigZag write cost)
/// scaled to the configuration: s(node) * (V / 0.9)^2.
static double fromReference(const HardwareConfig &hw, double pj) {
  double v = hw.supplyV / 0.9;
  return pj * v * v * nodeEnergyScale(hw.technologyNm);
}

double cim::adcEnergyPj(const HardwareConfig &hw, double bits) {
  return switchedPj(hw,
                    hw.adcFfLinear * bits + hw.adcFfExp * std::pow(4.0, bits));
}

double cim::sramEnergyPerBytePj(const HardwareConfig &hw, int64_t bytes) {
  double kib = std::max(static_cast<double>(bytes) / 1024.0, 1.0 / 1024.0);
  return fromReference(hw,
                       hw.sramPjPerByte1kb * std::pow(kib, hw.sramExponent));
}

ActionEnergies cim::actionEnergies(const HardwareConfig &hw) {
  ActionEnergies e;
  e.losslessAdcBits = losslessAdcBits(hw);
  e.adcBits =
      hw.adcBits > 0 ? static_cast<int64_t>(hw.adcBits) : e.losslessAdcBits;
  int64_t ib = hw.inputBitsPerCycle;
  e.cell = switchedPj(hw, hw.cellFf);
  e.rowDrive = switchedPj(hw, hw.rowFfPerCol * hw.cols +
                                  (ib > 1 ? hw.dacFfPerBit * ib : 0.0));
  e.adc = hw.computeMode == ComputeMode::Bitline
              ? adcEnergyPj(hw, static_cast<double>(e.adcBits))
              : 0.0;
  e.accumulate = switchedPj(hw, (hw.faFf + hw.dffFf) *
                                    static_cast<double>(hw.partialSumBits()));
  e.adderTree =
      switchedPj(hw, hw.faFf * static_cast<double>(ib + hw.bitsPerCell));
  e.cellWrite = fromReference(hw, hw.cellWriteFj * 1e-3);
  e.lbByte = sramEnergyPerBytePj(hw, hw.lbBytes);
  e.gbByte = sramEnergyPerBytePj(hw, hw.gbBytes);
  e.nocByteHop = fromReference(hw, hw.nocPjPerByteHop);
  // Cores on a ceil(sqrt(Nc))-wide mesh fed from one corner: on average
  // side - 1 hops inside the mesh plus the hop from the global buffer.
  e.nocHops = std::ceil(std::sqrt(static_cast<double>(hw.cores)));
  e.dramByte = 8.0 * hw.dramPjPerBit;
  // One element operation: a 16-bit add and register write.
  e.vectorOp = switchedPj(hw, 16.0 * (hw.faFf + hw.dffFf));
  double arrayBytes = static_cast<double>(hw.totalArrays()) * hw.rows *
                      hw.cols * hw.bitsPerCell / 8.0;
  double kib = (static_cast<double>(hw.totalSramBytes()) + arrayBytes) / 1024.0;
  // uW / MHz = pJ per cycle.
  e.leakPerCycle = hw.clockMhz > 0 ? hw.leakUwPerKb * kib / hw.clockMhz : 0.0;
  return e;
}

ActionCounts cim::countActions(const LayerPlan &plan, const HardwareConfig &hw,
                               int64_t cycles) {
  ActionCounts a;
  a.cycles = static_cast<double>(cycles);
  const bool arrays = plan.mapping.unit == ExecUnit::Arrays;
  const double cw = static_cast<double>(hw.colsPerWeight());
  const double slices = static_cast<double>(hw.inputSlices());
  const double cores =
      static_cast<double>(std::max<int64_t>(plan.mapping.cores, 1));
  for (const PlanCase &c : plan.cases) {
    double n = static_cast<double>(c.count);
    bool load = c.kind == CaseKind::ModelLoad;
    double dram = n * c.dramBytes, noc = n * c.gbBytes;
    // A DRAM byte is one GB access, a NoC byte one GB and one LB access.
    double gb = dram + noc, lb = noc + n * c.lbBytesAllCores;
    (load ? a.loadDramBytes : a.dramBytes) += dram;
    (load ? a.loadNocBytes : a.nocBytes) += noc;
    (load ? a.loadGbBytes : a.gbBytes) += gb;
    (load ? a.loadLbBytes : a.lbBytes) += lb;
    if (c.kind == CaseKind::Program || load) {
      if (arrays)
        (load ? a.loadCellsProgrammed : a.cellsProgrammed) +=
            n * c.lbBytesAllCores * 8.0 / hw.bitsPerCell;
      continue;
    }
    if (c.kind != CaseKind::Step)
      continue;
    // vector_ops is the busiest core's share; every core of the round works.
    a.vectorOps += n * c.vectorOps * cores;
    if (!arrays || c.mvmRows <= 0 || c.mvmCols <= 0)
      continue;
    double macs = n * c.macs;
    double r = static_cast<double>(c.mvmRows);
    double cellOps = macs * cw * slices;
    a.cellOps += cellOps;
    // A tile of r rows x c weight columns drives r rows per input slice.
    a.rowDrives += macs * slices / c.mvmCols;
    if (hw.computeMode == ComputeMode::Bitline) {
      double groups =
          static_cast<double>(llvm::divideCeilSigned(c.mvmRows, hw.rowsActive));
      double reads = cellOps * groups / r;
      a.adcConversions += reads;
      a.columnReads += reads;
    } else {
      a.columnReads += cellOps / r;
      a.adderTreeInputs += cellOps;
    }
  }
  return a;
}

double EnergyBreakdown::total() const {
  double sum = 0;
  for (double v : pj)
    sum += v;
  return sum;
}

double EnergyBreakdown::macroTotal() const {
  double sum = 0;
  for (int i = 0; i < kNumEnergyComponents; ++i)
    if (isMacroComponent(static_cast<EnergyComponent>(i)))
      sum += pj[i];
  return sum;
}

void EnergyBreakdown::accumulate(const EnergyBreakdown &other) {
  for (int i = 0; i < kNumEnergyComponents; ++i)
    pj[i] += other.pj[i];
  modelLoadPj += other.modelLoadPj;
}

EnergyBreakdown cim::energyOfCounts(const ActionCounts &a,
                                    const ActionEnergies &e) {
  EnergyBreakdown b;
  auto at = [&](EnergyComponent c) -> double & {
    return b.pj[static_cast<int>(c)];
  };
  at(EnergyComponent::Cells) = a.cellOps * e.cell;
  at(EnergyComponent::Drivers) = a.rowDrives * e.rowDrive;
  at(EnergyComponent::Adc) = a.adcConversions * e.adc;
  at(EnergyComponent::Accumulate) =
      a.columnReads * e.accumulate + a.adderTreeInputs * e.adderTree;
  at(EnergyComponent::Program) = a.cellsProgrammed * e.cellWrite;
  at(EnergyComponent::LocalBuffer) = a.lbBytes * e.lbByte;
  at(EnergyComponent::GlobalBuffer) = a.gbBytes * e.gbByte;
  at(EnergyComponent::Noc) = a.nocBytes * e.nocHops * e.nocByteHop;
  at(EnergyComponent::Dram) = a.dramBytes * e.dramByte;
  at(EnergyComponent::Vector) = a.vectorOps * e.vectorOp;
  at(EnergyComponent::Leakage) = a.cycles * e.leakPerCycle;
  b.modelLoadPj = a.loadCellsProgrammed * e.cellWrite +
                  a.loadLbBytes * e.lbByte + a.loadGbBytes * e.gbByte +
                  a.loadNocBytes * e.nocHops * e.nocByteHop +
                  a.loadDramBytes * e.dramByte;
  return b;
}

EnergyBreakdown cim::energyOfPlan(const LayerPlan &plan,
                                  const HardwareConfig &hw,
                                  const CostBreakdown &cost) {
  return energyOfCounts(countActions(plan, hw, cost.cycles),
                        actionEnergies(hw));
}

llvm::Expected<EnergyBreakdown> cim::layerEnergy(const Layer &layer,
                                                 const HardwareConfig &hw,
                                                 const LayerMapping &mapping) {
  llvm::Expected<LayerPlan> plan = planLayer(layer, hw, mapping);
  if (!plan)
    return plan.takeError();
  return energyOfPlan(*plan, hw, costOfPlan(*plan, hw));
}

EnergyMetrics cim::energyMetrics(double energyPj, int64_t macs, int64_t cycles,
                                 int64_t clockMhz, double areaMm2) {
  EnergyMetrics m;
  m.energyPj = energyPj;
  m.latencyUs = clockMhz > 0 ? static_cast<double>(cycles) / clockMhz : 0.0;
  double ops = 2.0 * static_cast<double>(macs);
  // pJ / us = uW; ops / pJ = TOPS/W; ops / us = 1e6 ops/s.
  m.averagePowerMw = m.latencyUs > 0 ? energyPj / m.latencyUs * 1e-3 : 0.0;
  m.topsPerW = energyPj > 0 ? ops / energyPj : 0.0;
  m.tops = m.latencyUs > 0 ? ops / m.latencyUs * 1e-6 : 0.0;
  m.topsPerMm2 = areaMm2 > 0 ? m.tops / areaMm2 : 0.0;
  m.edpPjUs = energyPj * m.latencyUs;
  return m;
}
