//===- Operators.cpp - The parts a genetic algorithm is made of -----------===//

#include "cim/Evolution/Operators.h"

#include <algorithm>

namespace cim::evo {

Sampling::~Sampling() = default;
Selection::~Selection() = default;
Crossover::~Crossover() = default;
Mutation::~Mutation() = default;
Survival::~Survival() = default;

Genome UniformSampling::sample(Rng &rng) const {
  Genome genome(genes.size());
  for (size_t i = 0; i < genes.size(); ++i)
    genome[i] = static_cast<int>(rng.below(genes[i].cardinality()));
  return genome;
}

bool DuplicateElimination::admit(const Genome &genome) {
  Genome canonical = problem.canonicalize(genome);
  if (evaluated.count(canonical) || !batch.insert(canonical).second) {
    ++rejected;
    return false;
  }
  return true;
}

void TournamentSelection::prepare(const Population &population, int matings,
                                  Rng &rng) {
  // Two tournaments of two competitors per mating.
  const size_t wanted = static_cast<size_t>(matings) * 2 * 2;
  const int n = static_cast<int>(population.size());
  competitors.clear();
  cursor = 0;
  while (competitors.size() < wanted) {
    std::vector<int> permutation = rng.permutation(n);
    competitors.insert(competitors.end(), permutation.begin(),
                       permutation.end());
  }
}

int TournamentSelection::winner(const Population &population, int a, int b,
                                Rng &rng) const {
  const Individual &x = population[a], &y = population[b];
  if (dominates(x.objectives, y.objectives))
    return a;
  if (dominates(y.objectives, x.objectives))
    return b;
  if (x.crowding > y.crowding)
    return a;
  if (y.crowding > x.crowding)
    return b;
  return rng.chance(0.5) ? a : b;
}

std::pair<int, int> TournamentSelection::next(const Population &population,
                                              Rng &rng) {
  const int *c = &competitors[cursor];
  cursor += 4;
  int first = winner(population, c[0], c[1], rng);
  int second = winner(population, c[2], c[3], rng);
  return {first, second};
}

void UniformCrossover::cross(Genome &first, Genome &second, Rng &rng) const {
  if (!rng.chance(probability))
    return;
  for (size_t g = 0; g < first.size(); ++g)
    if (rng.chance(0.5))
      std::swap(first[g], second[g]);
}

GroupResetMutation::GroupResetMutation(const std::vector<Gene> &genes,
                                       std::vector<std::vector<int>> groups,
                                       double rate)
    : groups(std::move(groups)), rate(rate) {
  for (const Gene &gene : genes)
    cardinalities.push_back(gene.cardinality());
}

void GroupResetMutation::mutate(Genome &genome, Rng &rng) const {
  for (const std::vector<int> &group : groups) {
    if (!rng.chance(rate))
      continue;
    bool variable = false;
    for (int gene : group)
      variable |= cardinalities[gene] > 1;
    if (!variable)
      continue;
    for (;;) {
      bool changed = false;
      for (int gene : group) {
        int value = static_cast<int>(rng.below(cardinalities[gene]));
        changed |= value != genome[gene];
        genome[gene] = value;
      }
      if (changed)
        break;
    }
  }
}

void assignRankAndCrowding(Population &population) {
  std::vector<Point> points;
  for (const Individual &individual : population)
    points.push_back(individual.objectives);
  std::vector<int> ranks = nonDominatedRanks(points);
  for (const std::vector<int> &front : frontsFromRanks(ranks)) {
    std::vector<double> crowding = crowdingDistance(points, front);
    for (size_t i = 0; i < front.size(); ++i) {
      population[front[i]].rank = ranks[front[i]];
      population[front[i]].crowding = crowding[i];
    }
  }
}

void RankAndCrowdingSurvival::survive(Population &population, int keep,
                                      Rng &rng) const {
  assignRankAndCrowding(population);
  std::vector<std::vector<int>> fronts;
  for (size_t i = 0; i < population.size(); ++i) {
    if (static_cast<size_t>(population[i].rank) >= fronts.size())
      fronts.resize(population[i].rank + 1);
    fronts[population[i].rank].push_back(static_cast<int>(i));
  }
  Population survivors;
  for (const std::vector<int> &front : fronts) {
    if (static_cast<int>(survivors.size()) >= keep)
      break;
    const int room = keep - static_cast<int>(survivors.size());
    if (static_cast<int>(front.size()) <= room) {
      for (int i : front)
        survivors.push_back(population[i]);
      continue;
    }
    // randomized_argsort: shuffle, then a stable sort.
    std::vector<int> order;
    for (int p : rng.permutation(static_cast<int>(front.size())))
      order.push_back(front[p]);
    std::stable_sort(order.begin(), order.end(), [&](int a, int b) {
      return population[a].crowding > population[b].crowding;
    });
    for (int i = 0; i < room; ++i)
      survivors.push_back(population[order[i]]);
  }
  population = std::move(survivors);
}

Population Initialization::produce(int wanted, DuplicateElimination &duplicates,
                                   Rng &rng) const {
  Population fresh;
  duplicates.beginBatch();
  const int64_t attempts =
      static_cast<int64_t>(wanted) * std::max(maxAttemptsPerCandidate, 1);
  for (int64_t attempt = 0;
       attempt < attempts && static_cast<int>(fresh.size()) < wanted;
       ++attempt) {
    Genome genome = sampling->sample(rng);
    if (duplicates.admit(genome))
      fresh.push_back({std::move(genome)});
  }
  return fresh;
}

Population Mating::produce(const Population &parents, int wanted,
                           DuplicateElimination &duplicates, Rng &rng) {
  Population offspring;
  duplicates.beginBatch();
  for (int round = 0;
       round < maxRounds && static_cast<int>(offspring.size()) < wanted;
       ++round) {
    const int missing = wanted - static_cast<int>(offspring.size());
    const int matings = (missing + 1) / 2;
    selection->prepare(parents, matings, rng);
    std::vector<Genome> children;
    for (int m = 0; m < matings; ++m) {
      auto [first, second] = selection->next(parents, rng);
      Genome a = parents[first].genome, b = parents[second].genome;
      crossover->cross(a, b, rng);
      children.push_back(std::move(a));
      children.push_back(std::move(b));
    }
    for (Genome &child : children) {
      // The fill check follows the mutation: a run's random stream depends
      // on this order.
      mutation->mutate(child, rng);
      if (static_cast<int>(offspring.size()) >= wanted)
        break;
      if (duplicates.admit(child))
        offspring.push_back({std::move(child)});
    }
  }
  return offspring;
}

} // namespace cim::evo
