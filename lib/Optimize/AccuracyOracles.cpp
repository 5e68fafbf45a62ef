//===- AccuracyOracles.cpp - Where a sub-network's accuracy comes from ----===//

#include "cim/Optimize/AccuracyOracles.h"

#include "cim/Search/AccuracyPredictor.h"
#include "cim/Search/GenomeText.h"

#include "llvm/Support/FormatVariadic.h"

#include <Eigen/Dense>

#include <cmath>

namespace cim::opt {

llvm::Expected<std::unique_ptr<MeasuredAccuracy>>
MeasuredAccuracy::load(const SearchSpace &space, llvm::StringRef path,
                       const AccuracyOracle *fallback) {
  llvm::Expected<CsvTable> table = readCsv(path);
  if (!table)
    return table.takeError();
  llvm::Expected<GenomeRows> rows = readGenomeRows(space, *table, path, "top1");
  if (!rows)
    return rows.takeError();
  if (rows->genomes.empty())
    return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                   path + ": no measured rows");
  std::unique_ptr<MeasuredAccuracy> oracle(
      new MeasuredAccuracy(space, path.str(), fallback));
  for (size_t i = 0; i < rows->genomes.size(); ++i) {
    std::vector<int> canonical = space.canonicalize(rows->genomes[i]);
    auto [it, inserted] = oracle->table.emplace(canonical, rows->values[i]);
    if (!inserted)
      return llvm::createStringError(
          llvm::inconvertibleErrorCode(),
          llvm::formatv("{0}:{1}: network measured twice (the table must "
                        "hold one averaged row per canonical network)",
                        path, rows->lines[i]));
    if (oracle->best.empty() || rows->values[i] > oracle->bestValue) {
      oracle->best = canonical;
      oracle->bestValue = rows->values[i];
    }
  }
  return oracle;
}

llvm::Expected<AccuracyEstimate>
MeasuredAccuracy::estimate(llvm::ArrayRef<int> genome) const {
  auto it = table.find(std::vector<int>(genome.begin(), genome.end()));
  if (it != table.end())
    return AccuracyEstimate{it->second, AccuracySource::Measured};
  if (fallback)
    return fallback->estimate(genome);
  return llvm::createStringError(
      llvm::inconvertibleErrorCode(),
      "no accuracy for sub-network " + formatGenome(space, genome) +
          ": it is not in " + path + " and no predictor is loaded");
}

nlohmann::json MeasuredAccuracy::describe() const {
  nlohmann::json result = {{"measured_table", path},
                           {"measured_networks", table.size()}};
  if (fallback)
    result["fallback"] = fallback->describe();
  return result;
}

} // namespace cim::opt

namespace cim::opt {

llvm::Expected<std::unique_ptr<ModelAccuracy>>
ModelAccuracy::load(const SearchSpace &space, llvm::StringRef path) {
  llvm::Expected<AccuracyModel> model = AccuracyModel::load(path);
  if (!model)
    return model.takeError();
  if (llvm::Error error = model->checkCompatible(space))
    return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                   path + ": " +
                                       llvm::toString(std::move(error)));
  return std::unique_ptr<ModelAccuracy>(new ModelAccuracy(
      space, std::make_unique<AccuracyModel>(std::move(*model)), path.str()));
}

ModelAccuracy::ModelAccuracy(const SearchSpace &space,
                             std::unique_ptr<AccuracyModel> model,
                             std::string path)
    : space(space), model(std::move(model)), path(std::move(path)) {}

ModelAccuracy::~ModelAccuracy() = default;

double ModelAccuracy::cvMae() const { return model->cv.mae; }
double ModelAccuracy::cvKendallTau() const { return model->cv.kendall_tau; }

llvm::Expected<AccuracyEstimate>
ModelAccuracy::estimate(llvm::ArrayRef<int> genome) const {
  const bool inSupport =
      llvm::is_contained(model->resolutions, space.resolution(genome));
  return AccuracyEstimate{model->predict(space, genome),
                          inSupport ? AccuracySource::Predicted
                                    : AccuracySource::Extrapolated};
}

nlohmann::json ModelAccuracy::describe() const {
  return {{"predictor", "committed ridge model on the one-hot genome"},
          {"model_file", path},
          {"alpha", model->ridge.alpha},
          {"training_file", model->training.file},
          {"training_sha256", model->training.sha256},
          {"training_networks", model->training.rows},
          {"cv_folds", model->cv_folds},
          {"cv_mae_points", model->cv.mae},
          {"cv_kendall_tau", model->cv.kendall_tau}};
}

std::vector<std::vector<int>> MeasuredAccuracy::genomes() const {
  std::vector<std::vector<int>> result;
  for (const auto &entry : table)
    result.push_back(entry.first);
  return result;
}

std::vector<double> MeasuredAccuracy::values() const {
  std::vector<double> result;
  for (const auto &entry : table)
    result.push_back(entry.second);
  return result;
}

double kendallTau(llvm::ArrayRef<double> a, llvm::ArrayRef<double> b) {
  int64_t concordant = 0, discordant = 0, tiesA = 0, tiesB = 0;
  for (size_t i = 0; i < a.size(); ++i)
    for (size_t j = i + 1; j < a.size(); ++j) {
      const double da = a[i] - a[j], db = b[i] - b[j];
      if (da == 0 && db == 0)
        continue;
      if (da == 0)
        ++tiesA;
      else if (db == 0)
        ++tiesB;
      else if ((da > 0) == (db > 0))
        ++concordant;
      else
        ++discordant;
    }
  const double n0 = static_cast<double>(concordant + discordant);
  const double denominator = std::sqrt((n0 + tiesA) * (n0 + tiesB));
  return denominator > 0 ? (concordant - discordant) / denominator : 0.0;
}

/// Closed-form ridge (features centred by an unpenalised intercept).
static std::vector<double> solveRidge(const Eigen::MatrixXd &x,
                                      const Eigen::VectorXd &y, double alpha) {
  const Eigen::RowVectorXd mean = x.colwise().mean();
  const double yMean = y.mean();
  const Eigen::MatrixXd centred = x.rowwise() - mean;
  Eigen::MatrixXd gram = centred.transpose() * centred;
  gram.diagonal().array() += alpha;
  const Eigen::VectorXd w =
      gram.ldlt().solve(centred.transpose() * (y.array() - yMean).matrix());
  std::vector<double> weights(w.data(), w.data() + w.size());
  weights.push_back(yMean - mean.dot(w));
  return weights;
}

llvm::Expected<std::unique_ptr<RidgeAccuracy>>
RidgeAccuracy::fit(const SearchSpace &space,
                   llvm::ArrayRef<std::vector<int>> genomes,
                   llvm::ArrayRef<double> top1, double alpha) {
  const size_t n = genomes.size();
  if (n < 10)
    return llvm::createStringError(
        llvm::inconvertibleErrorCode(),
        llvm::formatv("the accuracy predictor needs at least 10 measured "
                      "networks, found {0}",
                      n));
  const int features = space.oneHotSize("r");
  Eigen::MatrixXd x(n, features);
  Eigen::VectorXd y(n);
  std::vector<double> row(features);
  for (size_t i = 0; i < n; ++i) {
    space.oneHot(genomes[i], row, "r");
    for (int f = 0; f < features; ++f)
      x(i, f) = row[f];
    y(i) = top1[i];
  }
  std::unique_ptr<RidgeAccuracy> model(new RidgeAccuracy(space));
  model->alpha = alpha;
  model->samples = n;
  // 5-fold cross-validation, fold = row index mod 5 (deterministic).
  std::vector<double> predicted(n), actual(n);
  double absoluteError = 0.0;
  for (int fold = 0; fold < 5; ++fold) {
    std::vector<int> train, test;
    for (size_t i = 0; i < n; ++i)
      (static_cast<int>(i % 5) == fold ? test : train).push_back(i);
    Eigen::MatrixXd xt(train.size(), features);
    Eigen::VectorXd yt(train.size());
    for (size_t r = 0; r < train.size(); ++r) {
      xt.row(r) = x.row(train[r]);
      yt(r) = y(train[r]);
    }
    std::vector<double> w = solveRidge(xt, yt, alpha);
    for (int i : test) {
      double value = w.back();
      for (int f = 0; f < features; ++f)
        value += w[f] * x(i, f);
      predicted[i] = value;
      actual[i] = y(i);
      absoluteError += std::fabs(value - y(i));
    }
  }
  model->maeCv = absoluteError / static_cast<double>(n);
  model->tauCv = kendallTau(predicted, actual);
  model->weights = solveRidge(x, y, alpha);
  return model;
}

double RidgeAccuracy::predict(llvm::ArrayRef<int> genome) const {
  std::vector<double> row(weights.size() - 1);
  space.oneHot(genome, row, "r");
  double value = weights.back();
  for (size_t f = 0; f < row.size(); ++f)
    value += weights[f] * row[f];
  return value;
}

llvm::Expected<AccuracyEstimate>
RidgeAccuracy::estimate(llvm::ArrayRef<int> genome) const {
  // The data are all at 224 px: any other resolution is outside its support
  // and gets no accuracy credit or penalty, only the label.
  const bool atDataResolution = space.resolution(genome) == 224;
  return AccuracyEstimate{predict(genome), atDataResolution
                                               ? AccuracySource::Predicted
                                               : AccuracySource::Extrapolated};
}

nlohmann::json RidgeAccuracy::describe() const {
  return {{"predictor", "ridge on the one-hot genome (inactive genes zeroed, "
                        "resolution gene excluded), fitted at start-up"},
          {"alpha", alpha},
          {"training_networks", samples},
          {"cv_folds", 5},
          {"cv_mae_points", maeCv},
          {"cv_kendall_tau", tauCv}};
}

} // namespace cim::opt
