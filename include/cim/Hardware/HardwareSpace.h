//===- HardwareSpace.h - Elastic hardware search space -----------*- C++
//-*-===//
//
// A hardware search space: a base configuration, the invariants every point
// keeps (macro area with periphery, on-chip SRAM, bandwidth budget, vector
// lanes; DRAM bandwidth fixed), and integer genes whose every combination
// decodes to a configuration that keeps them. See docs/hardware.md.
//
//===----------------------------------------------------------------------===//

#ifndef CIM_HARDWARE_HARDWARESPACE_H
#define CIM_HARDWARE_HARDWARESPACE_H

#include "cim/Hardware/HardwareConfig.h"

#include "llvm/ADT/ArrayRef.h"
#include "llvm/Support/Error.h"

#include <nlohmann/json.hpp>

#include <string>
#include <utility>
#include <vector>

namespace cim {

/// Limits of a space file (docs/reliability.md, Limits): array shapes as the
/// array.rows/cols range of a hardware file, budgets that keep
/// budget * percent in int64, and a genome count that bounds the load-time
/// check of every genome.
constexpr int64_t kMaxSpaceArrayDim = int64_t(1) << 16;
constexpr int64_t kMaxSpaceBudget = int64_t(1) << 50;
constexpr uint64_t kMaxSpaceGenomes = uint64_t(1) << 16;

struct HardwareInvariants {
  /// Upper bound on A * area(R, C), bit-cell units. Decoding picks the
  /// largest A (a multiple of the core count) under it.
  int64_t macroArea = 0;
  /// Sg + Nc * Sl, exactly (per point when the space has an sram_bytes
  /// gene; then this is 0).
  int64_t sramBytes = 0;
  /// Bg + Nc * Bl, exactly (Bl capped at Bl_max; the rest goes to Bg).
  int64_t bandwidthBytesPerCycle = 0;
  /// V * Nc, exactly.
  int64_t vectorLanes = 0;
};

struct HardwareGene {
  std::string name;
  /// Human-readable value of each index, e.g. "256x256" or "8".
  std::vector<std::string> labels;
  size_t size() const { return labels.size(); }
  /// Name in CSV columns and genome text: `hw_<name>` (unless the name
  /// already starts with `hw_`).
  std::string columnName() const {
    return llvm::StringRef(name).starts_with("hw_") ? name : "hw_" + name;
  }
};

/// ZigZag-IMC's fitted 28 nm ADC area law g(b) = 10^(-0.0369 b) 2^b (in
/// arbitrary units: used only as a ratio g(b) / g(b_ref), by the adc_bits
/// gene and by chipArea; docs/energy.md).
double adcRelativeArea(double bits);
/// Bits an ADC needs to convert one row group's partial sum without loss:
/// ceil(log2(ra * (2^ib - 1) * (2^bc - 1) + 1)), ra = rows_active, ib =
/// input bits per cycle, bc = bits per cell (used by the energy and area
/// models and by the adc_bits gene).
int64_t losslessAdcBits(const HardwareConfig &hw);
/// Most rows an ADC of `bits` (at most 52) converts without loss in one row
/// group: floor((2^bits - 1) / ((2^ib - 1) (2^bc - 1))), the inverse of
/// losslessAdcBits; 0 when not even one row fits.
int64_t losslessRowsForAdcBits(const HardwareConfig &hw, int64_t bits);

class HardwareSpace {
public:
  /// Load a space file; `base` may be a path relative to the file.
  static llvm::Expected<HardwareSpace> load(llvm::StringRef path);
  static llvm::Expected<HardwareSpace> fromJson(const nlohmann::json &value,
                                                llvm::StringRef where,
                                                llvm::StringRef baseDirectory);

  const std::string &name() const { return spaceName; }
  const HardwareConfig &base() const { return baseConfig; }
  const HardwareInvariants &invariants() const { return budget; }
  const std::vector<HardwareGene> &genes() const { return geneList; }
  /// Product of the gene cardinalities.
  uint64_t size() const;

  /// Decode a genome (one index per gene). Errors name the gene and index.
  llvm::Expected<HardwareConfig> decode(llvm::ArrayRef<int> genome) const;
  /// Genome text `hw_array_shape=128x128;hw_cores=4;...`: every gene once,
  /// by value label, named as its CSV column. Groups not named `hw_*` (the
  /// sub-network's genes of a joint genome, e.g. `ks=...`) are skipped, so
  /// the text of a joint genome can be given whole. Errors name the gene and
  /// list its labels.
  llvm::Expected<std::vector<int>> parseGenome(llvm::StringRef text) const;
  /// Inverse of parseGenome.
  std::string formatGenome(llvm::ArrayRef<int> genome) const;
  /// Whether `text` names any hardware gene (`hw_<gene>=...`).
  bool mentionsGenes(llvm::StringRef text) const;

  /// The genome of the base configuration, if the base is a point of the space.
  std::optional<std::vector<int>> baseGenome() const;

  /// Invariants that `config` breaks (empty when it belongs to the space).
  std::vector<HardwareViolation>
  checkInvariants(const HardwareConfig &config) const;

private:
  std::string spaceName;
  HardwareConfig baseConfig;
  HardwareInvariants budget;
  std::vector<std::pair<int64_t, int64_t>> shapes; // (rows, cols)
  std::vector<int64_t> coreCounts;
  std::vector<int64_t> gbSramPercents;
  std::vector<int64_t> gbBandwidthPercents;
  /// Optional fifth gene: array.ping_pong_programming (empty: the base's).
  std::vector<bool> pingPongChoices;
  /// Optional gene: energy.adc_bits, with the rows_active an ADC of that
  /// resolution converts without loss and the ADC area it implies.
  std::vector<int64_t> adcBitChoices;
  /// Optional gene: the on-chip SRAM budget Sg + Nc*Sl of the point (it
  /// replaces invariants.sram_bytes).
  std::vector<int64_t> sramByteChoices;
  /// Genome positions of the optional genes (-1: absent).
  int pingPongGene = -1, adcGene = -1, sramGene = -1;
  std::vector<HardwareGene> geneList;
};

} // namespace cim

#endif // CIM_HARDWARE_HARDWARESPACE_H
