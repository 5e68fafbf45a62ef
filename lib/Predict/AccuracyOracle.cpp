//===- AccuracyOracle.cpp - A sub-network's accuracy and its source -------===//

#include "cim/Predict/AccuracyOracle.h"

using namespace cim;

llvm::StringRef cim::stringifyAccuracySource(AccuracySource source) {
  switch (source) {
  case AccuracySource::Measured:
    return "measured";
  case AccuracySource::Predicted:
    return "predicted";
  case AccuracySource::Extrapolated:
    return "extrapolated";
  case AccuracySource::Synthetic:
    return "synthetic";
  case AccuracySource::None:
    return "none";
  case AccuracySource::Evaluated:
    return "evaluated";
  }
  return "none";
}

AccuracyOracle::~AccuracyOracle() = default;

llvm::Expected<AccuracyEstimate>
AccuracyOracle::estimateAsBatch(llvm::ArrayRef<int> genome) const {
  llvm::Expected<std::vector<AccuracyEstimate>> batch = estimateBatch(
      {std::vector<int>(genome.begin(), genome.end())}, /*generation=*/-1);
  if (!batch)
    return batch.takeError();
  return batch->front();
}

llvm::Expected<std::vector<AccuracyEstimate>>
AccuracyOracle::estimateBatch(llvm::ArrayRef<std::vector<int>> genomes,
                              int) const {
  std::vector<AccuracyEstimate> estimates;
  estimates.reserve(genomes.size());
  for (const std::vector<int> &genome : genomes) {
    llvm::Expected<AccuracyEstimate> one = estimate(genome);
    if (!one)
      return one.takeError();
    estimates.push_back(*one);
  }
  return estimates;
}
