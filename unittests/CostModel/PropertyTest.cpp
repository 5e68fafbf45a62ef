//===- PropertyTest.cpp - Bounds, monotonicity, conservation --------------===//
//
// The contract of docs/timing.md over random cases: cycles never beat the
// compute bound or any bytes/bandwidth bound; more bandwidth, buffer or
// arrays never cost cycles (layers with the mapper, networks with the
// exhaustive allocator); bytes are conserved between levels; every MAC of
// the workload is executed exactly once.
//
//===----------------------------------------------------------------------===//

#include "TestUtil.h"

#include "gtest/gtest.h"

#include <functional>

using namespace cim;
using namespace cim::test;

namespace {

int64_t up(int64_t a, int64_t b) { return (a + b - 1) / b; }

LayerContext randomContext(std::mt19937_64 &rng, const HardwareConfig &hw) {
  LayerContext ctx;
  ctx.arraysAvailable = hw.totalArrays();
  ctx.inputInGb = draw(rng, 0, 1);
  ctx.secondInputInGb = draw(rng, 0, 1);
  ctx.outputInGb = draw(rng, 0, 1);
  ctx.weightsInGb = draw(rng, 0, 1);
  return ctx;
}

TEST(Properties, BoundsAndMacs) {
  std::mt19937_64 rng(1234);
  int checked = 0;
  for (int trial = 0; trial < 800; ++trial) {
    HardwareConfig hw = randomConfig(rng);
    Layer layer = randomGemmLayer(rng, trial);
    LayerContext ctx = randomContext(rng, hw);
    llvm::Expected<LayerChoice> c = mapLayer(layer, hw, ctx);
    if (!c) {
      llvm::consumeError(c.takeError());
      continue;
    }
    ++checked;
    const CostBreakdown &b = c->cost;
    SCOPED_TRACE("trial " + std::to_string(trial));
    EXPECT_GE(b.cycles, b.compute);
    EXPECT_EQ(b.stalls, b.cycles - b.compute);
    EXPECT_GE(b.cycles, up(b.dramBytes, hw.dramBytesPerCycle));
    EXPECT_GE(b.cycles, up(b.gbBytes, hw.gbBytesPerCycle));
    EXPECT_GE(b.cycles, b.lb);
    EXPECT_GE(b.cycles, b.vector);
    EXPECT_EQ(b.macs, layer.macs());
    int64_t boundedSum = 0;
    for (int64_t v : b.boundedCycles)
      boundedSum += v;
    if (c->mapping.doubleBuffered) {
      EXPECT_EQ(boundedSum, b.cycles);
    } else {
      EXPECT_GE(boundedSum, b.cycles - b.program - b.fill);
    }
    if (HasFailure())
      return;
  }
  EXPECT_GE(checked, 600);
}

TEST(Properties, BytesAreConservedBetweenLevels) {
  std::mt19937_64 rng(99);
  int checked = 0;
  for (int trial = 0; trial < 400; ++trial) {
    HardwareConfig hw = randomConfig(rng);
    Layer layer = randomGemmLayer(rng, trial);
    LayerContext ctx = randomContext(rng, hw);
    llvm::Expected<LayerChoice> c = mapLayer(layer, hw, ctx);
    if (!c) {
      llvm::consumeError(c.takeError());
      continue;
    }
    llvm::Expected<LayerPlan> plan = planLayer(layer, hw, c->mapping);
    ASSERT_TRUE(static_cast<bool>(plan)) << llvm::toString(plan.takeError());
    ++checked;
    for (const PlanCase &pc : plan->cases) {
      // Every byte read from (written to) DRAM is filled into (read from)
      // the GB and crosses the NoC to or from a core.
      EXPECT_LE(pc.dramBytes, pc.gbBytes);
      // The busiest core carries part of what all cores carry.
      EXPECT_LE(pc.lbBytes, pc.lbBytesAllCores);
      EXPECT_LE(pc.lbBytesAllCores, pc.lbBytes * plan->mapping.cores)
          << stringifyCaseKind(pc.kind).str() << " unit "
          << stringifyExecUnit(plan->mapping.unit).str() << " cores "
          << plan->mapping.cores;
    }
  }
  EXPECT_GE(checked, 300);

  // Exact accounting on one streamed round with everything in DRAM: the
  // GB is filled with exactly the input, the weights and the output once.
  HardwareConfig hw = smallConfig();
  Layer fc = makeMatmul("fc", 4, 20, 6);
  LayerMapping m;
  m.arraysAvailable = 2;
  m.rowsPerStep = 2;
  llvm::Expected<LayerMapping> full = completeMapping(fc, hw, m);
  ASSERT_TRUE(static_cast<bool>(full));
  llvm::Expected<LayerPlan> plan = planLayer(fc, hw, *full);
  ASSERT_TRUE(static_cast<bool>(plan));
  CostBreakdown cost = costOfPlan(*plan, hw);
  int64_t input = 4 * 20 * 4 / 8, weights = 20 * 6 * 4 / 8,
          output = 4 * 6 * 8 / 8;
  EXPECT_EQ(cost.dramBytes, input + weights + output);
  EXPECT_EQ(cost.gbBytes, input + weights + output);
  // Everything on chip: no DRAM traffic at all.
  LayerMapping onChip = *full;
  onChip.inputInGb = onChip.outputInGb = onChip.weightsInGb = true;
  plan = planLayer(fc, hw, onChip);
  ASSERT_TRUE(static_cast<bool>(plan));
  EXPECT_EQ(costOfPlan(*plan, hw).dramBytes, 0);
}

TEST(Properties, LayerCyclesNeverIncreaseWithMoreResources) {
  std::mt19937_64 rng(4321);
  int checked = 0;
  for (int trial = 0; trial < 400; ++trial) {
    HardwareConfig hw = randomConfig(rng);
    Layer layer = randomGemmLayer(rng, trial);
    LayerContext ctx = randomContext(rng, hw);
    llvm::Expected<LayerChoice> base = mapLayer(layer, hw, ctx);
    if (!base) {
      llvm::consumeError(base.takeError());
      continue;
    }
    ++checked;
    for (const Growth &g : growths()) {
      HardwareConfig more = hw;
      g.apply(more);
      LayerContext moreCtx = ctx;
      moreCtx.arraysAvailable = more.totalArrays();
      llvm::Expected<LayerChoice> grown = mapLayer(layer, more, moreCtx);
      ASSERT_TRUE(static_cast<bool>(grown))
          << llvm::toString(grown.takeError());
      EXPECT_LE(grown->cost.cycles, base->cost.cycles)
          << g.name << " trial " << trial;
    }
    // More free arrays for a streamed layer.
    if (ctx.arraysAvailable > 1) {
      LayerContext fewer = ctx;
      fewer.arraysAvailable -= 1;
      llvm::Expected<LayerChoice> less = mapLayer(layer, hw, fewer);
      if (less)
        EXPECT_LE(base->cost.cycles, less->cost.cycles)
            << "free arrays trial " << trial;
      else
        llvm::consumeError(less.takeError());
    }
    if (HasFailure())
      return;
  }
  EXPECT_GE(checked, 300);
}

/// Random networks of `minLayers..maxLayers` layers on random configurations:
/// cycles never increase with any growth but `skip`.
void checkNetworkMonotone(uint64_t seed, const NetworkOptions &options,
                          int64_t minLayers, int64_t maxLayers,
                          llvm::StringRef skip, bool randomPingPong) {
  std::mt19937_64 rng(seed);
  int checked = 0;
  for (int trial = 0; trial < 60; ++trial) {
    HardwareConfig hw = randomConfig(rng);
    hw.lbBytes = 1 << 14;
    hw.gbBytes = draw(rng, 64, 4096);
    if (randomPingPong)
      hw.pingPongProgramming = draw(rng, 0, 1);
    Workload w;
    w.name = "net" + std::to_string(trial);
    int layers = static_cast<int>(draw(rng, minLayers, maxLayers));
    for (int i = 0; i < layers; ++i)
      w.layers.push_back(randomGemmLayer(rng, i));
    if (!expectNetworkCyclesMonotone(w, hw, options, skip, trial))
      continue;
    ++checked;
    if (::testing::Test::HasFailure())
      return;
  }
  EXPECT_GE(checked, 40);
}

TEST(Properties, NetworkCyclesNeverIncreaseWithExhaustiveAllocator) {
  NetworkOptions exact;
  exact.allocator = Allocator::Exhaustive;
  checkNetworkMonotone(555, exact, 1, 4, "", false);
}

// Whole networks (6 to 12 layers) with the default, greedy allocator: more
// bandwidth, bigger buffers and more vector lanes never gave more cycles.
// The greedy order is recomputed for each configuration (docs/timing.md),
// so this is a property of the whole allocator, not of one order. More
// arrays: its residue is measured apart (GreedyArrayGrowthResidueIsSmall).
TEST(Properties,
     GreedyNetworkCyclesNeverIncreaseWithMoreBandwidthBuffersLanes) {
  checkNetworkMonotone(8080, {}, 6, 12, "arrays per core", true);
}

} // namespace

namespace {

// The greedy allocator is not guaranteed monotone in the array count (its
// order is a heuristic); measure the residue on random small networks.
TEST(Properties, GreedyArrayGrowthResidueIsSmall) {
  std::mt19937_64 rng(808);
  int checked = 0, violations = 0;
  double worst = 1.0;
  for (int trial = 0; trial < 80; ++trial) {
    HardwareConfig hw = randomConfig(rng);
    hw.lbBytes = 1 << 14;
    Workload w;
    w.name = "g" + std::to_string(trial);
    int layers = static_cast<int>(draw(rng, 1, 6));
    for (int i = 0; i < layers; ++i)
      w.layers.push_back(randomGemmLayer(rng, i));
    llvm::Expected<NetworkResult> base = mapNetwork(w, hw);
    if (!base) {
      llvm::consumeError(base.takeError());
      continue;
    }
    HardwareConfig more = hw;
    more.arraysPerCore += 1;
    llvm::Expected<NetworkResult> grown = mapNetwork(w, more);
    ASSERT_TRUE(static_cast<bool>(grown)) << llvm::toString(grown.takeError());
    ++checked;
    if (grown->cycles > base->cycles) {
      ++violations;
      worst = std::max(worst, static_cast<double>(grown->cycles) /
                                  static_cast<double>(base->cycles));
    }
  }
  EXPECT_GE(checked, 60);
  EXPECT_LE(violations * 20, checked); // at most 5 %
  EXPECT_LE(worst, 1.05);
  RecordProperty("greedy_array_checked", checked);
  RecordProperty("greedy_array_violations", violations);
  RecordProperty("greedy_array_worst_x1000", static_cast<int>(worst * 1000));
}

} // namespace
