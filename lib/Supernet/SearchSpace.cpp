//===- SearchSpace.cpp - Genome bookkeeping shared by all spaces ----------===//

#include "cim/Supernet/SearchSpace.h"
#include "cim/Supernet/OfaMbv3Space.h"
#include "cim/Supernet/OfaResNet50Space.h"
#include "cim/Supernet/VitSpace.h"
#include "cim/Support/Error.h"

#include "llvm/ADT/STLExtras.h"

#include <cmath>
#include <limits>

using namespace cim;

SearchSpace::~SearchSpace() = default;

void SearchSpace::addGroup(std::string name, int count,
                           std::vector<double> values) {
  GeneGroup group;
  group.name = std::move(name);
  group.count = count;
  group.values = std::move(values);
  group.offset = length;
  length += count;
  groups.push_back(std::move(group));
}

const GeneGroup *SearchSpace::findGroup(llvm::StringRef name) const {
  for (const GeneGroup &group : groups)
    if (group.name == name)
      return &group;
  return nullptr;
}

const GeneGroup &SearchSpace::groupOf(int position) const {
  for (const GeneGroup &group : groups)
    if (position >= group.offset && position < group.offset + group.count)
      return group;
  return groups.back();
}

std::string SearchSpace::geneName(int position) const {
  const GeneGroup &group = groupOf(position);
  return group.name + "[" + std::to_string(position - group.offset) + "]";
}

uint64_t SearchSpace::rawSize() const {
  uint64_t size = 1;
  for (const GeneGroup &group : groups)
    for (int i = 0; i < group.count; ++i) {
      uint64_t n = group.values.size();
      if (size > std::numeric_limits<uint64_t>::max() / n)
        return std::numeric_limits<uint64_t>::max();
      size *= n;
    }
  return size;
}

llvm::Error SearchSpace::validate(llvm::ArrayRef<int> genome) const {
  if (static_cast<int>(genome.size()) != length)
    return cim::makeError("%s genome: expected %d genes, found %zu",
                          name().str().c_str(), length, genome.size());
  for (const GeneGroup &group : groups)
    for (int i = 0; i < group.count; ++i) {
      int index = genome[group.offset + i];
      if (index < 0 || index >= static_cast<int>(group.values.size()))
        return cim::makeError(
            "%s genome: gene %s[%d]: expected an index in [0, %zu], found %d",
            name().str().c_str(), group.name.c_str(), i,
            group.values.size() - 1, index);
    }
  return llvm::Error::success();
}

std::vector<int> SearchSpace::canonicalize(llvm::ArrayRef<int> genome) const {
  std::vector<int> canonical(genome.begin(), genome.end());
  for (int position = 0; position < length; ++position)
    if (!isActive(genome, position))
      canonical[position] = 0;
  return canonical;
}

int SearchSpace::oneHotSize(llvm::StringRef skipGroup) const {
  int size = 0;
  for (const GeneGroup &group : groups)
    if (group.name != skipGroup)
      size += group.count * static_cast<int>(group.values.size());
  return size;
}

void SearchSpace::oneHot(llvm::ArrayRef<int> genome,
                         llvm::MutableArrayRef<double> out,
                         llvm::StringRef skipGroup) const {
  std::fill(out.begin(), out.end(), 0.0);
  size_t column = 0;
  for (const GeneGroup &group : groups) {
    if (group.name == skipGroup)
      continue;
    size_t width = group.values.size();
    for (int i = 0; i < group.count; ++i, column += width) {
      int position = group.offset + i;
      if (isActive(genome, position))
        out[column + genome[position]] = 1.0;
    }
  }
}

std::vector<int> SearchSpace::sample(evo::Rng &rng) const {
  std::vector<int> genome(length);
  for (const GeneGroup &group : groups)
    for (int i = 0; i < group.count; ++i)
      genome[group.offset + i] =
          static_cast<int>(rng.below(group.values.size()));
  return genome;
}

llvm::Expected<SubNetwork>
SearchSpace::build(llvm::ArrayRef<int> genome) const {
  if (llvm::Error err = validate(genome))
    return std::move(err);
  return decode(genome);
}

int SearchSpace::indexOfValue(const GeneGroup &group, double value) {
  for (size_t i = 0; i < group.values.size(); ++i)
    if (std::fabs(group.values[i] - value) <= 1e-9 * std::fabs(value) + 1e-12)
      return static_cast<int>(i);
  return -1;
}

std::vector<std::string> cim::searchSpaceNames() {
  return {"ofa_mbv3", "ofa_mbv3_r", "ofa_resnet50", "vit_b16"};
}

llvm::Expected<std::unique_ptr<SearchSpace>>
cim::createSearchSpace(llvm::StringRef name) {
  if (name == "ofa_mbv3")
    return std::make_unique<OfaMbv3Space>(/*searchResolution=*/false);
  if (name == "ofa_mbv3_r")
    return std::make_unique<OfaMbv3Space>(/*searchResolution=*/true);
  if (name == "ofa_resnet50")
    return std::make_unique<OfaResNet50Space>();
  if (name == "vit_b16")
    return std::make_unique<VitSpace>();
  std::string known;
  for (const std::string &n : searchSpaceNames())
    known += (known.empty() ? "" : ", ") + n;
  return cim::makeError("unknown search space '%s'; expected one of: %s",
                        name.str().c_str(), known.c_str());
}

int64_t cim::makeDivisible(double value, int64_t divisor) {
  int64_t rounded =
      static_cast<int64_t>(value + divisor / 2.0) / divisor * divisor;
  rounded = std::max(divisor, rounded);
  if (rounded < 0.9 * value)
    rounded += divisor;
  return rounded;
}

std::string cim::formatGeneValue(double value) {
  if (value == std::floor(value) && std::fabs(value) < 1e15)
    return std::to_string(static_cast<int64_t>(value));
  char buffer[32];
  std::snprintf(buffer, sizeof(buffer), "%g", value);
  return buffer;
}
