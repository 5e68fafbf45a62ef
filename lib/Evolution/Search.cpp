//===- Search.cpp - NSGA-II and random search over a Problem --------------===//

#include "cim/Evolution/Search.h"
#include "cim/Evolution/Hypervolume.h"
#include "cim/Support/Error.h"

#include "llvm/Support/FormatVariadic.h"

#include <algorithm>
#include <chrono>

namespace cim::evo {

SearchObserver::~SearchObserver() = default;

llvm::StringRef stringifyAlgorithm(Algorithm algorithm) {
  switch (algorithm) {
  case Algorithm::Nsga2:
    return "nsga2";
  case Algorithm::Random:
    return "random";
  }
  return "unknown";
}

std::optional<Algorithm> symbolizeAlgorithm(llvm::StringRef text) {
  if (text == "nsga2")
    return Algorithm::Nsga2;
  if (text == "random")
    return Algorithm::Random;
  return std::nullopt;
}

Operators makeOperators(const Problem &problem,
                        const SearchSettings &settings) {
  Operators operators;
  operators.initialization = std::make_unique<Initialization>(
      std::make_unique<UniformSampling>(problem.genes()),
      settings.maxFillRounds);
  if (settings.algorithm == Algorithm::Random)
    return operators;
  std::vector<std::vector<int>> groups = problem.mutationGroups();
  const double rate =
      settings.mutationProbability > 0.0
          ? settings.mutationProbability
          : 1.0 / static_cast<double>(std::max<size_t>(groups.size(), 1));
  operators.mating = std::make_unique<Mating>(
      std::make_unique<TournamentSelection>(),
      std::make_unique<UniformCrossover>(settings.crossoverProbability),
      std::make_unique<GroupResetMutation>(problem.genes(), std::move(groups),
                                           rate),
      settings.maxFillRounds);
  operators.survival = std::make_unique<RankAndCrowdingSurvival>();
  return operators;
}

Search::Search(const Problem &problem, SearchSettings settings)
    : Search(problem, settings, makeOperators(problem, settings)) {}

Search::Search(const Problem &problem, SearchSettings settings,
               Operators operators)
    : prob(problem), config(std::move(settings)),
      operators(std::move(operators)), rng(config.seed), duplicates(problem),
      ownEvaluator(config.threads) {}

Point Search::minimized(const Evaluation &evaluation) const {
  Point point(evaluation.objectives);
  const std::vector<Objective> &objectives = prob.objectives();
  for (size_t m = 0; m < point.size(); ++m)
    if (objectives[m].sense == Sense::Maximize)
      point[m] = -point[m];
  return point;
}

Point Search::minimizedReference() const {
  Evaluation reference;
  reference.objectives = config.referencePoint;
  return minimized(reference);
}

llvm::Error Search::evaluate(Population &batch, int generation,
                             double &seconds) {
  const size_t first = archive.size();
  std::vector<Genome> canonical;
  for (Individual &individual : batch) {
    canonical.push_back(prob.canonicalize(individual.genome));
    duplicates.markEvaluated(canonical.back());
  }

  // Served from the replay where it reaches; the replayed search must ask for
  // the very candidates the original one did.
  std::vector<std::optional<Evaluation>> results(batch.size());
  for (size_t i = 0; i < batch.size(); ++i) {
    const size_t index = first + i;
    if (index >= replay.size())
      break;
    if (replay[index].genome != canonical[i])
      return cim::makeError(
          llvm::formatv("resume: evaluation {0} of the previous run is a "
                        "different candidate than the resumed search "
                        "produces; it was written with other settings or "
                        "another version",
                        index));
    results[i] = replay[index].evaluation;
    ++replayed;
  }

  std::vector<size_t> pending;
  for (size_t i = 0; i < batch.size(); ++i)
    if (!results[i])
      pending.push_back(i);
  auto start = std::chrono::steady_clock::now();
  if (!pending.empty()) {
    std::vector<Genome> pendingGenomes;
    for (size_t i : pending)
      pendingGenomes.push_back(canonical[i]);
    llvm::Expected<std::vector<Evaluation>> computed = prepareAndEvaluate(
        prob, *batchEvaluator, std::move(pendingGenomes), generation);
    if (!computed)
      return computed.takeError();
    for (size_t j = 0; j < pending.size(); ++j)
      results[pending[j]] = std::move((*computed)[j]);
  }
  seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start)
          .count();

  for (size_t i = 0; i < batch.size(); ++i) {
    const Evaluation &evaluation = *results[i];
    if (evaluation.objectives.size() != prob.objectives().size() ||
        evaluation.fields.size() != prob.columns().size())
      return cim::makeError(
          "evaluation returned the wrong number of objectives or fields");
    batch[i].record = static_cast<int64_t>(archive.size());
    batch[i].objectives = minimized(evaluation);
    archive.push_back({static_cast<int64_t>(archive.size()), generation,
                       std::move(canonical[i]), std::move(*results[i])});
  }
  return llvm::Error::success();
}

std::vector<int> Search::paretoFront() const {
  std::vector<Point> points;
  for (const Record &record : archive)
    points.push_back(minimized(record.evaluation));
  std::vector<int> ranks = nonDominatedRanks(points);
  std::vector<int> front;
  for (size_t i = 0; i < ranks.size(); ++i)
    if (ranks[i] == 0)
      front.push_back(static_cast<int>(i));
  return front;
}

/// Keeps only the non-dominated points of `points`.
static void reduceToFront(std::vector<Point> &points) {
  std::vector<int> ranks = nonDominatedRanks(points);
  std::vector<Point> front;
  for (size_t i = 0; i < points.size(); ++i)
    if (ranks[i] == 0)
      front.push_back(std::move(points[i]));
  points = std::move(front);
}

llvm::Error Search::finishGeneration(SearchObserver *observer,
                                     GenerationStats s, size_t firstRecord) {
  for (size_t i = firstRecord; i < archive.size(); ++i) {
    Point point = minimized(archive[i].evaluation);
    if (archive[i].evaluation.trusted)
      trustedFrontPoints.push_back(point);
    frontPoints.push_back(std::move(point));
  }
  reduceToFront(frontPoints);
  reduceToFront(trustedFrontPoints);
  Point reference = minimizedReference();
  s.totalEvaluations = static_cast<int64_t>(archive.size());
  s.hypervolume = hypervolume(frontPoints, reference);
  s.trustedHypervolume = hypervolume(trustedFrontPoints, reference);
  stats.push_back(s);
  if (!observer)
    return llvm::Error::success();
  return observer->generationDone(
      *this, s, llvm::ArrayRef<Record>(archive).drop_front(firstRecord));
}

llvm::Error Search::run(SearchObserver *observer) {
  if (config.population < 1 || config.generations < 1)
    return cim::makeError("population and generations must be >= 1");
  const size_t objectiveCount = prob.objectives().size();
  if (config.referencePoint.size() != objectiveCount || objectiveCount < 1 ||
      objectiveCount > 3)
    return cim::makeError(
        llvm::formatv("the reference point needs one value per objective "
                      "({0}); 1 to 3 objectives are supported",
                      objectiveCount));

  Population population;
  for (int generation = 0; generation < config.generations; ++generation) {
    GenerationStats s;
    s.generation = generation;
    const size_t firstRecord = archive.size();
    Population batch =
        generation == 0 || !operators.mating
            ? operators.initialization->produce(config.population, duplicates,
                                                rng)
            : operators.mating->produce(population, config.population,
                                        duplicates, rng);
    s.duplicatesRejected = duplicates.takeRejected();
    if (batch.empty()) {
      stoppedBecause = llvm::formatv(
          "generation {0}: no new candidate in {1} rounds (the space is "
          "exhausted or the population has converged)",
          generation, config.maxFillRounds);
      break;
    }
    s.evaluations = static_cast<int64_t>(batch.size());
    if (llvm::Error error = evaluate(batch, generation, s.evaluationSeconds))
      return error;
    if (operators.survival) {
      population.insert(population.end(), batch.begin(), batch.end());
      operators.survival->survive(population, config.population, rng);
    }
    if (llvm::Error error = finishGeneration(observer, s, firstRecord))
      return error;
  }
  return llvm::Error::success();
}

} // namespace cim::evo
