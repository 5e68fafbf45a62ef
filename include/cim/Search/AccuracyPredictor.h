//===- AccuracyPredictor.h - Ridge accuracy model ------------- -*- C++ -*-===//
//
// Accuracy of a genome, with where it came from:
//   measured      the canonical genome is in the measured table;
//   predicted     ridge on the one-hot genome, inside the training data's
//                 support (same space, a resolution it was trained at);
//   extrapolated  ridge outside that support (e.g. r != 224 for OFA-MBv3);
//   none          no table and no model: the space is cycles-only.
// The model file (JSON) carries its coefficients, feature layout, alpha,
// training-data provenance and the k-fold CV metrics.
//
//===----------------------------------------------------------------------===//

#ifndef CIM_SEARCH_ACCURACYPREDICTOR_H
#define CIM_SEARCH_ACCURACYPREDICTOR_H

#include "cim/Search/AccuracyTable.h"
#include "cim/Search/Metrics.h"
#include "cim/Search/Ridge.h"

#include <nlohmann/json.hpp>

#include <optional>

namespace cim {

enum class AccuracySource { Measured, Predicted, Extrapolated, None };
llvm::StringRef stringifyAccuracySource(AccuracySource source);

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
  int cv_folds = 0;
  uint64_t cv_seed = 0;
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
  uint64_t seed = 1;
  std::string column = "top1";
};

/// Fits ridge on every row of the CSV at `path` (canonical one-hot
/// features), and reports `folds`-fold CV metrics of the same recipe.
llvm::Expected<AccuracyModel>
trainAccuracyModel(const SearchSpace &space, llvm::StringRef path,
                   const AccuracyTrainOptions &options = {});

/// Space family name used in model files (ofa_mbv3_r -> ofa_mbv3).
std::string accuracyFamily(const SearchSpace &space);

struct AccuracyEstimate {
  std::optional<double> top1;
  AccuracySource source = AccuracySource::None;
};

/// Measured table first, then the model; either may be absent.
class AccuracyOracle {
public:
  AccuracyOracle(const SearchSpace &space,
                 std::optional<AccuracyTable> table = std::nullopt,
                 std::optional<AccuracyModel> model = std::nullopt)
      : space(space), table(std::move(table)), model(std::move(model)) {}

  AccuracyEstimate estimate(llvm::ArrayRef<int> genome) const;
  bool hasTable() const { return table.has_value(); }
  bool hasModel() const { return model.has_value(); }
  const AccuracyModel *getModel() const { return model ? &*model : nullptr; }

private:
  const SearchSpace &space;
  std::optional<AccuracyTable> table;
  std::optional<AccuracyModel> model;
};

/// configs/accuracy/<family>_... committed model, relative to the resource
/// directory (cim::findResource), or "" when the space has none.
llvm::StringRef defaultAccuracyModelFile(const SearchSpace &space);
/// data/... bundled measured table, relative to the resource directory, or ""
/// when the space has no measured data.
llvm::StringRef defaultAccuracyTableFile(const SearchSpace &space);

} // namespace cim

#endif // CIM_SEARCH_ACCURACYPREDICTOR_H
