//===- Problem.cpp - What the search optimises ----------------------------===//

#include "cim/Optimize/Problem.h"

#include <charconv>
#include <cmath>
#include <cstdlib>

namespace cim::opt {

Problem::~Problem() = default;

bool Problem::isTrusted(llvm::ArrayRef<std::string>) const { return true; }

Genome Problem::canonicalize(llvm::ArrayRef<int> genome) const {
  return Genome(genome.begin(), genome.end());
}

std::vector<std::vector<int>> Problem::mutationGroups() const {
  std::vector<std::vector<int>> groups;
  for (size_t i = 0; i < genes().size(); ++i)
    groups.push_back({static_cast<int>(i)});
  return groups;
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

} // namespace cim::opt
