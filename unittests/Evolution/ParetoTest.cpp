//===- ParetoTest.cpp - Dominance, non-dominated sorting, crowding --------===//

#include "cim/Evolution/Pareto.h"
#include "cim/Evolution/Random.h"

#include "gtest/gtest.h"

#include <cmath>
#include <limits>

using namespace cim::evo;

TEST(ParetoTest, Dominance) {
  EXPECT_TRUE(dominates({1, 2}, {1, 3}));
  EXPECT_TRUE(dominates({0, 0}, {1, 1}));
  EXPECT_FALSE(dominates({1, 2}, {1, 2}));
  EXPECT_FALSE(dominates({1, 3}, {2, 2}));
  EXPECT_FALSE(dominates({2, 2}, {1, 3}));
}

TEST(ParetoTest, RanksByHand) {
  // (1,5) (2,3) (4,1) are the first front; (3,4) is dominated by (2,3);
  // (5,5) by (3,4); (2,3) appears twice and both copies are rank 0.
  std::vector<Point> points = {{3, 4}, {1, 5}, {2, 3}, {4, 1},
                               {5, 5}, {2, 3}, {4, 2}};
  std::vector<int> expected = {1, 0, 0, 0, 2, 0, 1};
  EXPECT_EQ(nonDominatedRanks(points), expected);
  EXPECT_EQ(nonDominatedRanksBruteForce(points), expected);
}

TEST(ParetoTest, FastSortMatchesBruteForceOnRandomSets) {
  Rng rng(2024);
  for (int objectives : {2, 3, 4}) {
    for (int trial = 0; trial < 200; ++trial) {
      const int n = 1 + static_cast<int>(rng.below(60));
      // Small integer grids force ties and exact duplicates.
      const int grid = 2 + static_cast<int>(rng.below(12));
      std::vector<Point> points(n, Point(objectives));
      for (Point &p : points)
        for (double &v : p)
          v = static_cast<double>(rng.below(grid));
      ASSERT_EQ(nonDominatedRanks(points), nonDominatedRanksBruteForce(points))
          << "objectives " << objectives << " trial " << trial;
    }
  }
}

TEST(ParetoTest, CrowdingDistanceByHand) {
  const double inf = std::numeric_limits<double>::infinity();
  // f1 range 0..4, f2 range 0..8. Point (1,6): gaps (2-0)/4 and (8-4)/8 ->
  // (0.5 + 0.5) / 2 = 0.5. Point (2,4): (4-1)/4 = 0.75 and (6-0)/8 = 0.75
  // -> 0.75.
  std::vector<Point> points = {{0, 8}, {1, 6}, {2, 4}, {4, 0}};
  std::vector<double> cd = crowdingDistance(points, {0, 1, 2, 3});
  EXPECT_EQ(cd[0], inf);
  EXPECT_DOUBLE_EQ(cd[1], 0.5);
  EXPECT_DOUBLE_EQ(cd[2], 0.75);
  EXPECT_EQ(cd[3], inf);
  // Order of `front` is the order of the result.
  std::vector<double> reversed = crowdingDistance(points, {2, 1});
  EXPECT_EQ(reversed[0], inf);
  EXPECT_EQ(reversed[1], inf);
  // A constant objective adds nothing, extremes included (pymoo's NaN -> 0).
  std::vector<Point> flat = {{1, 5}, {2, 5}, {4, 5}};
  std::vector<double> cdFlat = crowdingDistance(flat, {0, 1, 2});
  EXPECT_EQ(cdFlat[0], inf);
  EXPECT_DOUBLE_EQ(cdFlat[1], (4.0 - 1.0) / 3.0 / 2.0);
  EXPECT_EQ(cdFlat[2], inf);
}
