//===- Search.h - NSGA-II and random search over a Problem ------*- C++ -*-===//
//
// One RNG stream (std::mt19937_64 with our own draws) owned by the calling
// thread; evaluations of a generation run on `threads` workers and are stored
// by index, so any thread count gives bit-identical results. Every candidate
// is canonicalised and checked against a run-wide archive before it is
// evaluated: no candidate is evaluated twice.
//
// Generation 0 is the initial population; a run of G generations makes at
// most G * population evaluations (DyNAS-T: n_gen = num_evals / population).
//
// An algorithm is a composition of the operators of Operators.h (pymoo's
// GeneticAlgorithm): NSGA-II is uniform sampling, then binary tournaments,
// uniform crossover and grouped random-reset mutation, with rank-and-crowding
// survival; random search samples every generation and keeps no population.
//
//===----------------------------------------------------------------------===//

#ifndef CIM_EVOLUTION_SEARCH_H
#define CIM_EVOLUTION_SEARCH_H

#include "cim/Evolution/BatchEvaluator.h"
#include "cim/Evolution/Operators.h"

#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace cim::evo {

enum class Algorithm { Nsga2, Random };
llvm::StringRef stringifyAlgorithm(Algorithm algorithm);
std::optional<Algorithm> symbolizeAlgorithm(llvm::StringRef text);

struct SearchSettings {
  Algorithm algorithm = Algorithm::Nsga2;
  int population = 50;
  /// Including generation 0 (the initial population).
  int generations = 5;
  uint64_t seed = 42;
  unsigned threads = 1;
  /// Probability that a mating pair is crossed (uniform crossover).
  double crossoverProbability = 0.9;
  /// Per mutation group; <= 0 means 1 / (number of groups).
  double mutationProbability = 0.0;
  /// Rounds of mating/sampling to fill a generation with new candidates
  /// (pymoo's n_max_iterations).
  int maxFillRounds = 100;
  /// Hypervolume reference point in natural units, one per objective.
  std::vector<double> referencePoint;
};

/// One evaluated candidate, in evaluation order.
struct Record {
  int64_t index = 0;
  int generation = 0;
  Genome genome; // canonical
  Evaluation evaluation;
};

struct GenerationStats {
  int generation = 0;
  /// Evaluations made in this generation and in total so far.
  int64_t evaluations = 0;
  int64_t totalEvaluations = 0;
  /// Offspring or samples rejected because their canonical form was already
  /// in the archive or the current batch.
  int64_t duplicatesRejected = 0;
  /// Exact hypervolume of the whole archive, and of its trusted part.
  double hypervolume = 0.0;
  double trustedHypervolume = 0.0;
  /// Wall seconds spent evaluating this generation's candidates.
  double evaluationSeconds = 0.0;
};

/// The operators of one algorithm. Without a mating every generation is
/// sampled; without a survival no population is kept.
struct Operators {
  std::unique_ptr<Initialization> initialization;
  std::unique_ptr<Mating> mating;
  std::unique_ptr<Survival> survival;
};

/// NSGA-II (Deb et al. 2002, pymoo semantics) or random search with the
/// settings' probabilities and fill rounds.
Operators makeOperators(const Problem &problem, const SearchSettings &settings);

class Search;

class SearchObserver {
public:
  virtual ~SearchObserver();
  /// Called after each generation with that generation's new records.
  virtual llvm::Error generationDone(const Search &search,
                                     const GenerationStats &stats,
                                     llvm::ArrayRef<Record> records) = 0;
};

class Search {
public:
  /// The algorithm of `settings.algorithm`.
  Search(const Problem &problem, SearchSettings settings);
  /// Any composition of operators.
  Search(const Problem &problem, SearchSettings settings, Operators operators);

  /// Records of a previous run of the same settings (from its CSV): they are
  /// used instead of evaluating, in order, after checking that the replayed
  /// search asks for the same candidate at each index. verifyRecords checks
  /// beforehand that each is what its candidate evaluates to.
  void setReplay(std::vector<Record> records) { replay = std::move(records); }
  /// Where batches are evaluated; by default a ThreadPoolEvaluator with the
  /// settings' thread count. Not owned; results do not depend on it.
  void setEvaluator(BatchEvaluator *evaluator) { batchEvaluator = evaluator; }

  llvm::Error run(SearchObserver *observer = nullptr);

  const Problem &problem() const { return prob; }
  const SearchSettings &settings() const { return config; }
  const std::vector<Record> &records() const { return archive; }
  const std::vector<GenerationStats> &history() const { return stats; }
  /// Indices (into records()) of the archive's non-dominated candidates.
  std::vector<int> paretoFront() const;
  /// Objectives of a record turned into minimised form.
  Point minimized(const Evaluation &evaluation) const;
  /// The reference point in minimised form.
  Point minimizedReference() const;
  /// Why the run ended early (empty if it ran all generations).
  const std::string &stopReason() const { return stoppedBecause; }
  /// Candidates served from the replay instead of being evaluated.
  int64_t replayedCount() const { return replayed; }

private:
  llvm::Error evaluate(Population &batch, int generation, double &seconds);
  llvm::Error finishGeneration(SearchObserver *observer, GenerationStats s,
                               size_t firstRecord);

  const Problem &prob;
  SearchSettings config;
  Operators operators;
  Rng rng;
  DuplicateElimination duplicates;
  std::vector<Record> archive;
  std::vector<Record> replay;
  int64_t replayed = 0;
  ThreadPoolEvaluator ownEvaluator;
  BatchEvaluator *batchEvaluator = &ownEvaluator;
  std::vector<GenerationStats> stats;
  std::vector<Point> frontPoints, trustedFrontPoints;
  std::string stoppedBecause;
};

} // namespace cim::evo

#endif // CIM_EVOLUTION_SEARCH_H
