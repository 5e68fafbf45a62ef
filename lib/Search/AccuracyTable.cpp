//===- AccuracyTable.cpp - Measured accuracies by canonical genome --------===//

#include "cim/Search/AccuracyTable.h"

using namespace cim;

llvm::Expected<AccuracyTable> AccuracyTable::load(const SearchSpace &space,
                                                  llvm::StringRef path,
                                                  llvm::StringRef column) {
  auto csv = readCsv(path);
  if (!csv)
    return csv.takeError();
  return fromCsv(space, *csv, path, column);
}

llvm::Expected<AccuracyTable> AccuracyTable::fromCsv(const SearchSpace &space,
                                                     const CsvTable &csv,
                                                     llvm::StringRef where,
                                                     llvm::StringRef column) {
  auto rows = readGenomeRows(space, csv, where, column);
  if (!rows)
    return rows.takeError();
  AccuracyTable table;
  table.source = where.str();
  for (size_t i = 0; i < rows->genomes.size(); ++i) {
    std::vector<int> canonical = space.canonicalize(rows->genomes[i]);
    auto [it, inserted] = table.index.emplace(canonical, i);
    if (!inserted)
      return llvm::createStringError(
          llvm::inconvertibleErrorCode(),
          "%s:%d: duplicate network: same canonical genome as line %d "
          "(average repeated measurements into one row)",
          where.str().c_str(), rows->lines[i], rows->lines[it->second]);
    rows->genomes[i] = std::move(canonical);
  }
  table.rows = std::move(*rows);
  return table;
}

std::optional<double> AccuracyTable::lookup(const SearchSpace &space,
                                            llvm::ArrayRef<int> genome) const {
  auto it = index.find(space.canonicalize(genome));
  if (it == index.end())
    return std::nullopt;
  return rows.values[it->second];
}
