//===- HypervolumeTest.cpp - Exact hypervolume by hand and by counting ----===//

#include "cim/Evolution/Hypervolume.h"
#include "cim/Evolution/Random.h"

#include "gtest/gtest.h"

using namespace cim::evo;

TEST(HypervolumeTest, TwoDimensionsByHand) {
  // Staircase under (10,10): (2,8) (4,5) (7,2):
  // (10-2)*(10-8) + (10-4)*(8-5) + (10-7)*(5-2) = 16 + 18 + 9 = 43.
  std::vector<Point> front = {{4, 5}, {2, 8}, {7, 2}};
  EXPECT_DOUBLE_EQ(hypervolume2D(front, {10, 10}), 43.0);
  // Dominated, duplicate and outside points change nothing.
  std::vector<Point> noisy = front;
  noisy.push_back({5, 6});
  noisy.push_back({4, 5});
  noisy.push_back({11, 1});
  noisy.push_back({10, 1});
  EXPECT_DOUBLE_EQ(hypervolume(noisy, {10, 10}), 43.0);
  EXPECT_DOUBLE_EQ(hypervolume2D({}, {10, 10}), 0.0);
  // Negated maximised objective: accuracy 75 and 72 at cycles 100 and 50
  // against (acc 70, cycles 200) -> (-75,100), (-72,50) vs (-70,200):
  // 5*100 + 2*50 = 600.
  EXPECT_DOUBLE_EQ(hypervolume2D({{-75, 100}, {-72, 50}}, {-70, 200}), 600.0);
}

TEST(HypervolumeTest, OneDimensionByHand) {
  // One objective: the segment from the best point to the reference.
  EXPECT_DOUBLE_EQ(hypervolume({{7}, {4}, {9}, {12}}, {10}), 6.0);
  EXPECT_DOUBLE_EQ(hypervolume({{12}}, {10}), 0.0);
  EXPECT_DOUBLE_EQ(hypervolume({}, {10}), 0.0);
}

TEST(HypervolumeTest, ThreeDimensionsByHand) {
  // One box: 2*3*4.
  EXPECT_DOUBLE_EQ(hypervolume3D({{1, 1, 1}}, {3, 4, 5}), 24.0);
  // Two unit-corner boxes in a 2x2x2 reference: (0,0,1) covers 2*2*1 = 4,
  // (1,1,0) covers 1*1*2 = 2, overlap 1*1*1 = 1 -> 5.
  EXPECT_DOUBLE_EQ(hypervolume3D({{0, 0, 1}, {1, 1, 0}}, {2, 2, 2}), 5.0);
  // Three axis points in the unit... (0,1,1),(1,0,1),(1,1,0) vs (2,2,2):
  // each box 2*1*1 = 2; pairwise overlaps 1 each; triple overlap 1.
  // 3*2 - 3*1 + 1 = 4.
  EXPECT_DOUBLE_EQ(hypervolume({{0, 1, 1}, {1, 0, 1}, {1, 1, 0}}, {2, 2, 2}),
                   4.0);
}

TEST(HypervolumeTest, ThreeDimensionsMatchGridCount) {
  // A second, deliberately naive implementation: count the unit cells of an
  // integer grid dominated by some point.
  Rng rng(99);
  for (int trial = 0; trial < 50; ++trial) {
    std::vector<Point> points(1 + rng.below(8), Point(3));
    for (Point &p : points)
      for (double &v : p)
        v = static_cast<double>(rng.below(6));
    double cells = 0;
    for (int x = 0; x < 6; ++x)
      for (int y = 0; y < 6; ++y)
        for (int z = 0; z < 6; ++z) {
          bool covered = false;
          for (const Point &p : points)
            covered |= p[0] <= x && p[1] <= y && p[2] <= z;
          cells += covered;
        }
    ASSERT_DOUBLE_EQ(hypervolume3D(points, {6, 6, 6}), cells);
  }
}
