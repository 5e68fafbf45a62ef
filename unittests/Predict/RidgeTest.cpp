//===- RidgeTest.cpp - Closed-form ridge and k-fold CV --------------------===//

#include "cim/Predict/Ridge.h"

#include "gtest/gtest.h"

#include <vector>

using namespace cim;

TEST(Ridge, ClosedFormByHand) {
  Eigen::MatrixXd x(4, 1);
  x << 0, 1, 2, 3;
  Eigen::VectorXd y(4);
  y << 1, 3, 5, 7;
  RidgeFit exact = fitRidge(x, y, 0.0);
  EXPECT_NEAR(exact.coefficients[0], 2.0, 1e-12);
  EXPECT_NEAR(exact.intercept, 1.0, 1e-12);
  // Centred: Sxx = 5, Sxy = 10 -> w = 10 / (5 + alpha); b = 4 - 1.5 w.
  RidgeFit shrunk = fitRidge(x, y, 5.0);
  EXPECT_NEAR(shrunk.coefficients[0], 1.0, 1e-12);
  EXPECT_NEAR(shrunk.intercept, 2.5, 1e-12);
  EXPECT_NEAR(shrunk.predict({2.0}), 4.5, 1e-12);
}

TEST(Ridge, FoldsArePortableAndBalanced) {
  std::vector<int> a = assignFolds(103, 5, 9), b = assignFolds(103, 5, 9);
  EXPECT_EQ(a, b);
  std::vector<int> sizes(5, 0);
  for (int f : a)
    ++sizes[f];
  for (int s : sizes)
    EXPECT_TRUE(s == 20 || s == 21);
  EXPECT_NE(a, assignFolds(103, 5, 10));
}

TEST(Ridge, ModuloFoldsAreRowIndexModK) {
  EXPECT_EQ(moduloFolds(7, 3), (std::vector<int>{0, 1, 2, 0, 1, 2, 0}));
}

TEST(Ridge, CrossValidationPredictsEachRowFromTheOtherFolds) {
  // y = 2x + 1 exactly: every out-of-fold prediction is exact at alpha 0,
  // and equals a fit on the other rows' served prediction.
  Eigen::MatrixXd x(6, 1);
  x << 0, 1, 2, 3, 4, 5;
  Eigen::VectorXd y = 2 * x.col(0).array() + 1;
  std::vector<int> folds = moduloFolds(6, 3);
  std::vector<double> predicted =
      crossValidatedPredictions(x, y, 0.0, folds, 3);
  for (int i = 0; i < 6; ++i)
    EXPECT_NEAR(predicted[i], 2 * i + 1, 1e-9);
}
