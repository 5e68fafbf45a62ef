//===- HardwareRegret.h - The best single hardware configuration -*- C++
//-*-===//
//
// For a set of networks (e.g. a search's front), every configuration of a
// hardware space is simulated. regret(n, h) = m(n, h) / min over h' of
// m(n, h') - 1 for the metric m (cycles by default; energy, EDP or area);
// a configuration's worst-case regret is its maximum over the networks, and
// the chosen configuration has the least (the first of equals in genome
// order). docs/search.md, "--hw-regret".
//
//===----------------------------------------------------------------------===//

#ifndef CIM_CODESIGN_HARDWAREREGRET_H
#define CIM_CODESIGN_HARDWAREREGRET_H

#include "cim/CoDesign/JointProblem.h"
#include "cim/Evolution/BatchEvaluator.h"

#include <set>
#include <string>
#include <vector>

namespace cim::codesign {

struct HardwareRegret {
  /// The distinct canonical networks, in the order of the CSV.
  std::vector<std::vector<int>> networks;
  std::vector<HardwareChoice> configurations;
  /// The metric chips are ranked by.
  Metric metric = Metric::Cycles;
  /// Its column name in the results files (cycles, energy_pj, ...).
  std::string valueColumn = "cycles";
  /// values[n * configurations.size() + h]: the metric, and its text as
  /// the search's results files write it.
  std::vector<double> values;
  std::vector<std::string> valueTexts;
  /// Per configuration: worst and mean regret over the networks, and for
  /// how many networks it is the fastest.
  std::vector<double> worst, mean;
  std::vector<int> bestFor;
  /// Hardware genomes of the input CSV's rows (joint runs carry them as
  /// hw_<gene> columns; empty otherwise).
  std::set<std::vector<int>> onInputFront;
  /// Index of the configuration with the least worst-case regret.
  size_t chosen = 0;

  /// The chosen configuration's genes, "name=label ...".
  std::string chosenGenes(const HardwareSpace &hardwareSpace) const;
};

/// Simulates the networks of the CSV at `path` (gene columns, e.g. a
/// front.csv) on every configuration of `hardwareSpace`, one batch of
/// (network, configuration) joint candidates of the joint `problem` handed
/// to `evaluator` (threads or MPI ranks; the result does not depend on it),
/// and ranks the configurations by `metric` (not accuracy).
llvm::Expected<HardwareRegret>
analyzeHardwareRegret(const JointProblem &problem, const SearchSpace &space,
                      const HardwareSpace &hardwareSpace, llvm::StringRef path,
                      evo::BatchEvaluator &evaluator,
                      Metric metric = Metric::Cycles);

/// DIR/regret.csv (per configuration: genes, decoded parameters, worst and
/// mean regret, best_for_networks, on_input_front, chosen),
/// DIR/regret_cycles.csv (every simulation: its last column is the metric,
/// named as in the search's results files: cycles, energy_pj, edp_pj_us or
/// area_mm2) and DIR/best_hardware.json (the chosen configuration as a
/// hardware file).
llvm::Error writeHardwareRegret(const HardwareRegret &regret,
                                const SearchSpace &space,
                                const HardwareSpace &hardwareSpace,
                                llvm::StringRef directory);

} // namespace cim::codesign

#endif // CIM_CODESIGN_HARDWAREREGRET_H
