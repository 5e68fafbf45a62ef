//===- AccuracySources.h - Where a search's accuracy comes from -*- C++ -*-===//
//
// Measured data is the truth where it exists: a canonical network found in
// the measured table gets its measured top-1; any other gets the
// predictor's estimate, labelled by the predictor (docs/search.md,
// "Accuracy and its provenance"). With the user's own evaluator, the
// user's measured table (if given) answers first and the evaluator all the
// rest, or, under an evaluator budget, as many as the budget allows with a
// ridge predictor (fitted on the table, refit each generation if asked)
// for the rest.
//
//===----------------------------------------------------------------------===//

#ifndef CIM_CODESIGN_ACCURACYSOURCES_H
#define CIM_CODESIGN_ACCURACYSOURCES_H

#include "cim/Predict/AccuracyModel.h"
#include "cim/Predict/AccuracyTable.h"
#include "cim/Predict/BudgetedEvaluator.h"
#include "cim/Predict/ExternalAccuracy.h"

#include <memory>
#include <string>

namespace cim::codesign {

/// A measured table (the user's, or the data bundled for the space) with a
/// predictor for the networks not in it: a ridge fitted on the user's table,
/// or the committed model that goes with the bundled data. Empty for a space
/// with neither.
struct AccuracySources {
  std::unique_ptr<MeasuredAccuracy> measured;
  std::unique_ptr<RidgeAccuracy> predictor;
  /// The user's evaluator (--accuracy-evaluator), or null.
  std::unique_ptr<ExternalAccuracy> external;
  /// The evaluator under a budget (--evaluator-budget), or null.
  std::unique_ptr<BudgetedEvaluator> budgeted;
  /// The measured table, "" without one.
  std::string tablePath;
  /// "<predictor>: 5-fold CV MAE ..., Kendall tau ..." for the run log.
  std::string predictorText;
  /// The predictor's held-out (cross-validated) Kendall tau.
  double predictorTau = 1.0;

  /// The table with the predictor or the evaluator behind it, the
  /// evaluator alone, or null.
  const AccuracyOracle *oracle() const {
    if (measured)
      return measured.get();
    if (budgeted)
      return budgeted.get();
    return external.get();
  }
};

/// `accuracyData` is the user's measured CSV, or "" for the space's bundled
/// data (data/ and configs/accuracy/, found with cim::findResource). With
/// `evaluator`, only the user's CSV is used (bundled data were measured on
/// another evaluator's terms) and the evaluator answers the networks it
/// does not hold, in place of a predictor; under a `budget`, a ridge fitted
/// on that CSV (or, with refitting, on the CSV and what was evaluated)
/// answers the networks the budget leaves out.
llvm::Expected<AccuracySources>
loadAccuracySources(const SearchSpace &space, llvm::StringRef accuracyData,
                    std::unique_ptr<ExternalAccuracy> evaluator = nullptr,
                    EvaluatorBudget budget = {});

} // namespace cim::codesign

#endif // CIM_CODESIGN_ACCURACYSOURCES_H
