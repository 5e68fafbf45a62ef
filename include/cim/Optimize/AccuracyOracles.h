//===- AccuracyOracles.h - Where accuracy comes from ------------*- C++ -*-===//
//
// Measured data is the truth where it exists (search.md 10.3): a canonical
// genome found in the measured table gets its measured top-1; any other gets
// the fallback's estimate (a predictor), labelled by the fallback.
//
//===----------------------------------------------------------------------===//

#ifndef CIM_OPTIMIZE_ACCURACYORACLES_H
#define CIM_OPTIMIZE_ACCURACYORACLES_H

#include "cim/Optimize/JointProblem.h"

#include <map>

namespace cim {
struct AccuracyModel;
} // namespace cim

namespace cim::opt {

/// Ridge regression on the space's one-hot genome (DyNAS-T onehot_generic
/// with inactive genes zeroed), fitted in closed form at start-up from the
/// measured table; 5-fold cross-validation metrics are part of describe().
/// Values are `predicted` at the data's resolution (224) and `extrapolated`
/// at any other.
class RidgeAccuracy : public AccuracyOracle {
public:
  static llvm::Expected<std::unique_ptr<RidgeAccuracy>>
  fit(const SearchSpace &space, llvm::ArrayRef<std::vector<int>> genomes,
      llvm::ArrayRef<double> top1, double alpha = 3.0);

  llvm::Expected<AccuracyEstimate>
  estimate(llvm::ArrayRef<int> genome) const override;
  nlohmann::json describe() const override;

  double cvMae() const { return maeCv; }
  double cvKendallTau() const { return tauCv; }

private:
  explicit RidgeAccuracy(const SearchSpace &space) : space(space) {}
  double predict(llvm::ArrayRef<int> genome) const;

  const SearchSpace &space;
  double alpha = 0.0;
  std::vector<double> weights; // one per feature, then the intercept
  size_t samples = 0;
  double maeCv = 0.0, tauCv = 0.0;
};

/// A committed ridge model file (cim::AccuracyModel, trained by
/// `cim-space train-accuracy`): `predicted` at a resolution it was trained at,
/// `extrapolated` at any other.
class ModelAccuracy : public AccuracyOracle {
public:
  /// Loads `path` and checks that its feature layout fits `space`.
  static llvm::Expected<std::unique_ptr<ModelAccuracy>>
  load(const SearchSpace &space, llvm::StringRef path);

  ~ModelAccuracy() override;

  llvm::Expected<AccuracyEstimate>
  estimate(llvm::ArrayRef<int> genome) const override;
  nlohmann::json describe() const override;
  double cvMae() const;
  double cvKendallTau() const;

private:
  ModelAccuracy(const SearchSpace &space, std::unique_ptr<AccuracyModel> model,
                std::string path);
  const SearchSpace &space;
  std::unique_ptr<AccuracyModel> model;
  std::string path;
};

/// Kendall's tau-b of two equally long samples (O(n^2)).
double kendallTau(llvm::ArrayRef<double> a, llvm::ArrayRef<double> b);

class MeasuredAccuracy : public AccuracyOracle {
public:
  /// Reads a CSV with one column per gene (ks0.., e0.., d0.., resolution)
  /// and `top1`. Errors name the file, line and column.
  static llvm::Expected<std::unique_ptr<MeasuredAccuracy>>
  load(const SearchSpace &space, llvm::StringRef path,
       const AccuracyOracle *fallback);

  llvm::Expected<AccuracyEstimate>
  estimate(llvm::ArrayRef<int> genome) const override;
  nlohmann::json describe() const override;

  size_t size() const { return table.size(); }
  /// The measured networks (canonical) and their top-1, in table order.
  std::vector<std::vector<int>> genomes() const;
  std::vector<double> values() const;
  void setFallback(const AccuracyOracle *oracle) { fallback = oracle; }
  /// The most accurate measured genome (ties: the first in the file).
  const std::vector<int> &bestGenome() const { return best; }
  double bestTop1() const { return bestValue; }

private:
  MeasuredAccuracy(const SearchSpace &space, std::string path,
                   const AccuracyOracle *fallback)
      : space(space), path(std::move(path)), fallback(fallback) {}

  const SearchSpace &space;
  std::string path;
  const AccuracyOracle *fallback;
  std::map<std::vector<int>, double> table;
  std::vector<int> best;
  double bestValue = 0.0;
};

} // namespace cim::opt

#endif // CIM_OPTIMIZE_ACCURACYORACLES_H
