//===- HardwareConfig.cpp - Derived quantities and validation -------------===//

#include "cim/Hardware/HardwareConfig.h"
#include "cim/Support/Error.h"

#include "llvm/ADT/StringSwitch.h"
#include "llvm/ADT/bit.h"
#include "llvm/Support/MathExtras.h"

#include <cmath>

using namespace cim;

llvm::StringRef cim::stringifyComputeMode(ComputeMode mode) {
  switch (mode) {
  case ComputeMode::Bitline:
    return "bitline";
  case ComputeMode::BitlineFree:
    return "bitline_free";
  }
  llvm_unreachable("unknown compute mode");
}

std::optional<ComputeMode> cim::symbolizeComputeMode(llvm::StringRef text) {
  return llvm::StringSwitch<std::optional<ComputeMode>>(text)
      .Case("bitline", ComputeMode::Bitline)
      .Case("bitline_free", ComputeMode::BitlineFree)
      .Default(std::nullopt);
}

int64_t HardwareConfig::colsPerWeight() const {
  // A configuration that is still to be validated may have a zero divisor.
  return bitsPerCell <= 0 ? 0 : llvm::divideCeilSigned(weightBits, bitsPerCell);
}
int64_t HardwareConfig::weightsPerRow() const {
  int64_t cw = colsPerWeight();
  return cw <= 0 ? 0 : cols / cw;
}
int64_t HardwareConfig::inputSlices() const {
  return inputBitsPerCycle <= 0
             ? 0
             : llvm::divideCeilSigned(inputBits, inputBitsPerCycle);
}
int64_t HardwareConfig::partialSumBits() const {
  return inputBits + weightBits +
         llvm::Log2_64_Ceil(std::max<int64_t>(rows, 1));
}
int64_t HardwareConfig::adcsPerArray() const {
  return colsPerAdc <= 0 ? 0 : cols / colsPerAdc;
}
int64_t HardwareConfig::effectiveAdderTreeDepth() const {
  if (adderTreeDepth > 0)
    return adderTreeDepth;
  return llvm::Log2_64_Ceil(std::max<int64_t>(rows, 1)) + 1;
}
int64_t HardwareConfig::effectiveArrayInputBitsPerCycle() const {
  if (arrayInputBitsPerCycle > 0)
    return arrayInputBitsPerCycle;
  return rows * inputBitsPerCycle;
}
int64_t HardwareConfig::arrayArea() const {
  int64_t area = rows * cols * areaCell + cols * areaPerCol +
                 rows * areaPerRow + areaPerArray;
  if (computeMode == ComputeMode::Bitline)
    area += adcsPerArray() * areaPerAdc;
  return area;
}

std::optional<IntFieldRange> cim::intFieldRange(llvm::StringRef key) {
#define CIM_HW_INT(group, k, name, member, min, max, desc)                     \
  if (key == #name)                                                            \
    return IntFieldRange{min, max};
#include "cim/Hardware/HardwareFields.def"
  return std::nullopt;
}

std::string cim::formatRange(IntFieldRange range) {
  auto show = [](int64_t v) {
    if (v > (1 << 16) && llvm::isPowerOf2_64(v))
      return "2^" + std::to_string(llvm::Log2_64(v));
    return std::to_string(v);
  };
  return show(range.min) + ".." + show(range.max);
}

std::vector<HardwareViolation> HardwareConfig::violations() const {
  std::vector<HardwareViolation> out;
  auto fail = [&](std::string field, std::string message) {
    out.push_back({std::move(field), std::move(message)});
  };
  if (name.empty())
    fail("name", "must not be empty");
  forEachField(
      *this,
      [&](llvm::StringRef group, llvm::StringRef key, llvm::StringRef name,
          int64_t value) {
        IntFieldRange range = *intFieldRange(name);
        if (value < range.min || value > range.max)
          fail((group + "." + key).str(), "must lie in " + formatRange(range) +
                                              ", found " +
                                              std::to_string(value));
      },
      [](llvm::StringRef, llvm::StringRef, llvm::StringRef, bool) {});
  forEachRealField(*this, [&](llvm::StringRef group, llvm::StringRef key,
                              llvm::StringRef, double value, double) {
    if (!std::isfinite(value) || value < 0)
      fail((group + "." + key).str(),
           "must be a finite non-negative number, found " +
               std::to_string(value));
  });
  if (!(technologyNm >= 7 && technologyNm <= 130))
    fail("energy.technology_nm",
         "must lie in 7..130 (the Stillmaker-Baas scaling table), found " +
             std::to_string(technologyNm));
  if (!(supplyV > 0 && supplyV <= 5))
    fail("energy.supply_v",
         "must lie in (0, 5] V, found " + std::to_string(supplyV));
  if (adcBits != std::floor(adcBits) || adcBits > 24)
    fail("energy.adc_bits",
         "must be a whole number in 0..24, found " + std::to_string(adcBits));
  if (adcAreaBits != std::floor(adcAreaBits) || adcAreaBits > 24)
    fail("energy.adc_area_bits", "must be a whole number in 0..24, found " +
                                     std::to_string(adcAreaBits));
  if (!out.empty())
    return out; // relational rules below assume positive sizes
  if (rowsActive > rows)
    fail("array.rows_active", "must not exceed array.rows (" +
                                  std::to_string(rowsActive) + " > " +
                                  std::to_string(rows) + ")");
  if (inputBitsPerCycle > inputBits)
    fail("array.input_bits_per_cycle", "must not exceed array.input_bits (" +
                                           std::to_string(inputBitsPerCycle) +
                                           " > " + std::to_string(inputBits) +
                                           ")");
  if (bitsPerCell > weightBits)
    fail("array.bits_per_cell", "must not exceed array.weight_bits (" +
                                    std::to_string(bitsPerCell) + " > " +
                                    std::to_string(weightBits) + ")");
  if (cols < colsPerWeight())
    fail("array.cols",
         "must hold at least one weight: " + std::to_string(cols) +
             " columns < " + std::to_string(colsPerWeight()) +
             " columns per weight");
  if (computeMode == ComputeMode::Bitline && cols % colsPerAdc != 0)
    fail("array.cols_per_adc", "must divide array.cols (" +
                                   std::to_string(cols) + " % " +
                                   std::to_string(colsPerAdc) + " != 0)");
  // Every per-array structure of the mapper (a round's units) is O(arrays):
  // the product is bounded as well as each factor (docs/hardware.md).
  if (totalArrays() > kMaxTotalArrays)
    fail("array.arrays_per_core",
         "cores * arrays_per_core must not exceed 2^20 arrays, found " +
             std::to_string(cores) + " * " + std::to_string(arraysPerCore));
  if (lbBytesPerCycle > lbMaxBytesPerCycle)
    fail("memory.lb_bytes_per_cycle",
         "must not exceed memory.lb_max_bytes_per_cycle (" +
             std::to_string(lbBytesPerCycle) + " > " +
             std::to_string(lbMaxBytesPerCycle) + ")");
  return out;
}

llvm::Error HardwareConfig::validate() const {
  std::string text;
  for (const HardwareViolation &v : violations()) {
    if (!text.empty())
      text += "; ";
    text += v.field + ": " + v.message;
  }
  if (text.empty())
    return llvm::Error::success();
  return cim::makeError("invalid hardware configuration '" + name +
                        "': " + text);
}

bool HardwareConfig::operator==(const HardwareConfig &o) const {
  if (name != o.name || computeMode != o.computeMode)
    return false;
#define CIM_HW_INT(group, key, name, member, min, max, desc)                   \
  if (member != o.member)                                                      \
    return false;
#define CIM_HW_BOOL(group, key, name, member, desc)                            \
  if (member != o.member)                                                      \
    return false;
#define CIM_HW_REAL(group, key, name, member, dflt, desc)                      \
  if (member != o.member)                                                      \
    return false;
#include "cim/Hardware/HardwareFields.def"
  return true;
}

llvm::hash_code cim::hash_value(const HardwareConfig &c) {
  llvm::hash_code h =
      llvm::hash_combine(c.name, static_cast<int>(c.computeMode));
#define CIM_HW_INT(group, key, name, member, min, max, desc)                   \
  h = llvm::hash_combine(h, c.member);
#define CIM_HW_BOOL(group, key, name, member, desc)                            \
  h = llvm::hash_combine(h, c.member);
#define CIM_HW_REAL(group, key, name, member, dflt, desc)                      \
  h = llvm::hash_combine(h, llvm::bit_cast<uint64_t>(c.member + 0.0));
#include "cim/Hardware/HardwareFields.def"
  return h;
}

bool cim::setIntField(HardwareConfig &c, llvm::StringRef key, int64_t value) {
#define CIM_HW_INT(group, k, name, member, min, max, desc)                     \
  if (key == #name) {                                                          \
    c.member = value;                                                          \
    return true;                                                               \
  }
#include "cim/Hardware/HardwareFields.def"
  return false;
}

bool cim::setBoolField(HardwareConfig &c, llvm::StringRef key, bool value) {
#define CIM_HW_BOOL(group, k, name, member, desc)                              \
  if (key == #name) {                                                          \
    c.member = value;                                                          \
    return true;                                                               \
  }
#include "cim/Hardware/HardwareFields.def"
  return false;
}

bool cim::isIntField(llvm::StringRef key) {
#define CIM_HW_INT(group, k, name, member, min, max, desc)                     \
  if (key == #name)                                                            \
    return true;
#include "cim/Hardware/HardwareFields.def"
  return false;
}

bool cim::isBoolField(llvm::StringRef key) {
#define CIM_HW_BOOL(group, k, name, member, desc)                              \
  if (key == #name)                                                            \
    return true;
#include "cim/Hardware/HardwareFields.def"
  return false;
}

bool cim::setRealField(HardwareConfig &c, llvm::StringRef key, double value) {
#define CIM_HW_REAL(group, k, name, member, dflt, desc)                        \
  if (key == #name) {                                                          \
    c.member = value;                                                          \
    return true;                                                               \
  }
#include "cim/Hardware/HardwareFields.def"
  return false;
}

bool cim::isRealField(llvm::StringRef key) {
#define CIM_HW_REAL(group, k, name, member, dflt, desc)                        \
  if (key == #name)                                                            \
    return true;
#include "cim/Hardware/HardwareFields.def"
  return false;
}

bool cim::hasDefaultEnergy(const HardwareConfig &c) {
  bool same = true;
  forEachRealField(c,
                   [&](llvm::StringRef, llvm::StringRef, llvm::StringRef,
                       double value, double dflt) { same &= value == dflt; });
  return same;
}
