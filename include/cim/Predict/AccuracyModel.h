//===- AccuracyModel.h - Ridge accuracy model ----------------- -*- C++ -*-===//
//
// Ridge regression on the one-hot features of a canonical genome (DyNAS-T
// onehot_generic, inactive genes all-zero, the resolution gene excluded).
// The model file (JSON) carries its coefficients, feature layout, alpha,
// training-data provenance and the k-fold CV metrics; RidgeAccuracy answers
// as an AccuracyOracle from a committed model file or from a model fitted at
// start-up on a measured table.
//
//===----------------------------------------------------------------------===//

#ifndef CIM_PREDICT_ACCURACYPREDICTOR_H
#define CIM_PREDICT_ACCURACYPREDICTOR_H

#include "cim/Predict/AccuracyTable.h"
#include "cim/Predict/Metrics.h"
#include "cim/Predict/Ridge.h"

#include <nlohmann/json.hpp>

#include <memory>

namespace cim {

struct TrainingProvenance {
  std::string file; // file name (no directory)
  size_t rows = 0;
  uint64_t bytes = 0;
  std::string sha256; // lowercase hex
};

struct AccuracyModel {
  /// Space family the layout belongs to (the resolution gene is never a
  /// feature, so ofa_mbv3 models apply to ofa_mbv3_r).
  std::string space;
  std::string target = "top1";
  /// Gene groups used as features, in order: name, count, values.
  std::vector<GeneGroup> layout;
  std::vector<int> resolutions; // seen in training
  RidgeFit ridge;
  TrainingProvenance training;
  int cvFolds = 0;
  /// Seed of the fold shuffle (AccuracyTrainOptions::shuffleFolds).
  uint64_t cvSeed = 0;
  RegressionMetrics cv;

  /// Errors when `space`'s genes (minus r) differ from the layout.
  llvm::Error checkCompatible(const SearchSpace &space) const;
  double predict(const SearchSpace &space, llvm::ArrayRef<int> genome) const;

  nlohmann::json toJson() const;
  static llvm::Expected<AccuracyModel> fromJson(const nlohmann::json &value,
                                                llvm::StringRef where);
  static llvm::Expected<AccuracyModel> load(llvm::StringRef path);
  llvm::Error save(llvm::StringRef path) const;
};

struct AccuracyTrainOptions {
  double alpha = 3.0;
  int folds = 5;
  /// Rows go to folds by a shuffle seeded by `seed`, or, without the
  /// shuffle, row i to fold i mod `folds`.
  bool shuffleFolds = true;
  uint64_t seed = 1;
  std::string column = "top1";
};

/// Fits ridge on `genomes` (canonical one-hot features) and `top1`, and
/// reports `folds`-fold CV metrics of the same recipe over the out-of-fold
/// predictions pooled fold by fold. No provenance.
AccuracyModel fitAccuracyModel(const SearchSpace &space,
                               llvm::ArrayRef<std::vector<int>> genomes,
                               llvm::ArrayRef<double> top1,
                               const AccuracyTrainOptions &options);

/// fitAccuracyModel on every row of the CSV at `path`, with the file's
/// provenance (name, rows, bytes, sha256).
llvm::Expected<AccuracyModel>
trainAccuracyModel(const SearchSpace &space, llvm::StringRef path,
                   const AccuracyTrainOptions &options = {});

/// Space family name used in model files (ofa_mbv3_r -> ofa_mbv3).
std::string accuracyFamily(const SearchSpace &space);

/// The model as an oracle: `predicted` at a resolution it was trained at,
/// `extrapolated` at any other.
class RidgeAccuracy : public AccuracyOracle {
public:
  /// `model` must fit `space` (AccuracyModel::checkCompatible); `modelFile`
  /// is where it was read from, "" for a model fitted at start-up.
  RidgeAccuracy(const SearchSpace &space, AccuracyModel model,
                std::string modelFile = "")
      : space(space), ridge(std::move(model)), path(std::move(modelFile)) {}

  /// A committed model file (trained by `cim-space train-accuracy`), checked
  /// against the genes of `space`.
  static llvm::Expected<std::unique_ptr<RidgeAccuracy>>
  load(const SearchSpace &space, llvm::StringRef path);
  /// A model fitted now on at least 10 measured networks, in the order
  /// given, with 5-fold cross-validation where row i is in fold i mod 5.
  static llvm::Expected<std::unique_ptr<RidgeAccuracy>>
  fit(const SearchSpace &space, llvm::ArrayRef<std::vector<int>> genomes,
      llvm::ArrayRef<double> top1, double alpha = 3.0);

  llvm::Expected<AccuracyEstimate>
  estimate(llvm::ArrayRef<int> genome) const override;
  nlohmann::json describe() const override;

  const AccuracyModel &model() const { return ridge; }
  /// The model file, or "" for a model fitted at start-up.
  const std::string &modelFile() const { return path; }

private:
  const SearchSpace &space;
  AccuracyModel ridge;
  std::string path;
};

/// configs/accuracy/<family>_... committed model, relative to the resource
/// directory (cim::findResource), or "" when the space has none.
llvm::StringRef defaultAccuracyModelFile(const SearchSpace &space);
/// data/... bundled measured table, relative to the resource directory, or ""
/// when the space has no measured data.
llvm::StringRef defaultAccuracyTableFile(const SearchSpace &space);

} // namespace cim

#endif // CIM_PREDICT_ACCURACYPREDICTOR_H
