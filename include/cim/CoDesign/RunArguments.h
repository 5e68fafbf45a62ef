//===- RunArguments.h - Command lines that a run keeps and resumes -*- C++ -*-//
//
// A search run stores its command line in summary.json (settings.arguments)
// so that `--resume DIR` can replay it: DIR's stored arguments, then the new
// command line's (later flags win), then --out=DIR. A budget given on the
// new command line (--generations or --num_evals) replaces the stored one,
// whichever of the two the run was started with, so a finished run can be
// extended. `--threads` is never stored: results do not depend on it.
//
//===----------------------------------------------------------------------===//

#ifndef CIM_CODESIGN_RUNARGUMENTS_H
#define CIM_CODESIGN_RUNARGUMENTS_H

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"

#include <string>
#include <vector>

namespace cim::codesign {

/// The arguments of `argv` (argv[0] excluded) to store for --resume: all
/// but --resume and --threads and their values.
std::vector<std::string> storableArguments(llvm::ArrayRef<std::string> argv);

/// `argv` with --resume DIR expanded as described above; `argv` itself when
/// it has no --resume.
llvm::Expected<std::vector<std::string>>
expandResume(llvm::ArrayRef<std::string> argv);

/// What a resumed run's summary.json says about it.
struct StoredRun {
  /// "starting", "running" or "complete".
  std::string status;
  /// The generations it was asked for.
  int generations = 0;
  /// Its objectives' names, comma-separated; empty when the summary does
  /// not list them (written by a version that did not store them).
  std::string objectives;
};
llvm::Expected<StoredRun> readStoredRun(llvm::StringRef dir);

/// A resume never shortens a run: `generations` below what the run in `dir`
/// was asked for is an error.
llvm::Error checkResumeGenerations(const StoredRun &run, llvm::StringRef dir,
                                   int generations);

/// Takes --threads N / --threads=N out of `argv` and returns N (1 when
/// absent). Debian's libLLVM registers a hidden `threads` option of its own,
/// so llvm::cl cannot parse this one.
llvm::Expected<unsigned> takeThreadsOption(std::vector<std::string> &argv);

} // namespace cim::codesign

#endif // CIM_CODESIGN_RUNARGUMENTS_H
