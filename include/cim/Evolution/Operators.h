//===- Operators.h - The parts a genetic algorithm is made of --*- C++ -*-===//
//
// pymoo composes NSGA-II as NSGA2(sampling, selection, crossover, mutation,
// survival, eliminate_duplicates); the operators here are those parts, and
// Search (Search.h) puts them together:
//
//   Initialization  sampling + duplicate elimination: new candidates
//   Mating          selection + crossover + mutation + duplicate
//                   elimination, repeated until a generation is full
//   Survival        which of parents + offspring live on
//
// Every operator draws from the one Rng it is given, in a fixed order, so a
// seed gives the same run on every standard library and thread count.
//
//===----------------------------------------------------------------------===//

#ifndef CIM_EVOLUTION_OPERATORS_H
#define CIM_EVOLUTION_OPERATORS_H

#include "cim/Evolution/Pareto.h"
#include "cim/Evolution/Problem.h"
#include "cim/Evolution/Random.h"

#include <cstdint>
#include <memory>
#include <set>
#include <utility>
#include <vector>

namespace cim::evo {

/// A member of a population.
struct Individual {
  /// As bred: inactive genes keep their values, so they can become active
  /// again in a child.
  Genome genome;
  /// Index of its evaluation in the search's records (-1 before).
  int64_t record = -1;
  /// Objectives in minimised form, set when evaluated.
  Point objectives;
  /// Non-domination rank and crowding distance, set by survival.
  int rank = 0;
  double crowding = 0.0;
};
using Population = std::vector<Individual>;

/// A new random genome.
class Sampling {
public:
  virtual ~Sampling();
  virtual Genome sample(Rng &rng) const = 0;
};

/// Every gene uniform over its values (pymoo IntegerRandomSampling).
class UniformSampling : public Sampling {
public:
  explicit UniformSampling(const std::vector<Gene> &genes) : genes(genes) {}
  Genome sample(Rng &rng) const override;

private:
  std::vector<Gene> genes;
};

/// Keeps a run from evaluating one candidate twice: a genome is admitted
/// only if its canonical form was neither evaluated in the run nor admitted
/// already in the current batch.
class DuplicateElimination {
public:
  explicit DuplicateElimination(const Problem &problem) : problem(problem) {}

  /// Starts the batch of a new generation.
  void beginBatch() { batch.clear(); }
  /// Whether `genome` is a new candidate; counts a rejection otherwise.
  bool admit(const Genome &genome);
  /// Records that the canonical genome has been evaluated.
  void markEvaluated(const Genome &canonical) { evaluated.insert(canonical); }
  /// Rejections since the last takeRejected().
  int64_t takeRejected() { return std::exchange(rejected, 0); }

private:
  const Problem &problem;
  std::set<Genome> evaluated, batch;
  int64_t rejected = 0;
};

/// Picks the two parents of each mating.
class Selection {
public:
  virtual ~Selection();
  /// Called before the `matings` matings of one round.
  virtual void prepare(const Population &population, int matings, Rng &rng) = 0;
  /// The parents (indices into the population) of the next mating.
  virtual std::pair<int, int> next(const Population &population, Rng &rng) = 0;
};

/// pymoo TournamentSelection with comp_by_dom_and_crowding: binary
/// tournaments whose competitors come from concatenated random permutations
/// of the population, decided by Pareto domination, then the larger crowding
/// distance, then a coin flip.
class TournamentSelection : public Selection {
public:
  void prepare(const Population &population, int matings, Rng &rng) override;
  std::pair<int, int> next(const Population &population, Rng &rng) override;

private:
  int winner(const Population &population, int a, int b, Rng &rng) const;

  std::vector<int> competitors;
  size_t cursor = 0;
};

/// Turns two parents into two children, in place.
class Crossover {
public:
  virtual ~Crossover();
  virtual void cross(Genome &first, Genome &second, Rng &rng) const = 0;
};

/// pymoo UniformCrossover: with probability `probability` the pair is
/// crossed, each gene swapped with probability 0.5.
class UniformCrossover : public Crossover {
public:
  explicit UniformCrossover(double probability) : probability(probability) {}
  void cross(Genome &first, Genome &second, Rng &rng) const override;

private:
  double probability;
};

/// Changes a child in place.
class Mutation {
public:
  virtual ~Mutation();
  virtual void mutate(Genome &genome, Rng &rng) const = 0;
};

/// Random reset per group of genes: each group is chosen with probability
/// `rate` and then resampled until it differs, so the rate is the rate of
/// actual changes. Groups let genes that mean one thing together change
/// together (OFA: a block's kernel size and expansion).
class GroupResetMutation : public Mutation {
public:
  GroupResetMutation(const std::vector<Gene> &genes,
                     std::vector<std::vector<int>> groups, double rate);
  void mutate(Genome &genome, Rng &rng) const override;

private:
  std::vector<int> cardinalities;
  std::vector<std::vector<int>> groups;
  double rate;
};

/// Which individuals of a population live on.
class Survival {
public:
  virtual ~Survival();
  /// Reduces `population` to at most `keep` individuals.
  virtual void survive(Population &population, int keep, Rng &rng) const = 0;
};

/// pymoo RankAndCrowding: whole fronts while they fit; the splitting front
/// is cut by crowding distance, descending, ties broken at random
/// (randomized_argsort). Survivors keep their rank and crowding distance.
class RankAndCrowdingSurvival : public Survival {
public:
  void survive(Population &population, int keep, Rng &rng) const override;
};

/// Sets every individual's rank and crowding distance within `population`.
void assignRankAndCrowding(Population &population);

/// New candidates from a sampling, with duplicates eliminated: at most
/// `maxAttemptsPerCandidate` samples per wanted candidate (pymoo's
/// n_max_iterations).
class Initialization {
public:
  Initialization(std::unique_ptr<Sampling> sampling,
                 int maxAttemptsPerCandidate)
      : sampling(std::move(sampling)),
        maxAttemptsPerCandidate(maxAttemptsPerCandidate) {}
  Population produce(int wanted, DuplicateElimination &duplicates,
                     Rng &rng) const;

private:
  std::unique_ptr<Sampling> sampling;
  int maxAttemptsPerCandidate;
};

/// pymoo Mating: rounds of selection, crossover (two children per mating)
/// and mutation until `wanted` new children are found or `maxRounds` rounds
/// have run (pymoo's n_max_iterations).
class Mating {
public:
  Mating(std::unique_ptr<Selection> selection,
         std::unique_ptr<Crossover> crossover,
         std::unique_ptr<Mutation> mutation, int maxRounds)
      : selection(std::move(selection)), crossover(std::move(crossover)),
        mutation(std::move(mutation)), maxRounds(maxRounds) {}
  Population produce(const Population &parents, int wanted,
                     DuplicateElimination &duplicates, Rng &rng);

private:
  std::unique_ptr<Selection> selection;
  std::unique_ptr<Crossover> crossover;
  std::unique_ptr<Mutation> mutation;
  int maxRounds;
};

} // namespace cim::evo

#endif // CIM_EVOLUTION_OPERATORS_H
