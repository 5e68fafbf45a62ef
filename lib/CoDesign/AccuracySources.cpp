//===- AccuracySources.cpp - Where a search's accuracy comes from ---------===//

#include "cim/CoDesign/AccuracySources.h"

#include "cim/Support/Error.h"
#include "cim/Support/Resources.h"

#include "llvm/Support/FormatVariadic.h"

namespace cim::codesign {

/// A ridge fitted on the table's rows in canonical-genome order, so the fit
/// and its folds do not depend on the file's row order.
static llvm::Expected<std::unique_ptr<RidgeAccuracy>>
fitOnTable(const SearchSpace &space, const AccuracyTable &table) {
  std::vector<std::vector<int>> genomes;
  std::vector<double> top1;
  for (size_t row : table.rowsByGenome()) {
    genomes.push_back(table.data().genomes[row]);
    top1.push_back(table.data().values[row]);
  }
  return RidgeAccuracy::fit(space, genomes, top1);
}

static std::string describeFit(const RidgeAccuracy &ridge) {
  const RegressionMetrics &cv = ridge.model().cv;
  return llvm::formatv(": 5-fold CV MAE {0:f3} points, Kendall tau {1:f3}",
                       cv.mae, cv.kendallTau)
      .str();
}

llvm::Expected<AccuracySources>
loadAccuracySources(const SearchSpace &space, llvm::StringRef accuracyData,
                    std::unique_ptr<ExternalAccuracy> evaluator,
                    EvaluatorBudget budget) {
  AccuracySources sources;
  sources.external = std::move(evaluator);
  if (budget.perGeneration > 0 && !sources.external)
    return cim::makeError("--evaluator-budget limits --accuracy-evaluator: "
                          "give the evaluator");
  if (budget.refitPredictor && budget.perGeneration == 0)
    return cim::makeError(
        "--refit-predictor: without --evaluator-budget the evaluator answers "
        "every network and no predictor is used");
  if (budget.perGeneration > 0 && accuracyData.empty() &&
      !budget.refitPredictor)
    return cim::makeError(
        "--evaluator-budget needs a predictor for the networks the budget "
        "leaves out: give --accuracy-data CSV (a ridge is fitted on it) or "
        "--refit-predictor (a ridge is fitted on what the evaluator answered "
        "once it has 10 networks; until then it answers every network)");
  const bool bundled = accuracyData.empty() && !sources.external &&
                       !defaultAccuracyTableFile(space).empty();
  if (bundled) {
    llvm::Expected<std::string> path =
        findResource(defaultAccuracyTableFile(space));
    if (!path)
      return path.takeError();
    sources.tablePath = *path;
  } else {
    sources.tablePath = accuracyData.str();
  }
  if (sources.tablePath.empty()) {
    if (budget.perGeneration > 0)
      sources.budgeted = std::make_unique<BudgetedEvaluator>(
          space, *sources.external, nullptr, nullptr, budget);
    return sources;
  }

  llvm::Expected<AccuracyTable> table =
      AccuracyTable::load(space, sources.tablePath);
  if (!table)
    return table.takeError();
  if (table->size() == 0)
    return cim::makeError(sources.tablePath + ": no measured rows");
  if (sources.external && budget.perGeneration == 0) {
    sources.measured = std::make_unique<MeasuredAccuracy>(
        space, std::move(*table), sources.external.get());
    return sources;
  }
  if (sources.external) {
    // Under a budget: a ridge on the table for what the budget leaves out;
    // a table too small for one waits for the refit.
    std::unique_ptr<RidgeAccuracy> initial;
    if (table->size() >= 10 || !budget.refitPredictor) {
      llvm::Expected<std::unique_ptr<RidgeAccuracy>> ridge =
          fitOnTable(space, *table);
      if (!ridge)
        return ridge.takeError();
      initial = std::move(*ridge);
      sources.predictorText =
          "ridge predictor fitted on it" + describeFit(*initial);
    }
    sources.measured =
        std::make_unique<MeasuredAccuracy>(space, std::move(*table));
    sources.budgeted = std::make_unique<BudgetedEvaluator>(
        space, *sources.external, &sources.measured->table(),
        std::move(initial), budget);
    sources.measured->setFallback(sources.budgeted.get());
    return sources;
  }

  if (bundled && !defaultAccuracyModelFile(space).empty()) {
    llvm::Expected<std::string> modelPath =
        findResource(defaultAccuracyModelFile(space));
    if (!modelPath)
      return modelPath.takeError();
    llvm::Expected<std::unique_ptr<RidgeAccuracy>> model =
        RidgeAccuracy::load(space, *modelPath);
    if (!model)
      return model.takeError();
    sources.predictor = std::move(*model);
    sources.predictorText = "committed ridge model " + *modelPath;
  } else {
    llvm::Expected<std::unique_ptr<RidgeAccuracy>> ridge =
        fitOnTable(space, *table);
    if (!ridge)
      return ridge.takeError();
    sources.predictor = std::move(*ridge);
    sources.predictorText = "ridge predictor fitted on it";
  }
  sources.predictorTau = sources.predictor->model().cv.kendallTau;
  sources.predictorText += describeFit(*sources.predictor);
  sources.measured = std::make_unique<MeasuredAccuracy>(
      space, std::move(*table), sources.predictor.get());
  return sources;
}

} // namespace cim::codesign
