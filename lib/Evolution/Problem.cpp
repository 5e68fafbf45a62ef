//===- Problem.cpp - What the search optimises ----------------------------===//

#include "cim/Evolution/Problem.h"
#include "cim/Support/Error.h"

#include "llvm/ADT/STLExtras.h"

#include <charconv>
#include <cmath>
#include <cstdlib>

namespace cim::evo {

Problem::~Problem() = default;

bool Problem::isTrusted(llvm::ArrayRef<std::string>) const { return true; }

llvm::Expected<std::vector<std::string>>
Problem::prepareBatch(llvm::ArrayRef<Genome> canonical, int) const {
  return std::vector<std::string>(canonical.size());
}

llvm::Expected<Evaluation>
Problem::evaluatePrepared(llvm::ArrayRef<int> canonical, llvm::StringRef,
                          unsigned worker) const {
  return evaluate(canonical, worker);
}

Genome Problem::canonicalize(llvm::ArrayRef<int> genome) const {
  return Genome(genome.begin(), genome.end());
}

std::vector<std::vector<int>> Problem::mutationGroups() const {
  std::vector<std::vector<int>> groups;
  for (size_t i = 0; i < genes().size(); ++i)
    groups.push_back({static_cast<int>(i)});
  return groups;
}

llvm::StringRef formatGeneCell(const Gene &gene, int value) {
  return value < 0 ? llvm::StringRef(kInactiveGeneText)
                   : llvm::StringRef(gene.labels[value]);
}

llvm::Error checkGeneLabels(llvm::ArrayRef<Gene> genes) {
  for (const Gene &gene : genes)
    for (const std::string &label : gene.labels)
      if (label.find_first_of(",\n\"") != std::string::npos ||
          label == kInactiveGeneText)
        return cim::makeError("gene " + gene.name + ": value label '" + label +
                              "' cannot be written in a CSV cell");
  return llvm::Error::success();
}

std::optional<int> parseGeneCell(const Gene &gene, llvm::StringRef text) {
  if (text == kInactiveGeneText)
    return kInactiveGene;
  auto it = llvm::find(gene.labels, text);
  if (it == gene.labels.end())
    return std::nullopt;
  return static_cast<int>(it - gene.labels.begin());
}

std::string formatDouble(double value) {
  char buffer[64];
  std::to_chars_result result =
      std::to_chars(buffer, buffer + sizeof(buffer), value);
  return std::string(buffer, result.ptr);
}

bool parseDouble(llvm::StringRef text, double &value) {
  if (text.empty())
    return false;
  std::string copy = text.str();
  char *end = nullptr;
  value = std::strtod(copy.c_str(), &end);
  return end == copy.c_str() + copy.size() && !std::isnan(value);
}

} // namespace cim::evo
