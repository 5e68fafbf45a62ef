//===- RandomTest.cpp - Portable random draws -----------------------------===//

#include "cim/Evolution/Random.h"

#include "gtest/gtest.h"

#include <algorithm>
#include <random>

using namespace cim::evo;

TEST(RandomTest, EngineIsTheStandardMt19937_64) {
  // [rand.predef]: the 10000th output of a default-seeded mt19937_64.
  Rng rng(5489u);
  uint64_t value = 0;
  for (int i = 0; i < 10000; ++i)
    value = rng.next();
  EXPECT_EQ(value, 9981545732273789042ull);
}

TEST(RandomTest, BelowStaysInRangeAndCoversIt) {
  Rng rng(7);
  std::vector<int> counts(3, 0);
  for (int i = 0; i < 30000; ++i) {
    uint64_t v = rng.below(3);
    ASSERT_LT(v, 3u);
    ++counts[v];
  }
  for (int c : counts) {
    EXPECT_GT(c, 9500);
    EXPECT_LT(c, 10500);
  }
  EXPECT_EQ(rng.below(1), 0u);
}

TEST(RandomTest, BelowIsTheRejectionRule) {
  // below(n) = the first engine output <= the largest multiple of n minus 1,
  // mod n: the same on every standard library.
  Rng a(42);
  std::mt19937_64 b(42);
  for (int i = 0; i < 1000; ++i) {
    uint64_t bound = 1 + i % 25;
    uint64_t x = b();
    uint64_t limit = UINT64_MAX - (UINT64_MAX % bound + 1) % bound;
    while (x > limit)
      x = b();
    EXPECT_EQ(a.below(bound), x % bound);
  }
}

TEST(RandomTest, UnitIsInHalfOpenInterval) {
  Rng rng(11);
  double low = 1.0, high = 0.0;
  for (int i = 0; i < 10000; ++i) {
    double u = rng.unit();
    ASSERT_GE(u, 0.0);
    ASSERT_LT(u, 1.0);
    low = std::min(low, u);
    high = std::max(high, u);
  }
  EXPECT_LT(low, 0.01);
  EXPECT_GT(high, 0.99);
}

TEST(RandomTest, PermutationIsAPermutationAndSeeded) {
  Rng a(3), b(3);
  std::vector<int> p = a.permutation(50);
  EXPECT_EQ(p, b.permutation(50));
  std::vector<int> sorted = p;
  std::sort(sorted.begin(), sorted.end());
  for (int i = 0; i < 50; ++i)
    EXPECT_EQ(sorted[i], i);
  std::vector<int> identity(sorted);
  EXPECT_NE(p, identity);
}
