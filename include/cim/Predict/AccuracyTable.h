//===- AccuracyTable.h - Measured accuracies ------------------ -*- C++ -*-===//
//
// A CSV with one column per gene (ks0..ks19, e0.., d0..; see
// cim/Supernet/GenomeText.h) and a measured accuracy column (default
// `top1`). Rows are keyed by the canonical genome; two rows with the same
// canonical genome are an error (average repeats before loading, as the
// bundled data/ table does). MeasuredAccuracy is the table as an
// AccuracyOracle.
//
//===----------------------------------------------------------------------===//

#ifndef CIM_PREDICT_ACCURACYTABLE_H
#define CIM_PREDICT_ACCURACYTABLE_H

#include "cim/Predict/AccuracyOracle.h"
#include "cim/Supernet/GenomeText.h"

#include <map>
#include <optional>

namespace cim {

class AccuracyTable {
public:
  static llvm::Expected<AccuracyTable> load(const SearchSpace &space,
                                            llvm::StringRef path,
                                            llvm::StringRef column = "top1");
  static llvm::Expected<AccuracyTable> fromCsv(const SearchSpace &space,
                                               const CsvTable &csv,
                                               llvm::StringRef where,
                                               llvm::StringRef column = "top1");

  /// The measured value of the genome's canonical form, if any.
  std::optional<double> lookup(const SearchSpace &space,
                               llvm::ArrayRef<int> genome) const;

  size_t size() const { return rows.genomes.size(); }
  /// Canonical genomes and values in file order.
  const GenomeRows &data() const { return rows; }
  /// Row indices in the order of their canonical genomes: an order that
  /// does not depend on the file's.
  std::vector<size_t> rowsByGenome() const;
  const std::string &path() const { return source; }

private:
  GenomeRows rows;
  std::map<std::vector<int>, size_t> index;
  std::string source;
};

/// The measured value of a network in the table; any other network gets the
/// fallback's estimate, or none without a fallback.
class MeasuredAccuracy : public AccuracyOracle {
public:
  MeasuredAccuracy(const SearchSpace &space, AccuracyTable table,
                   const AccuracyOracle *fallback = nullptr)
      : space(space), measured(std::move(table)), fallback(fallback) {}

  llvm::Expected<AccuracyEstimate>
  estimate(llvm::ArrayRef<int> genome) const override;
  /// Measured rows answered here, the rest asked of the fallback in one
  /// batch (an external evaluator then runs once).
  llvm::Expected<std::vector<AccuracyEstimate>>
  estimateBatch(llvm::ArrayRef<std::vector<int>> genomes,
                int generation) const override;
  nlohmann::json describe() const override;

  const AccuracyTable &table() const { return measured; }
  void setFallback(const AccuracyOracle *oracle) { fallback = oracle; }

private:
  const SearchSpace &space;
  AccuracyTable measured;
  const AccuracyOracle *fallback;
};

} // namespace cim

#endif // CIM_PREDICT_ACCURACYTABLE_H
