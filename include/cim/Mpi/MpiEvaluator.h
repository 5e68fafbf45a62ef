//===- MpiEvaluator.h - Batches evaluated over MPI ranks --------*- C++ -*-===//
//
// `mpirun -n N tool ...` starts N copies of a tool; every copy builds the
// same Problem from the same command line. Rank 0 (the coordinator) runs
// the algorithm and hands each batch to an MpiEvaluator; ranks 1..N-1 serve
// evaluations (serveEvaluations) until rank 0 says stop. Load balancing is
// dynamic: each rank holds at most 2 x its thread count candidates at a
// time and gets the next one when it returns a result, so cheap and costly
// candidates mix freely. Rank 0 evaluates with its own threads too. Every
// rank keeps its own problem (its own layer-cost memo). Results are stored
// by batch index, and Problem::evaluate is a pure function of the canonical
// genome, so any rank count and thread count give the same results.
//
// Wire format (docs/search.md, "Many processes: MPI"): a candidate is its
// batch index, genome and prepared text; a result is the index, the
// objectives as raw IEEE doubles (exact; ranks must share one byte order and
// double format, as the nodes of one cluster do), the trusted flag and the
// fields, or an error message.
//
// Faults: a rank that dies ends the job: Open MPI's launcher kills the other
// ranks and names the dead one (its default, errors are fatal). A rank that
// stops answering is caught by the optional watchdog: no result from a
// rank holding candidates for `rankTimeoutSeconds` aborts the job with a
// message naming the rank.
//
//===----------------------------------------------------------------------===//

#ifndef CIM_MPI_MPIEVALUATOR_H
#define CIM_MPI_MPIEVALUATOR_H

#include "cim/Evolution/BatchEvaluator.h"

#include "llvm/Support/Error.h"

#include <memory>
#include <vector>

namespace cim::mpi {

/// Whether an MPI launcher started this process (mpirun sets
/// OMPI_COMM_WORLD_SIZE or PMI_SIZE / PMIX_RANK). Without one, a tool runs
/// alone and never initialises MPI.
bool launchedByMpirun();

/// MPI for the life of the process.
class Session {
public:
  /// MPI_Init_thread with MPI_THREAD_FUNNELED (only the main thread talks
  /// to MPI; evaluation threads never do).
  static llvm::Expected<std::unique_ptr<Session>> start(int &argc,
                                                        char **&argv);
  /// Rank 0 first tells the workers to stop; then MPI_Finalize.
  ~Session();

  int rank() const { return worldRank; }
  int size() const { return worldSize; }
  bool isCoordinator() const { return worldRank == 0; }
  /// Rank 0: tells every worker to return from serveEvaluations. Done once.
  void stopWorkers();
  /// Ends every rank of the job at once (MPI_Abort) with `status`.
  [[noreturn]] void abort(int status);

private:
  Session(int rank, int size) : worldRank(rank), worldSize(size) {}
  int worldRank, worldSize;
  bool stopped = false;
};

struct EvaluatorOptions {
  /// Evaluation threads per rank (each rank's problem has that many memo
  /// slots); every rank runs the same command line, so the same count.
  unsigned threads = 1;
  /// Watchdog: abort when a rank holding candidates sends nothing for this
  /// long; <= 0 waits for ever (a dead rank still ends the job through the
  /// launcher).
  double rankTimeoutSeconds = 0.0;
};

/// Rank 0's side.
class MpiEvaluator : public evo::BatchEvaluator {
public:
  MpiEvaluator(Session &session, EvaluatorOptions options);
  std::vector<llvm::Expected<evo::Evaluation>>
  evaluate(const evo::Problem &problem,
           llvm::ArrayRef<evo::BatchItem> items) override;
  /// {"ranks", "threads_per_rank", "evaluations_per_rank", "messages",
  /// "bytes_sent", "bytes_received", "coordinator_message_seconds"}.
  nlohmann::json describe() const override;

private:
  Session &session;
  EvaluatorOptions options;
  std::vector<int64_t> evaluationsPerRank;
  int64_t messages = 0, bytesSent = 0, bytesReceived = 0;
  /// Main-thread time spent encoding, sending, receiving and decoding.
  double messageSeconds = 0.0;
};

/// A worker rank's side: evaluates what rank 0 sends with
/// `options.threads` threads until rank 0 says stop.
llvm::Error serveEvaluations(Session &session, const evo::Problem &problem,
                             EvaluatorOptions options);

/// Wire format, exposed for the unit tests.
std::string encodeItem(uint64_t index, const evo::BatchItem &item);
bool decodeItem(llvm::StringRef bytes, uint64_t &index, evo::BatchItem &item);
std::string encodeResult(uint64_t index,
                         llvm::Expected<evo::Evaluation> result);
bool decodeResult(llvm::StringRef bytes, uint64_t &index,
                  std::optional<llvm::Expected<evo::Evaluation>> &result);

} // namespace cim::mpi

#endif // CIM_MPI_MPIEVALUATOR_H
