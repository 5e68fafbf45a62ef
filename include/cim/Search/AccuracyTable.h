//===- AccuracyTable.h - Measured accuracies ------------------ -*- C++ -*-===//
//
// A CSV with one column per gene (ks0..ks19, e0.., d0..; see GenomeText.h)
// and a measured accuracy column (default `top1`). Rows are keyed by the
// canonical genome; two rows with the same canonical genome are an error
// (average repeats before loading, as the bundled data/ table does).
//
//===----------------------------------------------------------------------===//

#ifndef CIM_SEARCH_ACCURACYTABLE_H
#define CIM_SEARCH_ACCURACYTABLE_H

#include "cim/Search/GenomeText.h"

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
  const std::string &path() const { return source; }

private:
  GenomeRows rows;
  std::map<std::vector<int>, size_t> index;
  std::string source;
};

} // namespace cim

#endif // CIM_SEARCH_ACCURACYTABLE_H
