//===- Progress.h - A search's progress line on stderr ----------*- C++ -*-===//
//
// Generation, hypervolume, evaluations per second and ETA after each
// generation: redrawn in place on a terminal; elsewhere (a log file, CI) one
// line at most every 5 seconds, plus the last generation.
//
//===----------------------------------------------------------------------===//

#ifndef CIM_EVOLUTION_PROGRESS_H
#define CIM_EVOLUTION_PROGRESS_H

#include "cim/Evolution/Search.h"

#include <chrono>
#include <optional>

namespace cim::evo {

class ProgressLine {
public:
  ProgressLine();
  /// For RunWriter::progress.
  void operator()(const Search &search, const GenerationStats &stats);

private:
  bool terminal;
  /// Evaluation seconds so far.
  double seconds = 0.0;
  std::optional<std::chrono::steady_clock::time_point> lastLine;
};

} // namespace cim::evo

#endif // CIM_EVOLUTION_PROGRESS_H
