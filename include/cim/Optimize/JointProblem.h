//===- JointProblem.h - Sub-network x CiM hardware problem ------*- C++ -*-===//
//
// The genome is the model genes of a SearchSpace followed by the genes of a
// HardwareSpace (joint), or either part alone with the other fixed
// (model-only: fixed hardware; hardware-only: fixed sub-network).
// Objectives: top-1 accuracy (maximised) and per-inference cycles
// (minimised), cycles by exact in-process simulation through CimCostModel,
// accuracy from an AccuracyOracle that says where each value came from.
// Without an oracle (a space with no accuracy data, where only the hardware
// varies or a single network is evaluated) cycles are the one objective and
// every row's accuracy is empty with source `none`.
//
//===----------------------------------------------------------------------===//

#ifndef CIM_OPTIMIZE_JOINTPROBLEM_H
#define CIM_OPTIMIZE_JOINTPROBLEM_H

#include "cim/CostModel/CostModel.h"
#include "cim/Hardware/HardwareConfig.h"
#include "cim/Hardware/HardwareSpace.h"
#include "cim/Evolution/Problem.h"
#include "cim/Search/SearchSpace.h"

#include <nlohmann/json.hpp>

#include <atomic>
#include <memory>
#include <optional>

namespace cim::opt {
using namespace cim::evo;

enum class SearchMode { Joint, ModelOnly, HardwareOnly };
llvm::StringRef stringifySearchMode(SearchMode mode);
std::optional<SearchMode> symbolizeSearchMode(llvm::StringRef text);

enum class AccuracySource {
  Measured,
  Predicted,
  Extrapolated,
  Synthetic,
  None
};
constexpr int kAccuracySourceCount = 5;
llvm::StringRef stringifyAccuracySource(AccuracySource source);

struct AccuracyEstimate {
  double top1 = 0.0;
  AccuracySource source = AccuracySource::Predicted;
};

class AccuracyOracle {
public:
  virtual ~AccuracyOracle();
  /// Thread-safe. `genome` is a space canonical genome (inactive genes 0).
  virtual llvm::Expected<AccuracyEstimate>
  estimate(llvm::ArrayRef<int> genome) const = 0;
  /// Provenance for summary.json (data files, model, CV metrics).
  virtual nlohmann::json describe() const = 0;
};

struct JointProblemOptions {
  SearchMode mode = SearchMode::Joint;
  /// Hardware-only: the sub-network (a space genome).
  std::vector<int> fixedModel;
  /// Model-only: the hardware.
  std::optional<HardwareConfig> fixedHardware;
  /// Evaluation threads (one layer-cost memo each).
  unsigned workers = 1;
  /// A worker's memo is emptied when it holds more entries than this
  /// (about 1.3 KB each), which bounds memory on long runs; results do not
  /// depend on it, only the hit rate does.
  size_t cacheEntryLimit = 250000;
};

class JointProblem : public Problem {
public:
  static llvm::Expected<std::unique_ptr<JointProblem>>
  create(const SearchSpace &space, const HardwareSpace &hardwareSpace,
         const AccuracyOracle *accuracy, JointProblemOptions options);

  const std::vector<Gene> &genes() const override { return geneList; }
  const std::vector<Objective> &objectives() const override {
    return objectiveList;
  }
  const std::vector<std::string> &columns() const override {
    return columnList;
  }
  std::vector<int> objectiveColumns() const override;
  bool isTrusted(llvm::ArrayRef<std::string> fields) const override;
  Genome canonicalize(llvm::ArrayRef<int> genome) const override;
  std::vector<std::vector<int>> mutationGroups() const override;
  llvm::Expected<Evaluation> evaluate(llvm::ArrayRef<int> canonical,
                                      unsigned worker) const override;

  SearchMode mode() const { return options.mode; }
  /// Number of leading model genes in the genome (0 in hardware-only).
  int modelGeneCount() const { return modelGenes; }

  /// Simulated network of a space genome on a configuration.
  llvm::Expected<NetworkResult> simulate(llvm::ArrayRef<int> modelGenome,
                                         const HardwareConfig &hardware,
                                         unsigned worker = 0) const;
  /// Memo and accuracy-source statistics for summary.json.
  nlohmann::json statistics() const;

private:
  JointProblem(const SearchSpace &space, const HardwareSpace &hardwareSpace,
               const AccuracyOracle *accuracy, JointProblemOptions options);
  void splitGenome(llvm::ArrayRef<int> canonical, std::vector<int> &model,
                   std::vector<int> &hardware) const;

  const SearchSpace &space;
  const HardwareSpace &hardwareSpace;
  const AccuracyOracle *accuracy; // null: no accuracy objective
  JointProblemOptions options;
  int modelGenes = 0;
  std::vector<Gene> geneList;
  std::vector<Objective> objectiveList;
  std::vector<std::string> columnList;
  /// The worker's memo, emptied first when it is over the limit.
  LayerCostCache &cacheFor(unsigned worker) const;

  std::vector<std::unique_ptr<LayerCostCache>> caches;
  // Per worker (each touched by its own thread only): counts of emptied
  // memos and the hits/misses they had.
  mutable std::vector<int64_t> retiredHits, retiredMisses, flushes;
  mutable std::atomic<int64_t> sourceCounts[kAccuracySourceCount] = {};
};

} // namespace cim::opt

#endif // CIM_OPTIMIZE_JOINTPROBLEM_H
