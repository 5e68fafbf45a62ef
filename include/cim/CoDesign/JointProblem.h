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

#ifndef CIM_CODESIGN_JOINTPROBLEM_H
#define CIM_CODESIGN_JOINTPROBLEM_H

#include "cim/CostModel/CostModel.h"
#include "cim/Evolution/Problem.h"
#include "cim/Hardware/HardwareConfig.h"
#include "cim/Hardware/HardwareSpace.h"
#include "cim/Predict/AccuracyOracle.h"
#include "cim/Supernet/SearchSpace.h"

#include <nlohmann/json.hpp>

#include <atomic>
#include <memory>
#include <optional>

namespace cim::codesign {

enum class SearchMode { Joint, ModelOnly, HardwareOnly };

/// What a candidate can be scored on (docs/search.md, "Objectives"): top-1
/// accuracy (maximised), per-inference cycles, energy per inference (pJ),
/// energy-delay product (pJ x us) and chip area (mm^2), all minimised.
enum class Metric { Accuracy, Cycles, Energy, Edp, Area };
constexpr int kMetricCount = 5;
/// The objective's name as --objectives spells it.
llvm::StringRef stringifyMetric(Metric metric);
std::optional<Metric> symbolizeMetric(llvm::StringRef text);
/// `--objectives` text: 1 to 3 distinct names, comma-separated. The rules
/// that depend on the problem (accuracy source, mode) are checked by
/// JointProblem::create.
llvm::Expected<std::vector<Metric>> parseObjectives(llvm::StringRef text);
llvm::StringRef stringifySearchMode(SearchMode mode);
std::optional<SearchMode> symbolizeSearchMode(llvm::StringRef text);

/// Whether a point with this accuracy source counts toward the trusted
/// hypervolume: measured accuracy, or none at all (then the one objective,
/// cycles, is an exact simulation). Nothing in such a point is a prediction.
bool isTrustedSource(AccuracySource source);

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
  /// The objectives in order; empty: accuracy and cycles, or cycles alone
  /// without an accuracy source.
  std::vector<Metric> objectives;
};

class JointProblem : public evo::Problem {
public:
  static llvm::Expected<std::unique_ptr<JointProblem>>
  create(const SearchSpace &space, const HardwareSpace &hardwareSpace,
         const AccuracyOracle *accuracy, JointProblemOptions options);

  const std::vector<evo::Gene> &genes() const override { return geneList; }
  const std::vector<evo::Objective> &objectives() const override {
    return objectiveList;
  }
  const std::vector<std::string> &columns() const override {
    return columnList;
  }
  std::vector<int> objectiveColumns() const override;
  bool isTrusted(llvm::ArrayRef<std::string> fields) const override;
  evo::Genome canonicalize(llvm::ArrayRef<int> genome) const override;
  std::vector<std::vector<int>> mutationGroups() const override;
  llvm::Expected<evo::Evaluation> evaluate(llvm::ArrayRef<int> canonical,
                                           unsigned worker) const override;
  /// The accuracy of every candidate of the batch, from the oracle in one
  /// estimateBatch call (an external evaluator runs once per generation),
  /// as the text "<source> <top1>" that evaluatePrepared reads: the
  /// process that simulates a candidate needs no accuracy source of its own.
  llvm::Expected<std::vector<std::string>>
  prepareBatch(llvm::ArrayRef<evo::Genome> canonical,
               int generation) const override;
  llvm::Expected<evo::Evaluation>
  evaluatePrepared(llvm::ArrayRef<int> canonical, llvm::StringRef prepared,
                   unsigned worker) const override;

  SearchMode mode() const { return options.mode; }
  /// The objectives in order.
  const std::vector<Metric> &metrics() const { return metricList; }
  /// Index in columns() of the field holding `metric`'s value.
  static int metricColumn(Metric metric);
  /// Number of leading model genes in the genome (0 in hardware-only).
  int modelGeneCount() const { return modelGenes; }

  /// Simulated network of a space genome on a configuration.
  llvm::Expected<NetworkResult> simulate(llvm::ArrayRef<int> modelGenome,
                                         const HardwareConfig &hardware,
                                         unsigned worker = 0) const;
  /// One sub-network (a space genome) on one configuration as `--evaluate`
  /// prints it: a CSV header and one row of subnet, hw, accuracy,
  /// accuracy_source, cycles, macs, params, bounding_term, the bytes per
  /// inference of each level under cim-sim's names (its JSON "bytes" keys):
  /// dram_bytes (DRAM <-> GB), gb_bytes (GB <-> LB, the NoC), lb_bytes
  /// (LB <-> arrays, all cores), then energy_pj, edp_pj_us and area_mm2
  /// (the search's columns of the same names).
  llvm::Expected<std::string>
  evaluationCsv(llvm::ArrayRef<int> modelGenome,
                const HardwareConfig &hardware) const;
  /// The default hypervolume reference point, fixed per (space, hardware
  /// space, fixed hardware) so the runs of one study are comparable: top-1
  /// 70 % for accuracy, and for every other objective 1.1 x its worst value
  /// for the largest sub-network (every gene at its last value) over the
  /// configurations of the hardware space and the fixed hardware (cycles
  /// rounded up to an integer). One simulation per configuration.
  llvm::Expected<std::vector<double>> defaultReferencePoint() const;
  /// Memo and accuracy-source statistics for summary.json.
  nlohmann::json statistics() const;

private:
  JointProblem(const SearchSpace &space, const HardwareSpace &hardwareSpace,
               const AccuracyOracle *accuracy, JointProblemOptions options);
  void splitGenome(llvm::ArrayRef<int> canonical, std::vector<int> &model,
                   std::vector<int> &hardware) const;
  /// The oracle's estimate, or {none} without an accuracy objective.
  llvm::Expected<AccuracyEstimate>
  accuracyOf(llvm::ArrayRef<int> modelGenome) const;
  llvm::Expected<NetworkResult> mapSubNetwork(const SubNetwork &network,
                                              const HardwareConfig &hardware,
                                              unsigned worker) const;

  const SearchSpace &space;
  const HardwareSpace &hardwareSpace;
  const AccuracyOracle *accuracy; // null: no accuracy objective
  JointProblemOptions options;
  int modelGenes = 0;
  std::vector<evo::Gene> geneList;
  std::vector<Metric> metricList;
  std::vector<evo::Objective> objectiveList;
  std::vector<std::string> columnList;
  /// The worker's memo, emptied first when it is over the limit.
  LayerCostCache &cacheFor(unsigned worker) const;

  std::vector<std::unique_ptr<LayerCostCache>> caches;
  // Per worker (each touched by its own thread only): counts of emptied
  // memos and the hits/misses they had.
  mutable std::vector<int64_t> retiredHits, retiredMisses, flushes;
  mutable std::atomic<int64_t> sourceCounts[kAccuracySourceCount] = {};
};

/// Every configuration of the hardware space with its genome, in genome
/// order (first gene fastest).
struct HardwareChoice {
  std::vector<int> genome;
  HardwareConfig config;
};
llvm::Expected<std::vector<HardwareChoice>>
allConfigurations(const HardwareSpace &hardwareSpace);

} // namespace cim::codesign

#endif // CIM_CODESIGN_JOINTPROBLEM_H
