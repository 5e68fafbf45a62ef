//===- BatchEvaluator.h - Where a batch of candidates is evaluated -*- C++ -*-//
//
// The search hands each generation's new candidates to a BatchEvaluator and
// gets one result per candidate back, in order. Where the work runs is the
// evaluator's business: in the calling thread, on a pool of threads
// (ThreadPoolEvaluator), or over MPI ranks (cim/Mpi/MpiEvaluator.h). The
// algorithm never sees the transport, and since Problem::evaluate is a pure
// function of the canonical genome, every evaluator gives the same results.
//
// A batch is evaluated in two steps: Problem::prepareBatch runs once on the
// coordinating process with the whole batch (batch-level sources such as an
// external accuracy evaluator), and its per-candidate text travels with the
// genome to whichever thread or process runs Problem::evaluatePrepared.
//
//===----------------------------------------------------------------------===//

#ifndef CIM_EVOLUTION_BATCHEVALUATOR_H
#define CIM_EVOLUTION_BATCHEVALUATOR_H

#include "cim/Evolution/Problem.h"

#include <nlohmann/json.hpp>

#include <functional>
#include <string>
#include <vector>

namespace cim::evo {

/// One candidate of a batch: its canonical genome and what
/// Problem::prepareBatch prepared for it.
struct BatchItem {
  Genome genome;
  std::string prepared;
};

class BatchEvaluator {
public:
  virtual ~BatchEvaluator();
  /// Results of problem.evaluatePrepared for every item, in order. An item's
  /// failure is its own Expected; the batch as a whole does not fail.
  virtual std::vector<llvm::Expected<Evaluation>>
  evaluate(const Problem &problem, llvm::ArrayRef<BatchItem> items) = 0;
  /// Per-process accounting for summary.json (empty by default).
  virtual nlohmann::json describe() const;
};

/// One generation's batch: Problem::prepareBatch once, then `evaluator` on
/// every genome. The first failure in genome order is the error, so the
/// message does not depend on the evaluator's scheduling.
llvm::Expected<std::vector<Evaluation>>
prepareAndEvaluate(const Problem &problem, BatchEvaluator &evaluator,
                   std::vector<Genome> genomes, int generation);

/// `threads` workers in this process, each taking the next unevaluated item
/// (dynamic load balancing); worker t passes slot t to the problem. One
/// thread evaluates in the calling thread.
class ThreadPoolEvaluator : public BatchEvaluator {
public:
  explicit ThreadPoolEvaluator(unsigned threads) : threads(threads) {}
  std::vector<llvm::Expected<Evaluation>>
  evaluate(const Problem &problem, llvm::ArrayRef<BatchItem> items) override;

private:
  unsigned threads;
};

/// Runs `work(i, slot)` for i in [0, count) on `threads` threads, each
/// taking the next index (slot is the thread's number). One thread runs in
/// the calling thread. Shared by the evaluators.
void forEachIndexOnThreads(size_t count, unsigned threads,
                           const std::function<void(size_t, unsigned)> &work);

} // namespace cim::evo

#endif // CIM_EVOLUTION_BATCHEVALUATOR_H
