//===- AccuracyOracle.h - A sub-network's accuracy and its source -*- C++ -*-//
//
// Every source of accuracy answers through one interface with a value and
// where it came from:
//   measured      the canonical genome is in a measured table;
//   predicted     a model, inside its training data's support (same space
//                 family, a resolution it was trained at);
//   extrapolated  a model outside that support (e.g. r != 224 for OFA-MBv3);
//   synthetic     an oracle that computes it some other way (tests);
//   none          nothing knows: the space is cycles-only;
//   evaluated     the user's own evaluator measured it during the search
//                 (ExternalAccuracy.h).
// The sources (AccuracyTable.h: measured table; AccuracyModel.h: ridge,
// fitted at start-up or loaded from a committed model file) compose: a table
// answers what it measured and asks its fallback for the rest. An external
// evaluator (ExternalAccuracy.h, a trained network scored elsewhere) answers
// a whole batch at once through estimateBatch.
//
//===----------------------------------------------------------------------===//

#ifndef CIM_PREDICT_ACCURACYORACLE_H
#define CIM_PREDICT_ACCURACYORACLE_H

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"

#include <nlohmann/json.hpp>

#include <optional>
#include <vector>

namespace cim {

enum class AccuracySource {
  Measured,
  Predicted,
  Extrapolated,
  Synthetic,
  None,
  Evaluated
};
constexpr int kAccuracySourceCount = 6;
llvm::StringRef stringifyAccuracySource(AccuracySource source);

struct AccuracyEstimate {
  /// Top-1 in percent; empty when the source is None.
  std::optional<double> top1;
  AccuracySource source = AccuracySource::None;
};

class AccuracyOracle {
public:
  virtual ~AccuracyOracle();

  /// Thread-safe. Any valid genome of the oracle's space; an oracle that
  /// knows nothing of it answers {std::nullopt, None}. Errors are failures
  /// of the source itself.
  virtual llvm::Expected<AccuracyEstimate>
  estimate(llvm::ArrayRef<int> genome) const = 0;

  /// The estimates of many genomes, in order. `generation` is the search
  /// generation asking (-1 outside a search): an evaluator under a budget
  /// spends and refits per generation. The default asks estimate() for
  /// each; a source that evaluates in batches overrides it.
  virtual llvm::Expected<std::vector<AccuracyEstimate>>
  estimateBatch(llvm::ArrayRef<std::vector<int>> genomes, int generation) const;

  /// Provenance for a run's summary (data files, model, CV metrics).
  virtual nlohmann::json describe() const = 0;

protected:
  /// estimate() for a source whose unit of work is a batch: a batch of one,
  /// outside a search.
  llvm::Expected<AccuracyEstimate>
  estimateAsBatch(llvm::ArrayRef<int> genome) const;
};

} // namespace cim

#endif // CIM_PREDICT_ACCURACYORACLE_H
