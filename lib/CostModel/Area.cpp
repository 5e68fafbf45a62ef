//===- Area.cpp - Chip area per component in mm^2 -------------------------===//
//
// docs/energy.md ("Area") gives the formulas and the published sources.
//
//===----------------------------------------------------------------------===//

#include "cim/CostModel/Area.h"
#include "cim/CostModel/Energy.h"
#include "cim/Hardware/HardwareSpace.h"

#include <cmath>

using namespace cim;

llvm::StringRef cim::stringifyAreaComponent(AreaComponent component) {
  switch (component) {
  case AreaComponent::Arrays:
    return "arrays";
  case AreaComponent::Adcs:
    return "adcs";
  case AreaComponent::Drivers:
    return "drivers";
  case AreaComponent::Buffers:
    return "buffers";
  case AreaComponent::Noc:
    return "noc";
  case AreaComponent::Vector:
    return "vector";
  }
  llvm_unreachable("unknown area component");
}

double AreaBreakdown::total() const {
  double sum = 0;
  for (double v : mm2)
    sum += v;
  return sum;
}

double AreaBreakdown::macroTotal() const {
  return mm2[static_cast<int>(AreaComponent::Arrays)] +
         mm2[static_cast<int>(AreaComponent::Adcs)] +
         mm2[static_cast<int>(AreaComponent::Drivers)];
}

/// F^2 in um^2 at the configuration's node.
static double featureUm2(const HardwareConfig &hw) {
  double f = hw.technologyNm * 1e-3;
  return f * f;
}

double cim::cellUnitUm2(const HardwareConfig &hw) {
  return hw.cellF2 * featureUm2(hw);
}

double cim::adcAreaFactor(const HardwareConfig &hw) {
  double lossless = static_cast<double>(losslessAdcBits(hw));
  double bits = hw.adcBits > 0 ? hw.adcBits : lossless;
  double reference = hw.adcAreaBits > 0 ? hw.adcAreaBits : lossless;
  // ZigZag-IMC's fitted 28 nm ADC area law, used only as a ratio.
  return adcRelativeArea(bits) / adcRelativeArea(reference);
}

AreaBreakdown cim::chipArea(const HardwareConfig &hw) {
  AreaBreakdown a;
  auto at = [&](AreaComponent c) -> double & {
    return a.mm2[static_cast<int>(c)];
  };
  const double unitMm2 = cellUnitUm2(hw) * 1e-6;
  const double arrays = static_cast<double>(hw.totalArrays());
  at(AreaComponent::Arrays) =
      arrays * unitMm2 *
      static_cast<double>(hw.rows * hw.cols * hw.areaCell +
                          hw.cols * hw.areaPerCol + hw.areaPerArray);
  at(AreaComponent::Drivers) =
      arrays * unitMm2 * static_cast<double>(hw.rows * hw.areaPerRow);
  if (hw.computeMode == ComputeMode::Bitline)
    at(AreaComponent::Adcs) =
        arrays * unitMm2 *
        static_cast<double>(hw.adcsPerArray() * hw.areaPerAdc) *
        adcAreaFactor(hw);
  const double fMm2 = featureUm2(hw) * 1e-6;
  at(AreaComponent::Buffers) =
      static_cast<double>(hw.totalSramBytes()) * 8.0 * hw.sramF2PerBit * fMm2;
  at(AreaComponent::Noc) = static_cast<double>(hw.cores) * hw.routerF2 * fMm2;
  at(AreaComponent::Vector) =
      static_cast<double>(hw.totalVectorLanes()) * hw.laneF2 * fMm2;
  return a;
}
