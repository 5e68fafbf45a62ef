//===- CyclesPredictor.cpp - Ridge surrogate of network cycles ------------===//

#include "cim/Predict/CyclesPredictor.h"
#include "cim/Support/Error.h"

#include <chrono>
#include <cmath>

using namespace cim;

int CyclesPredictor::featureSize() const {
  int size = space->oneHotSize();
  for (const HardwareGene &gene : hardware->genes())
    size += static_cast<int>(gene.size());
  return size;
}

void CyclesPredictor::features(llvm::ArrayRef<int> modelGenome,
                               llvm::ArrayRef<int> hwGenome,
                               llvm::MutableArrayRef<double> out) const {
  int modelWidth = space->oneHotSize();
  space->oneHot(space->canonicalize(modelGenome), out.take_front(modelWidth));
  size_t column = modelWidth;
  const std::vector<HardwareGene> &genes = hardware->genes();
  for (size_t g = 0; g < genes.size(); ++g) {
    for (size_t v = 0; v < genes[g].size(); ++v)
      out[column + v] = 0.0;
    out[column + hwGenome[g]] = 1.0;
    column += genes[g].size();
  }
}

void CyclesPredictor::fit(const std::vector<std::vector<int>> &models,
                          const std::vector<std::vector<int>> &hws,
                          const std::vector<double> &cycles, double alpha,
                          bool useLog) {
  logTarget = useLog;
  int width = featureSize();
  Eigen::MatrixXd x(models.size(), width);
  Eigen::VectorXd y(models.size());
  std::vector<double> row(width);
  for (size_t i = 0; i < models.size(); ++i) {
    features(models[i], hws[i], row);
    for (int c = 0; c < width; ++c)
      x(i, c) = row[c];
    y(i) = logTarget ? std::log(cycles[i]) : cycles[i];
  }
  fitResult = fitRidge(x, y, alpha);
}

double CyclesPredictor::predict(llvm::ArrayRef<int> modelGenome,
                                llvm::ArrayRef<int> hwGenome) const {
  llvm::SmallVector<double, 256> row(featureSize());
  features(modelGenome, hwGenome, row);
  double y = fitResult.predict(row);
  return logTarget ? std::exp(y) : y;
}

std::vector<int> cim::sampleHardwareGenome(const HardwareSpace &hardware,
                                           evo::Rng &rng) {
  std::vector<int> genome;
  for (const HardwareGene &gene : hardware.genes())
    genome.push_back(static_cast<int>(rng.below(gene.size())));
  return genome;
}

llvm::Expected<CyclesStudy>
cim::runCyclesStudy(const SearchSpace &space, const HardwareSpace &hardware,
                    const CyclesOracle &oracle,
                    const CyclesStudyOptions &options,
                    CyclesPredictor *trained) {
  if (options.trainSamples < 2 || options.testSamples < 2)
    return cim::makeError("cycles study: expected at least 2 "
                          "training and 2 test samples");
  evo::Rng rng(options.seed);
  std::vector<std::vector<int>> models, hws;
  std::vector<double> cycles;
  CyclesStudy study;
  size_t wanted = options.trainSamples + options.testSamples;
  // Give up on spaces where (almost) nothing maps.
  size_t attempts = 0, maxAttempts = 20 * wanted;
  while (cycles.size() < wanted && attempts++ < maxAttempts) {
    std::vector<int> model = space.sample(rng);
    std::vector<int> hw = sampleHardwareGenome(hardware, rng);
    auto config = hardware.decode(hw);
    if (!config)
      return config.takeError();
    SubNetwork net = space.decode(model);
    auto start = std::chrono::steady_clock::now();
    int64_t value = oracle(net.workload, *config);
    study.oracleSeconds +=
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start)
            .count();
    if (value <= 0) {
      ++study.dropped;
      continue;
    }
    models.push_back(std::move(model));
    hws.push_back(std::move(hw));
    cycles.push_back(static_cast<double>(value));
  }
  if (cycles.size() < wanted)
    return cim::makeError(
        "cycles study: only %zu of %zu sampled pairs could be mapped",
        cycles.size(), attempts);
  size_t n = options.trainSamples;
  std::vector<std::vector<int>> trainModels(models.begin(), models.begin() + n);
  std::vector<std::vector<int>> trainHws(hws.begin(), hws.begin() + n);
  std::vector<double> trainCycles(cycles.begin(), cycles.begin() + n);
  CyclesPredictor predictor(space, hardware);
  predictor.fit(trainModels, trainHws, trainCycles, options.alpha,
                options.logTarget);
  std::vector<double> truth, predicted;
  for (size_t i = n; i < wanted; ++i) {
    truth.push_back(cycles[i]);
    predicted.push_back(predictor.predict(models[i], hws[i]));
  }
  study.train = n;
  study.test = wanted - n;
  study.heldOut = computeMetrics(truth, predicted);
  if (trained)
    *trained = predictor;
  return study;
}
