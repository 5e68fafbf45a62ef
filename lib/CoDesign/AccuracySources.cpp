//===- AccuracySources.cpp - Where a search's accuracy comes from ---------===//

#include "cim/CoDesign/AccuracySources.h"

#include "cim/Support/Error.h"
#include "cim/Support/Resources.h"

#include "llvm/Support/FormatVariadic.h"

namespace cim::codesign {

llvm::Expected<AccuracySources>
loadAccuracySources(const SearchSpace &space, llvm::StringRef accuracyData,
                    std::unique_ptr<ExternalAccuracy> evaluator) {
  AccuracySources sources;
  sources.external = std::move(evaluator);
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
  if (sources.tablePath.empty())
    return sources;

  llvm::Expected<AccuracyTable> table =
      AccuracyTable::load(space, sources.tablePath);
  if (!table)
    return table.takeError();
  if (table->size() == 0)
    return cim::makeError(sources.tablePath + ": no measured rows");
  if (sources.external) {
    sources.measured = std::make_unique<MeasuredAccuracy>(
        space, std::move(*table), sources.external.get());
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
    // Rows in canonical-genome order, so the fit and its folds do not
    // depend on the file's row order.
    std::vector<std::vector<int>> genomes;
    std::vector<double> top1;
    for (size_t row : table->rowsByGenome()) {
      genomes.push_back(table->data().genomes[row]);
      top1.push_back(table->data().values[row]);
    }
    llvm::Expected<std::unique_ptr<RidgeAccuracy>> ridge =
        RidgeAccuracy::fit(space, genomes, top1);
    if (!ridge)
      return ridge.takeError();
    sources.predictor = std::move(*ridge);
    sources.predictorText = "ridge predictor fitted on it";
  }
  const RegressionMetrics &cv = sources.predictor->model().cv;
  sources.predictorTau = cv.kendallTau;
  sources.predictorText +=
      llvm::formatv(": 5-fold CV MAE {0:f3} points, Kendall tau {1:f3}", cv.mae,
                    cv.kendallTau)
          .str();
  sources.measured = std::make_unique<MeasuredAccuracy>(
      space, std::move(*table), sources.predictor.get());
  return sources;
}

} // namespace cim::codesign
