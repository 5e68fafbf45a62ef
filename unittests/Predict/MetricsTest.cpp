//===- MetricsTest.cpp - Rank and error metrics by hand -------------------===//

#include "cim/Predict/Metrics.h"

#include "gtest/gtest.h"

#include <cmath>
#include <vector>

using namespace cim;

TEST(Metrics, KendallTauByHand) {
  // Pairs of (1,2,3,4) vs (1,3,2,4): 5 concordant, 1 discordant.
  EXPECT_DOUBLE_EQ(kendallTau({1, 2, 3, 4}, {1, 3, 2, 4}), 4.0 / 6.0);
  EXPECT_DOUBLE_EQ(kendallTau({1, 2, 3}, {3, 2, 1}), -1.0);
  // Ties: x = (1,2,2,3), y = (1,2,3,3): C = 4, D = 0, one tie on each side:
  // tau-b = 4 / sqrt((6-1)(6-1)).
  EXPECT_DOUBLE_EQ(kendallTau({1, 2, 2, 3}, {1, 2, 3, 3}), 0.8);
  EXPECT_DOUBLE_EQ(kendallTau({1, 1, 1}, {1, 2, 3}), 0.0);
  // tau-b with a tie in y only: pair (1,2) is tied in y; (1,3) and (2,3)
  // are concordant: 2 / sqrt(3 * 2).
  EXPECT_DOUBLE_EQ(kendallTau({1, 2, 3}, {1, 1, 2}), 2.0 / std::sqrt(6.0));
  // Symmetric in its arguments.
  EXPECT_DOUBLE_EQ(kendallTau({1, 1, 2}, {1, 2, 3}), 2.0 / std::sqrt(6.0));
}

TEST(Metrics, SpearmanByHand) {
  // No ties: 1 - 6 * sum d^2 / (n (n^2 - 1)) = 1 - 12 / 60.
  EXPECT_DOUBLE_EQ(spearmanRho({1, 2, 3, 4}, {1, 3, 2, 4}), 0.8);
  // Ties: ranks (1, 2.5, 2.5, 4) and (1, 2, 3.5, 3.5): 3.75 / 4.5.
  EXPECT_NEAR(spearmanRho({1, 2, 2, 3}, {1, 2, 3, 3}), 3.75 / 4.5, 1e-15);
  std::vector<double> ranks(4);
  averageRanks({10, 30, 20, 30}, ranks);
  EXPECT_EQ(ranks, (std::vector<double>{1, 3.5, 2, 3.5}));
}

TEST(Metrics, ErrorsByHand) {
  RegressionMetrics m = computeMetrics({10, 20, 40}, {11, 18, 40});
  EXPECT_EQ(m.count, 3u);
  EXPECT_DOUBLE_EQ(m.mae, 1.0);
  EXPECT_DOUBLE_EQ(m.rmse, std::sqrt(5.0 / 3.0));
  EXPECT_DOUBLE_EQ(m.mape, 100.0 * (0.1 + 0.1) / 3.0);
}
