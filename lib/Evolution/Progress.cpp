//===- Progress.cpp - A search's progress line on stderr ------------------===//

#include "cim/Evolution/Progress.h"

#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/raw_ostream.h"

#include <unistd.h>

namespace cim::evo {

ProgressLine::ProgressLine() : terminal(::isatty(2)) {}

void ProgressLine::operator()(const Search &search,
                              const GenerationStats &stats) {
  seconds += stats.evaluationSeconds;
  const int left = search.settings().generations - stats.generation - 1;
  const auto now = std::chrono::steady_clock::now();
  if (!terminal && left > 0 && lastLine &&
      now - *lastLine < std::chrono::seconds(5))
    return;
  lastLine = now;
  const double rate =
      seconds > 0 ? static_cast<double>(stats.totalEvaluations) / seconds : 0;
  const double eta =
      rate > 0 ? left * search.settings().population / rate : 0.0;
  llvm::errs() << llvm::formatv(
      "{6}generation {0}/{1}  evaluations {2}  hypervolume {3:e4}  {4:f0} "
      "eval/s  ETA {5:f0} s{7}",
      stats.generation + 1, search.settings().generations,
      stats.totalEvaluations, stats.hypervolume, rate, eta,
      terminal ? "\r" : "", terminal && left > 0 ? "   " : "\n");
}

} // namespace cim::evo
