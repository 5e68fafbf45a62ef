//===- BatchEvaluator.cpp - Where a batch of candidates is evaluated ------===//

#include "cim/Evolution/BatchEvaluator.h"

#include <atomic>
#include <optional>
#include <thread>

namespace cim::evo {

BatchEvaluator::~BatchEvaluator() = default;

nlohmann::json BatchEvaluator::describe() const {
  return nlohmann::json::object();
}

void forEachIndexOnThreads(size_t count, unsigned threads,
                           const std::function<void(size_t, unsigned)> &work) {
  std::atomic<size_t> cursor{0};
  auto worker = [&](unsigned slot) {
    for (size_t i = cursor++; i < count; i = cursor++)
      work(i, slot);
  };
  const size_t threadCount = std::min<size_t>(std::max(threads, 1u), count);
  if (threadCount <= 1) {
    worker(0);
    return;
  }
  std::vector<std::thread> pool;
  for (size_t t = 0; t < threadCount; ++t)
    pool.emplace_back(worker, static_cast<unsigned>(t));
  for (std::thread &thread : pool)
    thread.join();
}

std::vector<llvm::Expected<Evaluation>>
ThreadPoolEvaluator::evaluate(const Problem &problem,
                              llvm::ArrayRef<BatchItem> items) {
  std::vector<std::optional<llvm::Expected<Evaluation>>> computed(items.size());
  forEachIndexOnThreads(items.size(), threads, [&](size_t i, unsigned slot) {
    computed[i].emplace(
        problem.evaluatePrepared(items[i].genome, items[i].prepared, slot));
  });
  std::vector<llvm::Expected<Evaluation>> results;
  results.reserve(items.size());
  for (std::optional<llvm::Expected<Evaluation>> &result : computed)
    results.push_back(std::move(*result));
  return results;
}

llvm::Expected<std::vector<Evaluation>>
prepareAndEvaluate(const Problem &problem, BatchEvaluator &evaluator,
                   std::vector<Genome> genomes, int generation) {
  llvm::Expected<std::vector<std::string>> prepared =
      problem.prepareBatch(genomes, generation);
  if (!prepared)
    return prepared.takeError();
  std::vector<BatchItem> items;
  for (size_t i = 0; i < genomes.size(); ++i)
    items.push_back({std::move(genomes[i]), (*prepared)[i]});
  std::vector<llvm::Expected<Evaluation>> computed =
      evaluator.evaluate(problem, items);
  std::vector<Evaluation> results;
  llvm::Error firstError = llvm::Error::success();
  for (llvm::Expected<Evaluation> &value : computed) {
    if (!value) {
      if (firstError)
        llvm::consumeError(value.takeError());
      else
        firstError = value.takeError();
      continue;
    }
    results.push_back(std::move(*value));
  }
  if (firstError)
    return std::move(firstError);
  return results;
}

} // namespace cim::evo
