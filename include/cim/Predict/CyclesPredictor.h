//===- CyclesPredictor.h - Ridge surrogate of cycles ---------- -*- C++ -*-===//
//
// The CiMNet/DyNAS-T approach when simulation is the expensive part: ridge
// on one-hot(model genes) ++ one-hot(hardware genes), fitted to cycles from
// an oracle (the cost model's mapNetwork, or a synthetic function in tests).
// Optionally on log(cycles), since cycles scale multiplicatively with work
// and with the hardware's parallelism.
//
//===----------------------------------------------------------------------===//

#ifndef CIM_PREDICT_CYCLESPREDICTOR_H
#define CIM_PREDICT_CYCLESPREDICTOR_H

#include "cim/Hardware/HardwareSpace.h"
#include "cim/Predict/Metrics.h"
#include "cim/Predict/Ridge.h"
#include "cim/Supernet/SearchSpace.h"

#include <functional>

namespace cim {

/// Cycles of a workload on a hardware configuration; a value <= 0 means
/// "cannot be mapped" and the sample is dropped.
using CyclesOracle =
    std::function<int64_t(const Workload &, const HardwareConfig &)>;

class CyclesPredictor {
public:
  CyclesPredictor(const SearchSpace &space, const HardwareSpace &hardware)
      : space(&space), hardware(&hardware) {}

  int featureSize() const;
  /// Model genome one-hot (canonical, all gene groups) then one hot per
  /// hardware gene.
  void features(llvm::ArrayRef<int> modelGenome, llvm::ArrayRef<int> hwGenome,
                llvm::MutableArrayRef<double> out) const;

  /// Fits on (model genome, hardware genome, cycles) triples.
  void fit(const std::vector<std::vector<int>> &models,
           const std::vector<std::vector<int>> &hws,
           const std::vector<double> &cycles, double alpha, bool logTarget);
  double predict(llvm::ArrayRef<int> modelGenome,
                 llvm::ArrayRef<int> hwGenome) const;

  bool usesLogTarget() const { return logTarget; }
  const RidgeFit &ridge() const { return fitResult; }

private:
  const SearchSpace *space;
  const HardwareSpace *hardware;
  RidgeFit fitResult;
  bool logTarget = true;
};

struct CyclesStudyOptions {
  size_t trainSamples = 1000;
  size_t testSamples = 500;
  uint64_t seed = 1;
  double alpha = 1.0;
  bool logTarget = true;
};

/// Samples (uniform model genome, uniform hardware genome) pairs, trains on
/// the first `train_samples` and reports metrics on the next
/// `test_samples` held-out pairs (Kendall tau and MAPE against the oracle).
struct CyclesStudy {
  size_t train = 0, test = 0, dropped = 0;
  RegressionMetrics heldOut;
  double oracleSeconds = 0; // wall time spent in the oracle
};

llvm::Expected<CyclesStudy> runCyclesStudy(const SearchSpace &space,
                                           const HardwareSpace &hardware,
                                           const CyclesOracle &oracle,
                                           const CyclesStudyOptions &options,
                                           CyclesPredictor *trained = nullptr);

/// A uniformly random hardware genome (one draw per gene, in order).
std::vector<int> sampleHardwareGenome(const HardwareSpace &hardware,
                                      evo::Rng &rng);

} // namespace cim

#endif // CIM_PREDICT_CYCLESPREDICTOR_H
