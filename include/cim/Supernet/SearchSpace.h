//===- SearchSpace.h - Supernet search spaces ----------------- -*- C++ -*-===//
//
// A search space is a list of DyNAS-T style gene groups ({name, count,
// values}); a genome is one value index per gene, groups concatenated in
// order. A space decodes a genome into the layer list the cost model maps
// (cim::Workload) plus exact MAC and parameter counts. Genes of inactive
// blocks (beyond a stage's depth) do not change the network; the canonical
// form sets their index to 0 so equivalent genomes compare equal.
//
//===----------------------------------------------------------------------===//

#ifndef CIM_SUPERNET_SEARCHSPACE_H
#define CIM_SUPERNET_SEARCHSPACE_H

#include "cim/CostModel/Workload.h"
#include "cim/Evolution/Random.h"

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace cim {

/// `count` genes named `name` (e.g. ks[20]) that each pick one of `values`.
struct GeneGroup {
  std::string name;
  int count = 1;
  std::vector<double> values;
  /// Index of the group's first gene in the genome.
  int offset = 0;
};

/// A decoded sub-network: the layer list plus the counts of the measured
/// data's convention (conv + linear + matmul MACs; all trainable parameters,
/// BN gamma/beta and biases included, BN running statistics excluded).
struct SubNetwork {
  Workload workload;
  /// Trainable parameters owned by each layer (parallel to workload.layers).
  std::vector<int64_t> layerParams;
  int64_t macs = 0;
  int64_t params = 0;
  int resolution = 0;
};

class SearchSpace {
public:
  virtual ~SearchSpace();

  /// Registry key, e.g. "ofa_mbv3".
  virtual llvm::StringRef name() const = 0;
  /// One line for `describe`.
  virtual llvm::StringRef description() const = 0;

  const std::vector<GeneGroup> &geneGroups() const { return groups; }
  /// The group called `name`, or nullptr.
  const GeneGroup *findGroup(llvm::StringRef name) const;
  int genomeLength() const { return length; }
  /// Name of gene `position`, e.g. "ks[3]".
  std::string geneName(int position) const;
  /// The group that owns gene `position`.
  const GeneGroup &groupOf(int position) const;
  /// Number of distinct genomes (raw, not canonical), saturating at 2^64-1.
  uint64_t rawSize() const;

  /// Error naming the first gene whose index is out of range, or the wrong
  /// genome length.
  llvm::Error validate(llvm::ArrayRef<int> genome) const;
  /// Whether gene `position` influences the network for this genome.
  virtual bool isActive(llvm::ArrayRef<int> genome, int position) const = 0;
  /// The genome with every inactive gene's index set to 0 (and any other
  /// space-specific aliasing removed). Expects a valid genome.
  virtual std::vector<int> canonicalize(llvm::ArrayRef<int> genome) const;

  /// Input resolution of the genome's network.
  virtual int resolution(llvm::ArrayRef<int> genome) const = 0;

  /// DyNAS-T onehot_generic layout: every gene one-hot over its values, in
  /// genome order. Inactive genes are all-zero so that equivalent genomes
  /// get the same features. `skipGroup` omits one group (e.g. "r"). Pass
  /// a canonical genome where a space aliases active values (ResNet50 d[0]
  /// 0 and 1).
  int oneHotSize(llvm::StringRef skipGroup = "") const;
  void oneHot(llvm::ArrayRef<int> genome, llvm::MutableArrayRef<double> out,
              llvm::StringRef skipGroup = "") const;

  /// A uniformly random genome (every gene independently uniform, drawn in
  /// genome order).
  std::vector<int> sample(evo::Rng &rng) const;

  /// Decode a genome the caller has validated. Microseconds.
  virtual SubNetwork decode(llvm::ArrayRef<int> genome) const = 0;
  /// validate() then decode().
  llvm::Expected<SubNetwork> build(llvm::ArrayRef<int> genome) const;

  /// Index of `value` among the group's values, or -1.
  static int indexOfValue(const GeneGroup &group, double value);

protected:
  void addGroup(std::string name, int count, std::vector<double> values);

private:
  std::vector<GeneGroup> groups;
  int length = 0;
};

/// Names accepted by createSearchSpace: ofa_mbv3, ofa_mbv3_r (with the
/// resolution gene), ofa_resnet50, vit_b16.
std::vector<std::string> searchSpaceNames();
llvm::Expected<std::unique_ptr<SearchSpace>>
createSearchSpace(llvm::StringRef name);

/// OFA's channel rounding: to a multiple of 8, at least 8, and never more
/// than 10% below `value`.
int64_t makeDivisible(double value, int64_t divisor = 8);

/// Value text for printing: integers without a decimal point.
std::string formatGeneValue(double value);

} // namespace cim

#endif // CIM_SUPERNET_SEARCHSPACE_H
