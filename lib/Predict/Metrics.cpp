//===- Metrics.cpp - Rank and error metrics for predictors ----------------===//

#include "cim/Predict/Metrics.h"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <vector>

using namespace cim;

double cim::kendallTau(llvm::ArrayRef<double> x, llvm::ArrayRef<double> y) {
  size_t n = std::min(x.size(), y.size());
  double concordant = 0, discordant = 0, tiesX = 0, tiesY = 0;
  for (size_t i = 0; i < n; ++i)
    for (size_t j = i + 1; j < n; ++j) {
      double dx = x[i] - x[j], dy = y[i] - y[j];
      if (dx == 0)
        tiesX += 1;
      if (dy == 0)
        tiesY += 1;
      if (dx == 0 || dy == 0)
        continue;
      if ((dx > 0) == (dy > 0))
        concordant += 1;
      else
        discordant += 1;
    }
  double pairs = static_cast<double>(n) * (n - 1) / 2;
  double denominator = std::sqrt((pairs - tiesX) * (pairs - tiesY));
  return denominator > 0 ? (concordant - discordant) / denominator : 0.0;
}

void cim::averageRanks(llvm::ArrayRef<double> values,
                       llvm::MutableArrayRef<double> ranks) {
  std::vector<size_t> order(values.size());
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(),
                   [&](size_t a, size_t b) { return values[a] < values[b]; });
  size_t i = 0;
  while (i < order.size()) {
    size_t j = i;
    while (j + 1 < order.size() && values[order[j + 1]] == values[order[i]])
      ++j;
    double rank = (static_cast<double>(i) + j) / 2 + 1;
    for (size_t k = i; k <= j; ++k)
      ranks[order[k]] = rank;
    i = j + 1;
  }
}

double cim::spearmanRho(llvm::ArrayRef<double> x, llvm::ArrayRef<double> y) {
  size_t n = std::min(x.size(), y.size());
  if (n < 2)
    return 0.0;
  std::vector<double> rx(n), ry(n);
  averageRanks(x.take_front(n), rx);
  averageRanks(y.take_front(n), ry);
  double mx = std::accumulate(rx.begin(), rx.end(), 0.0) / n;
  double my = std::accumulate(ry.begin(), ry.end(), 0.0) / n;
  double sxy = 0, sxx = 0, syy = 0;
  for (size_t i = 0; i < n; ++i) {
    sxy += (rx[i] - mx) * (ry[i] - my);
    sxx += (rx[i] - mx) * (rx[i] - mx);
    syy += (ry[i] - my) * (ry[i] - my);
  }
  return sxx > 0 && syy > 0 ? sxy / std::sqrt(sxx * syy) : 0.0;
}

RegressionMetrics cim::computeMetrics(llvm::ArrayRef<double> truth,
                                      llvm::ArrayRef<double> predicted) {
  RegressionMetrics m;
  m.count = std::min(truth.size(), predicted.size());
  if (m.count == 0)
    return m;
  double absSum = 0, sqSum = 0, pctSum = 0;
  for (size_t i = 0; i < m.count; ++i) {
    double err = predicted[i] - truth[i];
    absSum += std::fabs(err);
    sqSum += err * err;
    pctSum += truth[i] != 0 ? std::fabs(err) / std::fabs(truth[i]) : 0.0;
  }
  m.mae = absSum / m.count;
  m.rmse = std::sqrt(sqSum / m.count);
  m.mape = 100.0 * pctSum / m.count;
  m.kendallTau = kendallTau(truth, predicted);
  m.spearman = spearmanRho(truth, predicted);
  return m;
}
