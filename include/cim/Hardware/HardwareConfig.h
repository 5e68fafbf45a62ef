//===- HardwareConfig.h - The CiM hardware model's parameters ---*- C++ -*-===//
//
// One source of truth for a hardware configuration: the `#cim.hardware`
// attribute stores this struct, the JSON files decode into it, the cost model
// and the search read it. Plain C++ (LLVM Support only), no MLIR.
//
//===----------------------------------------------------------------------===//

#ifndef CIM_HARDWARE_HARDWARECONFIG_H
#define CIM_HARDWARE_HARDWARECONFIG_H

#include "llvm/ADT/Hashing.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace cim {

enum class ComputeMode {
  /// Analog accumulation on bit-lines, ADCs shared by `cols_per_adc` columns.
  Bitline,
  /// Digital in-array AND plus a near-array adder tree; no ADC.
  BitlineFree,
};

llvm::StringRef stringifyComputeMode(ComputeMode mode);
std::optional<ComputeMode> symbolizeComputeMode(llvm::StringRef text);

/// One violated rule of the hardware model. `field` is the JSON path of the
/// offending parameter, e.g. "array.rows_active".
struct HardwareViolation {
  std::string field;
  std::string message;
};

/// Most arrays a chip may have (cores * arrays_per_core): the mapper keeps
/// O(arrays) state per round (docs/hardware.md, docs/reliability.md).
constexpr int64_t kMaxTotalArrays = int64_t(1) << 20;

struct HardwareConfig {
  std::string name = "unnamed";
  ComputeMode computeMode = ComputeMode::Bitline;
#define CIM_HW_INT(group, key, name, member, min, max, desc) int64_t member = 0;
#define CIM_HW_BOOL(group, key, name, member, desc) bool member = false;
#define CIM_HW_REAL(group, key, name, member, dflt, desc) double member = dflt;
#include "cim/Hardware/HardwareFields.def"

  //===--- Derived quantities (timing-model.md symbols)
  //--------------------===//

  /// A = Nc * Na.
  int64_t totalArrays() const { return cores * arraysPerCore; }
  /// cw = ceil(wb / bc): columns one weight occupies.
  int64_t colsPerWeight() const;
  /// Cw = floor(C / cw): weights per array row.
  int64_t weightsPerRow() const;
  /// S = ceil(ab / ib): input bit-slices per MVM.
  int64_t inputSlices() const;
  /// pb = ab + wb + ceil(log2 R): partial-sum bits.
  int64_t partialSumBits() const;
  /// nadc = C / mux (bitline mode).
  int64_t adcsPerArray() const;
  /// ttree: explicit, or ceil(log2 R) + 1 when 0.
  int64_t effectiveAdderTreeDepth() const;
  /// Pin: explicit, or R * ib when 0.
  int64_t effectiveArrayInputBitsPerCycle() const;
  /// Total on-chip SRAM: Sg + Nc * Sl.
  int64_t totalSramBytes() const { return gbBytes + cores * lbBytes; }
  /// Bandwidth budget: Bg + Nc * Bl.
  int64_t bandwidthBudgetBytesPerCycle() const {
    return gbBytesPerCycle + cores * lbBytesPerCycle;
  }
  /// Total vector lanes: V * Nc.
  int64_t totalVectorLanes() const { return vectorLanesPerCore * cores; }
  /// area(R, C) = R*C*a_cell + C*a_col + R*a_row + a_fixed (+ nadc*a_adc).
  int64_t arrayArea() const;
  /// A * area(R, C).
  int64_t macroArea() const { return totalArrays() * arrayArea(); }

  /// Every rule of the model that this configuration breaks (empty if valid).
  std::vector<HardwareViolation> violations() const;
  /// The violations joined into one llvm::Error (success if valid).
  llvm::Error validate() const;

  bool operator==(const HardwareConfig &other) const;
  bool operator!=(const HardwareConfig &other) const {
    return !(*this == other);
  }
};

llvm::hash_code hash_value(const HardwareConfig &config);

/// Calls `fnInt(group, jsonKey, member, value)` for each integer field and
/// `fnBool(...)` likewise for each flag, in declaration order.
template <typename IntFn, typename BoolFn>
void forEachField(const HardwareConfig &c, IntFn fnInt, BoolFn fnBool) {
#define CIM_HW_INT(group, key, name, member, min, max, desc)                   \
  fnInt(#group, #key, #name, c.member);
#define CIM_HW_BOOL(group, key, name, member, desc)                            \
  fnBool(#group, #key, #name, c.member);
#include "cim/Hardware/HardwareFields.def"
}

/// Calls `fn(group, jsonKey, member, value, defaultValue)` for each real
/// field (the optional `energy` group), in declaration order.
template <typename RealFn>
void forEachRealField(const HardwareConfig &c, RealFn fn) {
#define CIM_HW_REAL(group, key, name, member, dflt, desc)                      \
  fn(#group, #key, #name, c.member, static_cast<double>(dflt));
#include "cim/Hardware/HardwareFields.def"
}

/// The closed range [min, max] of an integer field (its HardwareFields.def
/// row), by its #cim.hardware / gene name; std::nullopt for an unknown name.
struct IntFieldRange {
  int64_t min, max;
};
std::optional<IntFieldRange> intFieldRange(llvm::StringRef name);
/// "1..65536", or "1..2^20" for a power of two past 2^16.
std::string formatRange(IntFieldRange range);

/// Mutable access by (group, key); returns false when the key is unknown.
bool setIntField(HardwareConfig &c, llvm::StringRef key, int64_t value);
bool setBoolField(HardwareConfig &c, llvm::StringRef key, bool value);
bool setRealField(HardwareConfig &c, llvm::StringRef key, double value);
/// True if `key` names an integer (resp. boolean) field.
bool isIntField(llvm::StringRef key);
bool isBoolField(llvm::StringRef key);
bool isRealField(llvm::StringRef key);
/// True when every real field has its default value.
bool hasDefaultEnergy(const HardwareConfig &c);

} // namespace cim

#endif // CIM_HARDWARE_HARDWARECONFIG_H
