//===- AccuracyCsvFuzzer.cpp - Fuzz the accuracy CSV parser ---------------===//
//
// The first byte picks a search space, the rest is a CSV file as
// --accuracy-data takes it: cim::parseCsv then AccuracyTable::fromCsv
// (lib/Supernet/GenomeText.cpp, lib/Predict/AccuracyTable.cpp). Every
// accepted row must hold a finite accuracy in 0..100 and be found again by
// lookup.
//
//===----------------------------------------------------------------------===//

#include "FuzzSupport.h"

#include "cim/Predict/AccuracyTable.h"
#include "cim/Supernet/GenomeText.h"
#include "cim/Supernet/SearchSpace.h"

#include <cmath>

static const std::vector<std::unique_ptr<cim::SearchSpace>> &spaces() {
  static const auto *all = [] {
    auto *s = new std::vector<std::unique_ptr<cim::SearchSpace>>;
    for (const std::string &name : cim::searchSpaceNames()) {
      auto space = cim::createSearchSpace(name);
      if (!space) {
        llvm::errs() << llvm::toString(space.takeError()) << "\n";
        std::abort();
      }
      s->push_back(std::move(*space));
    }
    return s;
  }();
  return *all;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (size == 0)
    return 0;
  const cim::SearchSpace &space = *spaces()[data[0] % spaces().size()];
  auto csv = cim::parseCsv(cim::fuzz::asText(data + 1, size - 1), "fuzz.csv");
  if (!csv) {
    cim::fuzz::dropError(csv.takeError());
    return 0;
  }
  auto table = cim::AccuracyTable::fromCsv(space, *csv, "fuzz.csv");
  if (!table) {
    cim::fuzz::dropError(table.takeError());
    return 0;
  }
  const cim::GenomeRows &rows = table->data();
  for (size_t i = 0; i < rows.genomes.size(); ++i) {
    double v = rows.values[i];
    if (!std::isfinite(v) || v < 0 || v > 100)
      cim::fuzz::propertyFailed("an accepted accuracy is outside 0..100");
    std::optional<double> found = table->lookup(space, rows.genomes[i]);
    if (!found || *found != v)
      cim::fuzz::propertyFailed("an accepted row is not found by lookup");
  }
  return 0;
}
