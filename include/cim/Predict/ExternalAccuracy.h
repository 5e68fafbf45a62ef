//===- ExternalAccuracy.h - Accuracy from the user's own evaluator -*- C++ -*-//
//
// An AccuracyOracle that asks an external command, once per batch, for the
// accuracy of the networks it has not seen (docs/search.md, "Accuracy from
// your own evaluator"). The protocol:
//
//   CMD... BATCH.csv RESULT.csv
//
// BATCH.csv has a header `candidate,genome` (plus `workload_ir` when the
// workload IR is asked for) and one row per network: its 0-based index and
// its canonical genome text (cim/Supernet/GenomeText.h, compact form,
// quoted). CMD writes RESULT.csv with a header holding `candidate` and
// `top1` and exactly one row per candidate, top1 a number in [0, 100], and
// exits 0 within the timeout. Anything else (a missing, repeated or unknown
// candidate, a non-numeric or out-of-range value, a non-zero exit, a
// timeout) is an error naming the file and line or the command, and stores
// nothing of that call. Its stdout and stderr go to DIR/log.txt.
//
// Answers are `evaluated` and cached: in memory and in CACHE (a CSV
// `genome,top1,generation`, rewritten atomically after every call; the
// generation is the search generation that asked), which a resumed run
// loads first, so no network is ever sent twice.
//
//===----------------------------------------------------------------------===//

#ifndef CIM_PREDICT_EXTERNALACCURACY_H
#define CIM_PREDICT_EXTERNALACCURACY_H

#include "cim/Predict/AccuracyOracle.h"
#include "cim/Supernet/SearchSpace.h"

#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>

namespace cim {

struct ExternalEvaluatorOptions {
  /// The program and its leading arguments (split like a shell command
  /// line, quotes honoured); the batch and result paths are appended.
  std::string command;
  /// Seconds one call may take; 0 waits for ever.
  unsigned timeoutSeconds = 3600;
  /// Where the batch, result and log files of a call go (created).
  std::string workDirectory;
  /// The cache CSV (genome,top1,generation).
  std::string cachePath;
  /// When set, each network is also written as workload IR to the path
  /// given, and BATCH.csv gets a workload_ir column.
  std::function<llvm::Error(llvm::ArrayRef<int> genome, llvm::StringRef path)>
      writeWorkloadIR;
};

class ExternalAccuracy : public AccuracyOracle {
public:
  /// Loads the cache file when `loadCache` and it exists (a resumed run).
  static llvm::Expected<std::unique_ptr<ExternalAccuracy>>
  create(const SearchSpace &space, ExternalEvaluatorOptions options,
         bool loadCache);

  /// Thread-safe; one call of the command for the uncached networks of a
  /// batch (none if every one is cached).
  llvm::Expected<AccuracyEstimate>
  estimate(llvm::ArrayRef<int> genome) const override;
  llvm::Expected<std::vector<AccuracyEstimate>>
  estimateBatch(llvm::ArrayRef<std::vector<int>> genomes,
                int generation) const override;
  nlohmann::json describe() const override;

  /// Networks in the cache.
  size_t cachedCount() const;

  struct CachedValue {
    double top1;
    /// The generation whose batch asked for it (-1 outside a search).
    int generation;
  };
  /// The cached answer for a canonical genome, if any.
  std::optional<CachedValue> lookup(llvm::ArrayRef<int> canonical) const;
  /// Every cached answer asked by a generation before `generation`, in
  /// canonical-genome order.
  std::vector<std::pair<std::vector<int>, double>>
  evaluatedBefore(int generation) const;

private:
  ExternalAccuracy(const SearchSpace &space, ExternalEvaluatorOptions options)
      : space(space), options(std::move(options)) {}
  /// Runs the command on `genomes` (canonical, uncached, distinct) and
  /// returns their values in order; the caller holds the lock.
  llvm::Expected<std::vector<double>>
  runCommand(llvm::ArrayRef<std::vector<int>> genomes) const;
  llvm::Error writeCache() const;

  const SearchSpace &space;
  ExternalEvaluatorOptions options;
  mutable std::mutex mutex;
  mutable std::map<std::vector<int>, CachedValue> cache;
  mutable int64_t calls = 0, evaluatedThisSession = 0;
  /// Wall seconds of the calls (files, process, reading back).
  mutable double callSeconds = 0.0;
  size_t loadedFromCache = 0;
};

} // namespace cim

#endif // CIM_PREDICT_EXTERNALACCURACY_H
