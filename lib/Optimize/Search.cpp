//===- Search.cpp - NSGA-II and random search over a Problem --------------===//

#include "cim/Optimize/Search.h"

#include "llvm/Support/FormatVariadic.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <thread>

namespace cim::opt {

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

Search::Search(const Problem &problem, SearchSettings settings)
    : prob(problem), config(std::move(settings)), rng(config.seed),
      groups(problem.mutationGroups()) {
  mutationRate =
      config.mutationProbability > 0.0
          ? config.mutationProbability
          : 1.0 / static_cast<double>(std::max<size_t>(groups.size(), 1));
}

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

Genome Search::randomGenome() {
  const std::vector<Gene> &genes = prob.genes();
  Genome genome(genes.size());
  for (size_t i = 0; i < genes.size(); ++i)
    genome[i] = static_cast<int>(rng.below(genes[i].cardinality()));
  return genome;
}

/// Random reset per group: a chosen group is resampled until it differs, so
/// the mutation rate is the rate of actual changes.
void Search::mutate(Genome &genome) {
  const std::vector<Gene> &genes = prob.genes();
  for (const std::vector<int> &group : groups) {
    if (!rng.chance(mutationRate))
      continue;
    bool variable = false;
    for (int gene : group)
      variable |= genes[gene].cardinality() > 1;
    if (!variable)
      continue;
    for (;;) {
      bool changed = false;
      for (int gene : group) {
        int value = static_cast<int>(rng.below(genes[gene].cardinality()));
        changed |= value != genome[gene];
        genome[gene] = value;
      }
      if (changed)
        break;
    }
  }
}

/// pymoo comp_by_dom_and_crowding: domination, then larger crowding, then a
/// coin flip.
int Search::tournament(const std::vector<Individual> &pool, int a, int b) {
  Point fa = minimized(archive[pool[a].record].evaluation);
  Point fb = minimized(archive[pool[b].record].evaluation);
  if (dominates(fa, fb))
    return a;
  if (dominates(fb, fa))
    return b;
  if (pool[a].crowding > pool[b].crowding)
    return a;
  if (pool[b].crowding > pool[a].crowding)
    return b;
  return rng.chance(0.5) ? a : b;
}

std::vector<Search::Individual>
Search::makeOffspring(const std::vector<Individual> &parents, int wanted,
                      int64_t &rejected) {
  std::vector<Individual> offspring;
  std::set<Genome> batch;
  const int n = static_cast<int>(parents.size());
  const size_t geneCount = prob.genes().size();
  for (int round = 0; round < config.maxFillRounds &&
                      static_cast<int>(offspring.size()) < wanted;
       ++round) {
    const int missing = wanted - static_cast<int>(offspring.size());
    const int matings = (missing + 1) / 2;
    // pymoo TournamentSelection: competitors come from concatenated random
    // permutations of the population.
    const int competitors = matings * 2 * 2;
    std::vector<int> stream;
    while (static_cast<int>(stream.size()) < competitors) {
      std::vector<int> perm = rng.permutation(n);
      stream.insert(stream.end(), perm.begin(), perm.end());
    }
    std::vector<Genome> children;
    for (int m = 0; m < matings; ++m) {
      const Genome &p1 =
          parents[tournament(parents, stream[4 * m], stream[4 * m + 1])].genome;
      const Genome &p2 =
          parents[tournament(parents, stream[4 * m + 2], stream[4 * m + 3])]
              .genome;
      Genome c1 = p1, c2 = p2;
      if (rng.chance(config.crossoverProbability))
        for (size_t g = 0; g < geneCount; ++g)
          if (rng.chance(0.5))
            std::swap(c1[g], c2[g]);
      children.push_back(std::move(c1));
      children.push_back(std::move(c2));
    }
    for (Genome &child : children) {
      mutate(child);
      if (static_cast<int>(offspring.size()) >= wanted)
        break;
      Genome canonical = prob.canonicalize(child);
      if (seen.count(canonical) || !batch.insert(canonical).second) {
        ++rejected;
        continue;
      }
      offspring.push_back({std::move(child), -1, 0, 0.0});
    }
  }
  return offspring;
}

std::vector<Search::Individual> Search::sampleNew(int wanted,
                                                  int64_t &rejected) {
  std::vector<Individual> fresh;
  std::set<Genome> batch;
  const int64_t attempts =
      static_cast<int64_t>(wanted) * std::max(config.maxFillRounds, 1);
  for (int64_t attempt = 0;
       attempt < attempts && static_cast<int>(fresh.size()) < wanted;
       ++attempt) {
    Genome genome = randomGenome();
    Genome canonical = prob.canonicalize(genome);
    if (seen.count(canonical) || !batch.insert(canonical).second) {
      ++rejected;
      continue;
    }
    fresh.push_back({std::move(genome), -1, 0, 0.0});
  }
  return fresh;
}

llvm::Error Search::evaluate(std::vector<Individual> &batch, int generation,
                             double &seconds) {
  const size_t first = archive.size();
  std::vector<Genome> canonical;
  for (Individual &individual : batch) {
    canonical.push_back(prob.canonicalize(individual.genome));
    seen.insert(canonical.back());
  }

  // Served from the replay where it reaches; the replayed search must ask for
  // the very candidates the original one did.
  std::vector<std::optional<Evaluation>> results(batch.size());
  for (size_t i = 0; i < batch.size(); ++i) {
    const size_t index = first + i;
    if (index >= replay.size())
      break;
    if (replay[index].genome != canonical[i])
      return llvm::createStringError(
          llvm::inconvertibleErrorCode(),
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
  std::vector<std::optional<llvm::Expected<Evaluation>>> computed(
      pending.size());
  auto start = std::chrono::steady_clock::now();
  std::atomic<size_t> cursor{0};
  auto worker = [&](unsigned slot) {
    for (size_t j = cursor++; j < pending.size(); j = cursor++)
      computed[j].emplace(prob.evaluate(canonical[pending[j]], slot));
  };
  const size_t threadCount =
      std::min<size_t>(std::max(config.threads, 1u), pending.size());
  if (threadCount <= 1) {
    worker(0);
  } else {
    std::vector<std::thread> threads;
    for (size_t t = 0; t < threadCount; ++t)
      threads.emplace_back(worker, static_cast<unsigned>(t));
    for (std::thread &thread : threads)
      thread.join();
  }
  seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start)
          .count();

  // Errors are reported in index order so the message is deterministic too.
  llvm::Error firstError = llvm::Error::success();
  for (size_t j = 0; j < pending.size(); ++j) {
    llvm::Expected<Evaluation> &value = *computed[j];
    if (!value) {
      if (firstError)
        llvm::consumeError(value.takeError());
      else
        firstError = value.takeError();
      continue;
    }
    results[pending[j]] = std::move(*value);
  }
  if (firstError)
    return firstError;

  for (size_t i = 0; i < batch.size(); ++i) {
    const Evaluation &evaluation = *results[i];
    if (evaluation.objectives.size() != prob.objectives().size() ||
        evaluation.fields.size() != prob.columns().size())
      return llvm::createStringError(
          llvm::inconvertibleErrorCode(),
          "evaluation returned the wrong number of objectives or fields");
    batch[i].record = static_cast<int64_t>(archive.size());
    archive.push_back({static_cast<int64_t>(archive.size()), generation,
                       std::move(canonical[i]), std::move(*results[i])});
  }
  return llvm::Error::success();
}

void Search::assignRankAndCrowding(std::vector<Individual> &pool) {
  std::vector<Point> points;
  for (const Individual &individual : pool)
    points.push_back(minimized(archive[individual.record].evaluation));
  std::vector<int> ranks = nonDominatedRanks(points);
  for (const std::vector<int> &front : frontsFromRanks(ranks)) {
    std::vector<double> crowding = crowdingDistance(points, front);
    for (size_t i = 0; i < front.size(); ++i) {
      pool[front[i]].rank = ranks[front[i]];
      pool[front[i]].crowding = crowding[i];
    }
  }
}

/// pymoo RankAndCrowding: whole fronts while they fit; the splitting front
/// is cut by crowding distance, descending, ties broken at random.
void Search::survive(std::vector<Individual> &pool, int keep) {
  assignRankAndCrowding(pool);
  std::vector<std::vector<int>> fronts;
  for (size_t i = 0; i < pool.size(); ++i) {
    if (static_cast<size_t>(pool[i].rank) >= fronts.size())
      fronts.resize(pool[i].rank + 1);
    fronts[pool[i].rank].push_back(static_cast<int>(i));
  }
  std::vector<Individual> survivors;
  for (const std::vector<int> &front : fronts) {
    if (static_cast<int>(survivors.size()) >= keep)
      break;
    const int room = keep - static_cast<int>(survivors.size());
    if (static_cast<int>(front.size()) <= room) {
      for (int i : front)
        survivors.push_back(pool[i]);
      continue;
    }
    // randomized_argsort: shuffle, then a stable sort.
    std::vector<int> perm = rng.permutation(static_cast<int>(front.size()));
    std::vector<int> order;
    for (int p : perm)
      order.push_back(front[p]);
    std::stable_sort(order.begin(), order.end(), [&](int a, int b) {
      return pool[a].crowding > pool[b].crowding;
    });
    for (int i = 0; i < room; ++i)
      survivors.push_back(pool[order[i]]);
  }
  pool = std::move(survivors);
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
    return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                   "population and generations must be >= 1");
  const size_t objectiveCount = prob.objectives().size();
  if (config.referencePoint.size() != objectiveCount || objectiveCount < 1 ||
      objectiveCount > 3)
    return llvm::createStringError(
        llvm::inconvertibleErrorCode(),
        llvm::formatv("the reference point needs one value per objective "
                      "({0}); 1 to 3 objectives are supported",
                      objectiveCount));

  std::vector<Individual> population;
  for (int generation = 0; generation < config.generations; ++generation) {
    GenerationStats s;
    s.generation = generation;
    const size_t firstRecord = archive.size();
    std::vector<Individual> batch;
    if (generation == 0 || config.algorithm == Algorithm::Random)
      batch = sampleNew(config.population, s.duplicatesRejected);
    else
      batch =
          makeOffspring(population, config.population, s.duplicatesRejected);
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
    if (config.algorithm == Algorithm::Nsga2) {
      population.insert(population.end(), batch.begin(), batch.end());
      survive(population, config.population);
    }
    if (llvm::Error error = finishGeneration(observer, s, firstRecord))
      return error;
  }
  return llvm::Error::success();
}

} // namespace cim::opt
