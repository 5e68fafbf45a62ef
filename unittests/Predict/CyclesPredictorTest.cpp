//===- CyclesPredictorTest.cpp - Cycles surrogate on synthetic oracles ----===//

#include "cim/Predict/CyclesPredictor.h"
#include "TestPaths.h"
#include "cim/Supernet/OfaMbv3Space.h"
#include "cim/Supernet/VitSpace.h"

#include "gtest/gtest.h"

#include <cmath>

using namespace cim;

namespace {
llvm::Expected<HardwareSpace> defaultHardwareSpace() {
  return HardwareSpace::load(testSourcePath("configs/hw-space/default.json"));
}

int64_t gemmLayers(const Workload &workload) {
  int64_t count = 0;
  for (const Layer &layer : workload.layers)
    count += layer.isGemm();
  return count;
}
} // namespace

TEST(CyclesPredictor, FeatureLayout) {
  auto hardware = defaultHardwareSpace();
  ASSERT_TRUE(static_cast<bool>(hardware))
      << llvm::toString(hardware.takeError());
  OfaMbv3Space space;
  CyclesPredictor predictor(space, *hardware);
  // 135 model features + 8 array shapes + 5 core counts + 3 GB SRAM splits +
  // 4 GB bandwidth splits.
  EXPECT_EQ(predictor.featureSize(), 135 + 8 + 5 + 3 + 4);
  std::vector<double> row(predictor.featureSize());
  std::vector<int> model(45, 0), hw = {7, 0, 2, 1};
  predictor.features(model, hw, row);
  EXPECT_EQ(row[135 + 7], 1.0);
  EXPECT_EQ(row[135 + 8 + 0], 1.0);
  EXPECT_EQ(row[135 + 13 + 2], 1.0);
  EXPECT_EQ(row[135 + 16 + 1], 1.0);
  double ones = 0;
  for (double v : row)
    ones += v;
  EXPECT_EQ(ones, 2 * 10 + 5 + 4); // 10 active blocks x (ks, e), d, hw
}

TEST(CyclesPredictor, RecoversAnAdditiveOracleExactly) {
  // Layer count is linear in the d one-hot and 1/cores in the cores one-hot,
  // so ridge with a tiny alpha must reproduce this oracle.
  auto hardware = defaultHardwareSpace();
  ASSERT_TRUE(static_cast<bool>(hardware));
  OfaMbv3Space space;
  CyclesOracle oracle = [](const Workload &w, const HardwareConfig &hw) {
    return 1000 + 10 * gemmLayers(w) + 160000 / hw.cores;
  };
  CyclesStudyOptions options;
  options.trainSamples = 300;
  options.testSamples = 100;
  options.alpha = 1e-6;
  options.logTarget = false;
  CyclesPredictor trained(space, *hardware);
  auto study = runCyclesStudy(space, *hardware, oracle, options, &trained);
  ASSERT_TRUE(static_cast<bool>(study)) << llvm::toString(study.takeError());
  EXPECT_EQ(study->train, 300u);
  EXPECT_EQ(study->test, 100u);
  EXPECT_LT(study->heldOut.mape, 1e-4);
  // Ties in the oracle vs 1e-9 differences in predictions keep tau-b just
  // under 1.
  EXPECT_GT(study->heldOut.kendallTau, 0.99);
  // Largest net (90 GEMM layers) on 16 cores.
  std::vector<int> largest(45, 2);
  auto config = hardware->decode({0, 4, 0, 0});
  ASSERT_TRUE(static_cast<bool>(config));
  EXPECT_EQ(config->cores, 16);
  EXPECT_NEAR(trained.predict(largest, {0, 4, 0, 0}),
              1000 + 10 * 90 + 160000 / 16, 1e-3);
}

TEST(CyclesPredictor, LogTargetRanksAMultiplicativeOracle) {
  // cycles = MACs / cores: additive in log space only approximately in the
  // model genes, exactly in the hardware genes.
  auto hardware = defaultHardwareSpace();
  ASSERT_TRUE(static_cast<bool>(hardware));
  VitSpace space;
  CyclesOracle oracle = [](const Workload &w, const HardwareConfig &hw) {
    int64_t macs = 0;
    for (const Layer &layer : w.layers)
      macs += layer.macs();
    return macs / hw.cores;
  };
  CyclesStudyOptions options;
  options.trainSamples = 400;
  options.testSamples = 200;
  auto study = runCyclesStudy(space, *hardware, oracle, options);
  ASSERT_TRUE(static_cast<bool>(study)) << llvm::toString(study.takeError());
  EXPECT_GT(study->heldOut.kendallTau, 0.95);
  EXPECT_LT(study->heldOut.mape, 5.0);
}

TEST(CyclesPredictor, DropsUnmappablePairsAndReportsWhenNothingMaps) {
  auto hardware = defaultHardwareSpace();
  ASSERT_TRUE(static_cast<bool>(hardware));
  OfaMbv3Space space;
  CyclesOracle halfFail = [](const Workload &w, const HardwareConfig &hw) {
    return hw.cores == 1 ? int64_t(0) : gemmLayers(w) * 100;
  };
  CyclesStudyOptions options;
  options.trainSamples = 50;
  options.testSamples = 20;
  auto study = runCyclesStudy(space, *hardware, halfFail, options);
  ASSERT_TRUE(static_cast<bool>(study));
  EXPECT_GT(study->dropped, 0u);
  CyclesOracle never = [](const Workload &, const HardwareConfig &) {
    return int64_t(0);
  };
  auto none = runCyclesStudy(space, *hardware, never, options);
  ASSERT_FALSE(static_cast<bool>(none));
  EXPECT_EQ(llvm::toString(none.takeError()),
            "cycles study: only 0 of 1401 sampled pairs could be mapped");
}
