//===- AccuracyTable.cpp - Measured accuracies by canonical genome --------===//

#include "cim/Predict/AccuracyTable.h"

#include "cim/Support/Error.h"
#include "cim/Support/FileChecks.h"

#include "llvm/Support/FileSystem.h"

#include <cmath>

using namespace cim;

llvm::Expected<AccuracyTable> AccuracyTable::load(const SearchSpace &space,
                                                  llvm::StringRef path,
                                                  llvm::StringRef column) {
  // A missing file keeps readCsv's message; special files never end.
  if (llvm::sys::fs::exists(path))
    if (llvm::Error err =
            checkRegularFile(path, kMaxCsvFileBytes, "accuracy table"))
      return std::move(err);
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
  // Accuracies are top-1 percentages (data/README.md): NaN, infinities and
  // values outside 0..100 would flow into every objective unnoticed.
  for (size_t i = 0; i < rows->values.size(); ++i) {
    double v = rows->values[i];
    if (std::isfinite(v) && v >= 0 && v <= 100)
      continue;
    return cim::makeError(
        "%s:%d: column '%s' (field %d): expected an accuracy in percent, "
        "0..100, found %g",
        where.str().c_str(), rows->lines[i], column.str().c_str(),
        csv.column(column) + 1, v);
  }
  AccuracyTable table;
  table.source = where.str();
  for (size_t i = 0; i < rows->genomes.size(); ++i) {
    std::vector<int> canonical = space.canonicalize(rows->genomes[i]);
    auto [it, inserted] = table.index.emplace(canonical, i);
    if (!inserted)
      return cim::makeError(
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

std::vector<size_t> AccuracyTable::rowsByGenome() const {
  std::vector<size_t> order;
  order.reserve(index.size());
  for (const auto &entry : index)
    order.push_back(entry.second);
  return order;
}

llvm::Expected<AccuracyEstimate>
MeasuredAccuracy::estimate(llvm::ArrayRef<int> genome) const {
  if (std::optional<double> top1 = measured.lookup(space, genome))
    return AccuracyEstimate{top1, AccuracySource::Measured};
  if (fallback)
    return fallback->estimate(genome);
  return AccuracyEstimate{};
}

llvm::Expected<std::vector<AccuracyEstimate>>
MeasuredAccuracy::estimateBatch(llvm::ArrayRef<std::vector<int>> genomes,
                                int generation) const {
  std::vector<AccuracyEstimate> estimates(genomes.size());
  std::vector<size_t> rest;
  std::vector<std::vector<int>> restGenomes;
  for (size_t i = 0; i < genomes.size(); ++i) {
    if (std::optional<double> top1 = measured.lookup(space, genomes[i])) {
      estimates[i] = {top1, AccuracySource::Measured};
    } else {
      rest.push_back(i);
      restGenomes.push_back(genomes[i]);
    }
  }
  if (!fallback || rest.empty())
    return estimates;
  llvm::Expected<std::vector<AccuracyEstimate>> others =
      fallback->estimateBatch(restGenomes, generation);
  if (!others)
    return others.takeError();
  for (size_t j = 0; j < rest.size(); ++j)
    estimates[rest[j]] = (*others)[j];
  return estimates;
}

nlohmann::json MeasuredAccuracy::describe() const {
  nlohmann::json result = {{"measured_table", measured.path()},
                           {"measured_networks", measured.size()}};
  if (fallback)
    result["fallback"] = fallback->describe();
  return result;
}
