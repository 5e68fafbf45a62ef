//===- RunFiles.h - A search run's output directory -------------*- C++ -*-===//
//
// DIR/evaluations.csv  one row per evaluation, in order: eval_idx,
//                      generation, one column per gene, the problem's fields,
//                      on_front. Appended and fsync'd per generation (on_front
//                      is 0 until the run ends, then the file is rewritten).
// DIR/front.csv        the archive's non-dominated rows, same columns.
// DIR/summary.json     settings, hypervolume per generation, timings, caches.
// Whole-file writes go to a temporary file that is fsync'd and renamed, so
// a reader never sees half a file.
//
//===----------------------------------------------------------------------===//

#ifndef CIM_EVOLUTION_RUNFILES_H
#define CIM_EVOLUTION_RUNFILES_H

#include "cim/Evolution/BatchEvaluator.h"
#include "cim/Evolution/Search.h"

#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"

#include <nlohmann/json.hpp>

#include <chrono>
#include <functional>
#include <string>
#include <vector>

namespace cim::evo {

/// The CSV header of a problem's evaluation rows.
std::vector<std::string> csvHeader(const Problem &problem);
/// One CSV line (with newline) for `record`.
std::string csvRow(const Problem &problem, const Record &record, bool onFront);

/// Rows of an earlier run's evaluations.csv; a trailing partial line (an
/// interrupted write) is ignored. Errors name the file, line and column.
llvm::Expected<std::vector<Record>> readEvaluations(llvm::StringRef path,
                                                    const Problem &problem);

/// Evaluates every stored record again, a generation at a time (the batch
/// preparation sees the generation as the original run did), and fails
/// naming the first record whose fields differ: an edited row, or a run
/// written by another version or with other data, would otherwise reach the
/// front of the resumed run.
llvm::Error verifyRecords(const Problem &problem,
                          llvm::ArrayRef<Record> records,
                          BatchEvaluator &evaluator);

/// The files a search run owns in its directory.
llvm::ArrayRef<llvm::StringRef> runFileNames();

/// Makes `directory` ready for a new run: a missing or empty directory is
/// fine; one holding anything is refused (a new run would overwrite a
/// finished one) unless `force`, which removes the run's own files
/// (runFileNames) and leaves the rest.
llvm::Error prepareNewRunDirectory(llvm::StringRef directory, bool force);

class RunWriter : public SearchObserver {
public:
  /// Creates DIR if needed and writes summary.json (status "starting", the
  /// settings with the arguments a --resume needs) before anything else, so
  /// a run killed at any moment after this leaves a resumable directory.
  /// `existing` are the rows already on disk (resume); the CSV is rewritten
  /// with exactly those rows before the run continues.
  static llvm::Expected<std::unique_ptr<RunWriter>>
  create(llvm::StringRef directory, const Problem &problem,
         nlohmann::json settings, std::vector<Record> existing = {});

  /// Extra summary content (cache statistics, provenance), asked for each
  /// time summary.json is written.
  std::function<nlohmann::json()> extraSummary;
  /// Called after each generation is on disk (progress display).
  std::function<void(const Search &, const GenerationStats &)> progress;
  /// For a normalised hypervolume: hv / prod |reference - ideal|.
  std::vector<double> idealPoint;
  /// When the process started (start-up before the search loop included in
  /// `wall_seconds`); defaults to the writer's creation.
  std::chrono::steady_clock::time_point processStart;

  llvm::Error generationDone(const Search &search, const GenerationStats &stats,
                             llvm::ArrayRef<Record> records) override;
  /// Final files: evaluations.csv with on_front, front.csv, summary.json.
  llvm::Error finish(const Search &search);

  const std::string &directory() const { return dir; }

private:
  RunWriter(std::string directory, const Problem &problem,
            nlohmann::json settings, int64_t rowsOnDisk);
  nlohmann::json summary(const Search &search, llvm::StringRef status) const;
  std::string path(llvm::StringRef name) const;

  std::string dir;
  const Problem &prob;
  nlohmann::json settingsJson;
  int64_t rowsWritten;
  std::chrono::steady_clock::time_point start;
};

} // namespace cim::evo

#endif // CIM_EVOLUTION_RUNFILES_H
