//===- Energy.h - Per-action energy model of a mapped layer ------*- C++
//-*-===//
//
// Accelergy-style energy: action counts x energy per action. Every count is
// taken from the LayerPlan the cycles come from (planLayer, or the plan the
// simulator rebuilds from a lowered schedule), so the cycle model and the
// energy model see the same mapping. Energies per action follow from the
// `energy` group of the hardware configuration (HardwareFields.def);
// docs/energy.md gives every formula, default and published source.
//
//===----------------------------------------------------------------------===//

#ifndef CIM_COSTMODEL_ENERGY_H
#define CIM_COSTMODEL_ENERGY_H

#include "cim/CostModel/ActionCounts.h"
#include "cim/CostModel/CostModel.h"
#include "cim/CostModel/LayerPlan.h"
#include "cim/Hardware/HardwareConfig.h"
#include "cim/Hardware/HardwareSpace.h" // losslessAdcBits

#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"

#include <array>
#include <cstdint>

namespace cim {

/// Where energy goes, in reporting order.
enum class EnergyComponent {
  /// Array cell operations (bit-line charge and in-cell multiply).
  Cells,
  /// Row drivers and input DACs.
  Drivers,
  /// ADC conversions (bitline mode).
  Adc,
  /// Shift-and-add of bit-slices, adder trees (bitline_free), accumulators.
  Accumulate,
  /// Writing weights into the arrays.
  Program,
  /// Local-buffer accesses (all cores).
  LocalBuffer,
  /// Global-buffer accesses.
  GlobalBuffer,
  /// Network-on-chip traversals.
  Noc,
  /// Off-chip DRAM accesses.
  Dram,
  /// Vector-unit element operations.
  Vector,
  /// Static power over the run's cycles.
  Leakage,
};
constexpr int kNumEnergyComponents = 11;
llvm::StringRef stringifyEnergyComponent(EnergyComponent component);
/// Components of the CiM macro itself (cells, drivers, ADC, accumulate): what
/// published macro efficiencies cover.
bool isMacroComponent(EnergyComponent component);

/// Energy of each action at the configuration's node and supply, in pJ
/// (docs/energy.md, "Energy per action").
struct ActionEnergies {
  double cell = 0;         // per cell operation (one cell, one input slice)
  double rowDrive = 0;     // per row drive (one row, one input slice)
  double adc = 0;          // per ADC conversion
  double accumulate = 0;   // per column read (shift-and-add of one result)
  double adderTree = 0;    // per cell operation, bitline_free adder tree
  double cellWrite = 0;    // per bit-cell programmed
  double lbByte = 0;       // per local-buffer byte accessed
  double gbByte = 0;       // per global-buffer byte accessed
  double nocByteHop = 0;   // per byte per hop
  double dramByte = 0;     // per DRAM byte
  double vectorOp = 0;     // per vector-unit element operation
  double leakPerCycle = 0; // static energy of the whole chip per cycle
  double nocHops = 0;      // average hops of a NoC byte
  int64_t adcBits = 0;     // resolution used
  int64_t losslessAdcBits = 0;
};

/// E(node)/E(28 nm) at 0.8 V from the Stillmaker-Baas fits (Integration 58,
/// 2017), linear between tabulated nodes.
double nodeEnergyScale(double nm);
/// ADC energy per conversion at `bits` (pJ): (k1*b + k2*4^b) * V^2 * s(node).
double adcEnergyPj(const HardwareConfig &hw, double bits);
/// SRAM energy per byte accessed for a buffer of `bytes` (pJ).
double sramEnergyPerBytePj(const HardwareConfig &hw, int64_t bytes);
ActionEnergies actionEnergies(const HardwareConfig &hw);

/// Counts of one planned layer; `cycles` is its per-inference cycle count.
ActionCounts countActions(const LayerPlan &plan, const HardwareConfig &hw,
                          int64_t cycles);

struct EnergyBreakdown {
  /// Per-inference energy of each component (pJ), indexed by EnergyComponent.
  std::array<double, kNumEnergyComponents> pj{};
  /// One-off energy of programming resident layers at model load (pJ).
  double modelLoadPj = 0;
  /// Sum of the components (pJ).
  double total() const;
  /// Sum of the macro components (pJ).
  double macroTotal() const;
  void accumulate(const EnergyBreakdown &other);
};

EnergyBreakdown energyOfCounts(const ActionCounts &counts,
                               const ActionEnergies &energies);
/// Energy of a plan whose cost is `cost` (costOfPlan of the same plan).
EnergyBreakdown energyOfPlan(const LayerPlan &plan, const HardwareConfig &hw,
                             const CostBreakdown &cost);
/// The library entry point: plans `layer` under `mapping` (planLayer) and
/// returns its energy; fails like planLayer.
llvm::Expected<EnergyBreakdown> layerEnergy(const Layer &layer,
                                            const HardwareConfig &hw,
                                            const LayerMapping &mapping);

/// Whole-run figures of merit from total energy, MACs, cycles and area.
struct EnergyMetrics {
  double energyPj = 0;
  double latencyUs = 0;
  double averagePowerMw = 0;
  double topsPerW = 0;
  double tops = 0;
  double topsPerMm2 = 0;
  /// Energy-delay product in pJ * us.
  double edpPjUs = 0;
};
/// Ops are 2 per MAC (the convention of CiMLoop and the macro papers).
EnergyMetrics energyMetrics(double energyPj, int64_t macs, int64_t cycles,
                            int64_t clockMhz, double areaMm2);

} // namespace cim

#endif // CIM_COSTMODEL_ENERGY_H
