//===- Ridge.h - Closed-form ridge regression and k-fold CV --- -*- C++ -*-===//
//
// sklearn Ridge(fit_intercept=True): centre X and y, solve
// (Xc^T Xc + alpha I) w = Xc^T yc, intercept = mean(y) - mean(X) . w.
// The intercept is not penalized.
//
//===----------------------------------------------------------------------===//

#ifndef CIM_PREDICT_RIDGE_H
#define CIM_PREDICT_RIDGE_H

#include "llvm/ADT/ArrayRef.h"

#include <Eigen/Dense>

#include <cstdint>
#include <vector>

namespace cim {

struct RidgeFit {
  std::vector<double> coefficients;
  double intercept = 0;
  double alpha = 0;

  double predict(llvm::ArrayRef<double> features) const {
    double y = intercept;
    for (size_t i = 0; i < coefficients.size(); ++i)
      y += coefficients[i] * features[i];
    return y;
  }
};

RidgeFit fitRidge(const Eigen::MatrixXd &x, const Eigen::VectorXd &y,
                  double alpha);

/// Fold of each row for k-fold CV: a seeded shuffle (evo::Rng), then
/// round-robin, so folds differ in size by at most one.
std::vector<int> assignFolds(size_t rows, int folds, uint64_t seed);
/// Fold of each row without a shuffle: row i is in fold i mod `folds`.
std::vector<int> moduloFolds(size_t rows, int folds);

/// Out-of-fold predictions of ridge(alpha) for every row, each computed as
/// RidgeFit::predict computes a served prediction.
std::vector<double> crossValidatedPredictions(const Eigen::MatrixXd &x,
                                              const Eigen::VectorXd &y,
                                              double alpha,
                                              const std::vector<int> &folds,
                                              int foldCount);

} // namespace cim

#endif // CIM_PREDICT_RIDGE_H
