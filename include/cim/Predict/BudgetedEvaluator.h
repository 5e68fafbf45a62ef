//===- BudgetedEvaluator.h - An evaluator with a per-generation budget -*-===//
//
// A user's evaluator is often far too slow to answer every candidate of a
// search (minutes of GPU time per network). Under a budget of K networks per
// generation, the evaluator answers the K networks of a generation that a
// ridge predictor ranks highest among those not measured or evaluated yet;
// the rest get the predictor's estimate, labelled `predicted` (or
// `extrapolated`). With refitting, the predictor of generation g is fitted
// on the measured table plus every network evaluated by generations before
// g, so it learns from what the evaluator said (docs/search.md, "Accuracy
// from your own evaluator").
//
// Generation-keyed (not call-keyed) so a resumed run is byte-identical to
// an uninterrupted one: answers cached by the generation being resumed
// count against its budget and are left out of its predictor.
//
//===----------------------------------------------------------------------===//

#ifndef CIM_PREDICT_BUDGETEDEVALUATOR_H
#define CIM_PREDICT_BUDGETEDEVALUATOR_H

#include "cim/Predict/AccuracyModel.h"
#include "cim/Predict/AccuracyTable.h"
#include "cim/Predict/ExternalAccuracy.h"

#include <memory>
#include <mutex>

namespace cim {

struct EvaluatorBudget {
  /// Networks the evaluator answers per generation; 0: every network.
  unsigned perGeneration = 0;
  /// Refit the predictor each generation on measured + evaluated networks.
  bool refitPredictor = false;
};

class BudgetedEvaluator : public AccuracyOracle {
public:
  /// `measured` (may be null) supplies the refit's measured rows; it is
  /// the MeasuredAccuracy in front of this oracle, which answers the
  /// measured networks before they reach it. `initial` (may be null) is the
  /// predictor used while there is no refit one.
  BudgetedEvaluator(const SearchSpace &space, const ExternalAccuracy &external,
                    const AccuracyTable *measured,
                    std::unique_ptr<RidgeAccuracy> initial,
                    EvaluatorBudget budget);

  llvm::Expected<AccuracyEstimate>
  estimate(llvm::ArrayRef<int> genome) const override;
  llvm::Expected<std::vector<AccuracyEstimate>>
  estimateBatch(llvm::ArrayRef<std::vector<int>> genomes,
                int generation) const override;
  nlohmann::json describe() const override;

private:
  /// The predictor for `generation` (refit once per generation when asked),
  /// or null when there is none yet; the caller holds the lock.
  llvm::Expected<const RidgeAccuracy *> predictorFor(int generation) const;

  const SearchSpace &space;
  const ExternalAccuracy &external;
  const AccuracyTable *measured;
  std::unique_ptr<RidgeAccuracy> initial;
  EvaluatorBudget budget;

  mutable std::mutex mutex;
  mutable std::unique_ptr<RidgeAccuracy> refit;
  mutable int refitGeneration = -2;
  mutable size_t refitRows = 0;
  mutable int64_t refits = 0, predictedCount = 0;
};

} // namespace cim

#endif // CIM_PREDICT_BUDGETEDEVALUATOR_H
