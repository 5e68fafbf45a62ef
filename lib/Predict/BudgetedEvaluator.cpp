//===- BudgetedEvaluator.cpp - An evaluator with a per-generation budget --===//

#include "cim/Predict/BudgetedEvaluator.h"

#include <algorithm>
#include <map>
#include <set>

using namespace cim;

BudgetedEvaluator::BudgetedEvaluator(const SearchSpace &space,
                                     const ExternalAccuracy &external,
                                     const AccuracyTable *measured,
                                     std::unique_ptr<RidgeAccuracy> initial,
                                     EvaluatorBudget budget)
    : space(space), external(external), measured(measured),
      initial(std::move(initial)), budget(budget) {}

llvm::Expected<AccuracyEstimate>
BudgetedEvaluator::estimate(llvm::ArrayRef<int> genome) const {
  return estimateAsBatch(genome);
}

llvm::Expected<const RidgeAccuracy *>
BudgetedEvaluator::predictorFor(int generation) const {
  if (!budget.refitPredictor)
    return initial.get();
  if (generation != refitGeneration) {
    // Measured rows in canonical-genome order, then the evaluated ones in
    // canonical-genome order: the fit does not depend on arrival order.
    std::vector<std::vector<int>> genomes;
    std::vector<double> top1;
    if (measured)
      for (size_t row : measured->rowsByGenome()) {
        genomes.push_back(measured->data().genomes[row]);
        top1.push_back(measured->data().values[row]);
      }
    for (auto &[genome, value] : external.evaluatedBefore(generation)) {
      genomes.push_back(genome);
      top1.push_back(value);
    }
    refitGeneration = generation;
    if (genomes.size() < 10) {
      // Too few rows for a fit: the initial predictor (if any) stands in.
      refit.reset();
      refitRows = 0;
    } else {
      llvm::Expected<std::unique_ptr<RidgeAccuracy>> fitted =
          RidgeAccuracy::fit(space, genomes, top1);
      if (!fitted)
        return fitted.takeError();
      refit = std::move(*fitted);
      refitRows = genomes.size();
      ++refits;
    }
  }
  return refit ? refit.get() : initial.get();
}

llvm::Expected<std::vector<AccuracyEstimate>>
BudgetedEvaluator::estimateBatch(llvm::ArrayRef<std::vector<int>> genomes,
                                 int generation) const {
  std::lock_guard<std::mutex> lock(mutex);
  std::vector<std::vector<int>> canonical;
  for (const std::vector<int> &genome : genomes)
    canonical.push_back(space.canonicalize(genome));

  llvm::Expected<const RidgeAccuracy *> predictor = predictorFor(generation);
  if (!predictor)
    return predictor.takeError();

  // Networks the evaluator has not answered, and how much of this
  // generation's budget its answers cached earlier (a resumed generation)
  // already spent.
  std::set<std::vector<int>> seen;
  std::vector<std::vector<int>> unknown;
  size_t spent = 0;
  for (const std::vector<int> &genome : canonical) {
    if (!seen.insert(genome).second)
      continue;
    std::optional<ExternalAccuracy::CachedValue> cached =
        external.lookup(genome);
    if (!cached)
      unknown.push_back(genome);
    else if (cached->generation == generation)
      ++spent;
  }

  std::vector<std::vector<int>> chosen;
  // The predictor's value of each unknown network, asked once: it ranks
  // them and answers for those the budget leaves out.
  std::map<std::vector<int>, AccuracyEstimate> guesses;
  if (budget.perGeneration == 0 || !*predictor) {
    chosen = unknown;
  } else {
    // The most promising networks by the predictor, ties by genome.
    std::vector<std::pair<double, std::vector<int>>> ranked;
    for (const std::vector<int> &genome : unknown) {
      llvm::Expected<AccuracyEstimate> guess = (*predictor)->estimate(genome);
      if (!guess)
        return guess.takeError();
      ranked.emplace_back(*guess->top1, genome);
      guesses.emplace(genome, *guess);
    }
    std::sort(ranked.begin(), ranked.end(), [](const auto &a, const auto &b) {
      return a.first != b.first ? a.first > b.first : a.second < b.second;
    });
    const size_t left =
        budget.perGeneration > spent ? budget.perGeneration - spent : 0;
    for (size_t i = 0; i < std::min(left, ranked.size()); ++i)
      chosen.push_back(ranked[i].second);
  }
  if (!chosen.empty()) {
    llvm::Expected<std::vector<AccuracyEstimate>> answered =
        external.estimateBatch(chosen, generation);
    if (!answered)
      return answered.takeError();
  }

  std::vector<AccuracyEstimate> estimates;
  for (const std::vector<int> &genome : canonical) {
    if (std::optional<ExternalAccuracy::CachedValue> cached =
            external.lookup(genome)) {
      estimates.push_back({cached->top1, AccuracySource::Evaluated});
      continue;
    }
    // Every unknown network was ranked, so the predictor has answered it.
    estimates.push_back(guesses.at(genome));
    ++predictedCount;
  }
  return estimates;
}

nlohmann::json BudgetedEvaluator::describe() const {
  std::lock_guard<std::mutex> lock(mutex);
  nlohmann::json result = external.describe();
  result["evaluator_budget_per_generation"] = budget.perGeneration;
  result["refit_predictor"] = budget.refitPredictor;
  result["predicted_this_session"] = predictedCount;
  if (initial)
    result["initial_predictor"] = initial->describe();
  if (budget.refitPredictor) {
    result["refits_this_session"] = refits;
    result["last_refit_rows"] = refitRows;
    if (refit) {
      const RegressionMetrics &cv = refit->model().cv;
      result["last_refit_cv"] = {{"mae", cv.mae},
                                 {"kendall_tau", cv.kendallTau}};
    }
  }
  return result;
}
