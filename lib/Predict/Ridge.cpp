//===- Ridge.cpp - Closed-form ridge regression and k-fold CV -------------===//

#include "cim/Predict/Ridge.h"
#include "cim/Supernet/SearchSpace.h"

#include <numeric>
#include <random>

using namespace cim;

RidgeFit cim::fitRidge(const Eigen::MatrixXd &x, const Eigen::VectorXd &y,
                       double alpha) {
  Eigen::RowVectorXd xMean = x.colwise().mean();
  double yMean = y.mean();
  Eigen::MatrixXd xc = x.rowwise() - xMean;
  Eigen::VectorXd yc = y.array() - yMean;
  Eigen::MatrixXd gram = xc.transpose() * xc;
  gram.diagonal().array() += alpha;
  Eigen::VectorXd w = gram.ldlt().solve(xc.transpose() * yc);
  RidgeFit fit;
  fit.alpha = alpha;
  fit.coefficients.assign(w.data(), w.data() + w.size());
  fit.intercept = yMean - xMean.dot(w);
  return fit;
}

std::vector<int> cim::assignFolds(size_t rows, int folds, uint64_t seed) {
  std::vector<size_t> order(rows);
  std::iota(order.begin(), order.end(), 0);
  evo::Rng rng(seed);
  for (size_t i = rows; i > 1; --i)
    std::swap(order[i - 1], order[rng.below(i)]);
  std::vector<int> fold(rows);
  for (size_t i = 0; i < rows; ++i)
    fold[order[i]] = static_cast<int>(i % folds);
  return fold;
}

std::vector<int> cim::moduloFolds(size_t rows, int folds) {
  std::vector<int> fold(rows);
  for (size_t i = 0; i < rows; ++i)
    fold[i] = static_cast<int>(i % folds);
  return fold;
}

std::vector<double>
cim::crossValidatedPredictions(const Eigen::MatrixXd &x,
                               const Eigen::VectorXd &y, double alpha,
                               const std::vector<int> &folds, int foldCount) {
  std::vector<double> predictions(x.rows(), 0.0);
  for (int f = 0; f < foldCount; ++f) {
    std::vector<Eigen::Index> train, test;
    for (Eigen::Index i = 0; i < x.rows(); ++i)
      (folds[i] == f ? test : train).push_back(i);
    if (train.empty() || test.empty())
      continue;
    Eigen::MatrixXd xt(train.size(), x.cols());
    Eigen::VectorXd yt(train.size());
    for (size_t r = 0; r < train.size(); ++r) {
      xt.row(r) = x.row(train[r]);
      yt(r) = y(train[r]);
    }
    RidgeFit fit = fitRidge(xt, yt, alpha);
    std::vector<double> features(x.cols());
    for (Eigen::Index i : test) {
      for (Eigen::Index c = 0; c < x.cols(); ++c)
        features[c] = x(i, c);
      predictions[i] = fit.predict(features);
    }
  }
  return predictions;
}
