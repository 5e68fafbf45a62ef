//===- OperatorsTest.cpp - Sampling, mating, duplicates, survival ---------===//

#include "cim/Evolution/Operators.h"

#include "gtest/gtest.h"

#include <limits>

using namespace cim::evo;

namespace {

/// Four genes of three values; gene 3 == 0 switches gene 2 off.
class SwitchProblem : public Problem {
public:
  SwitchProblem() {
    for (int i = 0; i < 4; ++i)
      geneList.push_back({"g" + std::to_string(i), {"a", "b", "c"}});
  }
  const std::vector<Gene> &genes() const override { return geneList; }
  const std::vector<Objective> &objectives() const override {
    return objectiveList;
  }
  const std::vector<std::string> &columns() const override {
    return columnList;
  }
  std::vector<int> objectiveColumns() const override { return {}; }
  Genome canonicalize(llvm::ArrayRef<int> genome) const override {
    Genome canonical(genome.begin(), genome.end());
    if (canonical[3] == 0)
      canonical[2] = kInactiveGene;
    return canonical;
  }
  llvm::Expected<Evaluation> evaluate(llvm::ArrayRef<int>,
                                      unsigned) const override {
    return Evaluation{};
  }

private:
  std::vector<Gene> geneList;
  std::vector<Objective> objectiveList;
  std::vector<std::string> columnList;
};

Individual individual(Point objectives, double crowding = 0.0) {
  Individual result;
  result.objectives = std::move(objectives);
  result.crowding = crowding;
  return result;
}

} // namespace

TEST(OperatorsTest, GeneCellsRoundTripWithTheInactiveMark) {
  Gene gene{"g", {"3", "5", "7"}};
  EXPECT_EQ(formatGeneCell(gene, 1), "5");
  EXPECT_EQ(formatGeneCell(gene, kInactiveGene), kInactiveGeneText);
  EXPECT_EQ(parseGeneCell(gene, "7"), 2);
  EXPECT_EQ(parseGeneCell(gene, kInactiveGeneText), kInactiveGene);
  EXPECT_EQ(parseGeneCell(gene, "4"), std::nullopt);
}

TEST(OperatorsTest, UniformSamplingDrawsEveryGeneInOrder) {
  SwitchProblem problem;
  UniformSampling sampling(problem.genes());
  Rng a(3), b(3);
  for (int i = 0; i < 20; ++i) {
    Genome genome = sampling.sample(a);
    Genome expected;
    for (int g = 0; g < 4; ++g)
      expected.push_back(static_cast<int>(b.below(3)));
    EXPECT_EQ(genome, expected);
  }
}

TEST(OperatorsTest, DuplicateEliminationUsesTheCanonicalForm) {
  SwitchProblem problem;
  DuplicateElimination duplicates(problem);
  duplicates.beginBatch();
  EXPECT_TRUE(duplicates.admit({1, 1, 1, 0}));
  // Gene 2 is inactive: the same candidate.
  EXPECT_FALSE(duplicates.admit({1, 1, 2, 0}));
  EXPECT_TRUE(duplicates.admit({1, 1, 2, 1}));
  EXPECT_EQ(duplicates.takeRejected(), 1);
  EXPECT_EQ(duplicates.takeRejected(), 0);
  // A new batch forgets the old one, not what was evaluated.
  duplicates.markEvaluated(problem.canonicalize({1, 1, 1, 0}));
  duplicates.beginBatch();
  EXPECT_FALSE(duplicates.admit({1, 1, 0, 0}));
  EXPECT_TRUE(duplicates.admit({1, 1, 2, 1}));
}

TEST(OperatorsTest, TournamentPrefersDominationThenCrowding) {
  // 0 dominates 1; 2 and 3 are mutually non-dominated, 3 less crowded.
  Population population = {individual({1, 1}), individual({2, 2}),
                           individual({0, 5}, 0.5), individual({5, 0}, 2.0)};
  TournamentSelection selection;
  Rng rng(1);
  for (int round = 0; round < 50; ++round) {
    selection.prepare(population, 1, rng);
    auto [first, second] = selection.next(population, rng);
    EXPECT_NE(first, 1) << "a dominated competitor never wins against 0";
    EXPECT_GE(first, 0);
    EXPECT_LT(second, 4);
  }
  // Competitors come from whole permutations: 2 matings of 2 tournaments
  // need 8 competitors, two permutations of the 4 individuals.
  Rng a(7), b(7);
  selection.prepare(population, 2, a);
  std::vector<int> expected = b.permutation(4), more = b.permutation(4);
  expected.insert(expected.end(), more.begin(), more.end());
  for (int m = 0; m < 2; ++m) {
    auto [p1, p2] = selection.next(population, a);
    EXPECT_TRUE(p1 == expected[4 * m] || p1 == expected[4 * m + 1]);
    EXPECT_TRUE(p2 == expected[4 * m + 2] || p2 == expected[4 * m + 3]);
  }
}

TEST(OperatorsTest, UniformCrossoverSwapsWholeGenesOrNothing) {
  UniformCrossover never(0.0), always(1.0);
  Rng rng(5);
  Genome a = {0, 0, 0, 0, 0, 0}, b = {1, 1, 1, 1, 1, 1};
  Genome x = a, y = b;
  never.cross(x, y, rng);
  EXPECT_EQ(x, a);
  EXPECT_EQ(y, b);
  int swapped = 0;
  for (int trial = 0; trial < 200; ++trial) {
    x = a, y = b;
    always.cross(x, y, rng);
    for (size_t g = 0; g < x.size(); ++g) {
      EXPECT_EQ(x[g] + y[g], 1) << "genes are swapped, never lost";
      swapped += x[g];
    }
  }
  // About half of the 1200 genes.
  EXPECT_GT(swapped, 480);
  EXPECT_LT(swapped, 720);
}

TEST(OperatorsTest, GroupResetMutationChangesWholeGroups) {
  std::vector<Gene> genes(4, Gene{"g", {"a", "b", "c"}});
  GroupResetMutation always(genes, {{0, 1}, {2}, {3}}, 1.0);
  GroupResetMutation never(genes, {{0, 1}, {2}, {3}}, 0.0);
  Rng rng(11);
  for (int trial = 0; trial < 100; ++trial) {
    Genome genome = {0, 1, 2, 0};
    Genome before = genome;
    never.mutate(genome, rng);
    EXPECT_EQ(genome, before);
    always.mutate(genome, rng);
    // Each chosen group differs afterwards.
    EXPECT_TRUE(genome[0] != before[0] || genome[1] != before[1]);
    EXPECT_NE(genome[2], before[2]);
    EXPECT_NE(genome[3], before[3]);
  }
  // A group of single-valued genes cannot change and is left alone.
  std::vector<Gene> fixed(1, Gene{"f", {"only"}});
  GroupResetMutation stuck(fixed, {{0}}, 1.0);
  Genome one = {0};
  stuck.mutate(one, rng);
  EXPECT_EQ(one, Genome{0});
}

TEST(OperatorsTest, RankAndCrowdingSurvivalKeepsWholeFrontsFirst) {
  // Front 0: (0,4) (2,2) (4,0); front 1: (3,3); front 2: (5,5).
  Population population = {individual({5, 5}), individual({2, 2}),
                           individual({3, 3}), individual({0, 4}),
                           individual({4, 0})};
  RankAndCrowdingSurvival survival;
  Rng rng(2);
  Population kept = population;
  survival.survive(kept, 4, rng);
  ASSERT_EQ(kept.size(), 4u);
  std::vector<Point> points;
  for (const Individual &i : kept)
    points.push_back(i.objectives);
  EXPECT_NE(llvm::find(points, Point{3, 3}), points.end());
  EXPECT_EQ(llvm::find(points, Point{5, 5}), points.end());
  // Cutting the first front keeps its extremes (infinite crowding).
  kept = population;
  survival.survive(kept, 2, rng);
  ASSERT_EQ(kept.size(), 2u);
  for (const Individual &i : kept) {
    EXPECT_EQ(i.rank, 0);
    EXPECT_EQ(i.crowding, std::numeric_limits<double>::infinity());
  }
}
