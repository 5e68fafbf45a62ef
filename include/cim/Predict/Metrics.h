//===- Metrics.h - Rank and error metrics --------------------- -*- C++ -*-===//
//
// Plain O(n^2) Kendall tau-b and average-rank Spearman rho: simple enough to
// check by hand, fast enough for the few thousand points we evaluate.
//
//===----------------------------------------------------------------------===//

#ifndef CIM_PREDICT_METRICS_H
#define CIM_PREDICT_METRICS_H

#include "llvm/ADT/ArrayRef.h"

#include <cstddef>

namespace cim {

/// Kendall tau-b: (concordant - discordant) / sqrt((n0 - t_x)(n0 - t_y)),
/// with n0 = n(n-1)/2 and t_x, t_y the pairs tied in x resp. y. 0 when either
/// side is constant.
double kendallTau(llvm::ArrayRef<double> x, llvm::ArrayRef<double> y);

/// Ranks 1..n, ties get the average of the ranks they span.
void averageRanks(llvm::ArrayRef<double> values,
                  llvm::MutableArrayRef<double> ranks);

/// Pearson correlation of the average ranks. 0 when either side is constant.
double spearmanRho(llvm::ArrayRef<double> x, llvm::ArrayRef<double> y);

struct RegressionMetrics {
  size_t count = 0;
  double mae = 0;  // mean |pred - truth|
  double rmse = 0; // sqrt(mean (pred - truth)^2)
  double mape = 0; // mean |pred - truth| / |truth|, in percent
  double kendallTau = 0;
  double spearman = 0;
};

RegressionMetrics computeMetrics(llvm::ArrayRef<double> truth,
                                 llvm::ArrayRef<double> predicted);

} // namespace cim

#endif // CIM_PREDICT_METRICS_H
