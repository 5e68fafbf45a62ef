//===- Area.h - Chip area per component in mm^2 ------------------*- C++
//-*-===//
//
// The area model the hardware space already uses (the `area` group, in
// bit-cell units; HardwareConfig::arrayArea) converted to mm^2 at the
// configuration's node, plus buffers, NoC routers and vector lanes, which
// that model leaves out. docs/energy.md gives the formulas and sources.
//
//===----------------------------------------------------------------------===//

#ifndef CIM_COSTMODEL_AREA_H
#define CIM_COSTMODEL_AREA_H

#include "cim/Hardware/HardwareConfig.h"

#include "llvm/ADT/StringRef.h"

#include <array>

namespace cim {

enum class AreaComponent {
  /// Bit-cells, column periphery and per-array control of all arrays.
  Arrays,
  /// ADCs (bitline mode), scaled with energy.adc_bits.
  Adcs,
  /// Row drivers and input DACs.
  Drivers,
  /// Global buffer and local buffers.
  Buffers,
  /// One NoC router per core.
  Noc,
  /// Vector lanes.
  Vector,
};
constexpr int kNumAreaComponents = 6;
llvm::StringRef stringifyAreaComponent(AreaComponent component);

struct AreaBreakdown {
  /// mm^2 of each component, indexed by AreaComponent.
  std::array<double, kNumAreaComponents> mm2{};
  double total() const;
  /// Arrays + ADCs + drivers: the CiM macros.
  double macroTotal() const;
};

/// Area of one bit-cell unit of the `area` group in um^2: cell_f2 * F^2.
double cellUnitUm2(const HardwareConfig &hw);
/// ADC area relative to the space model's `per_adc`, which describes an ADC
/// of `energy.adc_area_bits` (0: the lossless resolution): g(b) / g(ref),
/// g(b) = 10^(-0.0369 b) * 2^b, b = energy.adc_bits (0: lossless).
double adcAreaFactor(const HardwareConfig &hw);
AreaBreakdown chipArea(const HardwareConfig &hw);

} // namespace cim

#endif // CIM_COSTMODEL_AREA_H
