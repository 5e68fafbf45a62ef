//===- NetworkTest.cpp - Residency, placement, greedy vs exhaustive -------===//

#include "TestUtil.h"

#include "gtest/gtest.h"

using namespace cim;
using namespace cim::test;

namespace {

Workload smallNetwork() {
  Workload w;
  w.name = "tiny";
  Layer c1 = makeConv("c1", 1, 3, 8, 8, 8, 3, 1, 1);
  c1.operands = {-1};
  c1.vectorWork.push_back({VectorOp::Relu, c1.outputElements()});
  Layer dw = makeConv("dw", 1, 8, 8, 8, 8, 3, 1, 1, 8);
  dw.operands = {0};
  Layer pw = makeConv("pw", 1, 8, 8, 8, 8, 1, 1, 0);
  pw.operands = {1};
  Layer add = makeVector("add", 8, 8, 8, {{VectorOp::Add, 512}}, {2, 0});
  Layer fc = makeMatmul("fc", 1, 512, 10);
  fc.operands = {3};
  w.layers = {c1, dw, pw, add, fc};
  return w;
}

TEST(Network, MapThenEvaluateAgree) {
  HardwareConfig hw = smallConfig();
  hw.cores = 2;
  hw.arraysPerCore = 4;
  Workload w = smallNetwork();
  llvm::Expected<NetworkResult> r = mapNetwork(w, hw);
  ASSERT_TRUE(static_cast<bool>(r)) << llvm::toString(r.takeError());
  ASSERT_EQ(r->mappings.size(), w.layers.size());
  llvm::Expected<NetworkResult> again = evaluateNetwork(w, hw, r->mappings);
  ASSERT_TRUE(static_cast<bool>(again)) << llvm::toString(again.takeError());
  EXPECT_EQ(again->cycles, r->cycles);
  EXPECT_EQ(again->modelLoadCycles, r->modelLoadCycles);
  int64_t sum = 0;
  for (const CostBreakdown &b : r->layers)
    sum += b.cycles;
  EXPECT_EQ(sum, r->cycles);
  EXPECT_EQ(r->total.macs, w.macs());
}

TEST(Network, ResidualSkipStaysLiveAndPlacementFollowsGb) {
  HardwareConfig hw = smallConfig();
  hw.cores = 2;
  hw.arraysPerCore = 4;
  Workload w = smallNetwork();
  llvm::Expected<NetworkResult> big = mapNetwork(w, hw);
  ASSERT_TRUE(static_cast<bool>(big));
  // With 1 MiB of GB every intermediate lives on chip; the network input
  // and the last output are in DRAM.
  EXPECT_FALSE(big->mappings[0].inputInGb);
  EXPECT_TRUE(big->mappings[0].outputInGb);
  EXPECT_TRUE(big->mappings[3].secondInputInGb); // c1's output, the skip
  EXPECT_FALSE(big->mappings[4].outputInGb);
  // c1's output (8x8x8 = 512 B) is live from layer 0 to layer 3 next to
  // the others: at layer 2, c1 + dw + pw outputs = 1536 B are live.
  hw.gbBytes = 1535;
  llvm::Expected<NetworkResult> small = mapNetwork(w, hw);
  ASSERT_TRUE(static_cast<bool>(small));
  EXPECT_FALSE(small->mappings[0].outputInGb); // the skip spills
  EXPECT_FALSE(small->mappings[3].secondInputInGb);
  EXPECT_GE(small->cycles, big->cycles);
}

TEST(Network, GreedyMatchesExhaustiveOnSmallNetworks) {
  std::mt19937_64 rng(77);
  int compared = 0, equal = 0;
  double worst = 1.0;
  for (int trial = 0; trial < 60; ++trial) {
    HardwareConfig hw = randomConfig(rng);
    hw.lbBytes = 1 << 14;
    Workload w;
    w.name = "rand" + std::to_string(trial);
    int layers = static_cast<int>(draw(rng, 1, 6));
    for (int i = 0; i < layers; ++i)
      w.layers.push_back(randomGemmLayer(rng, i));
    NetworkOptions exact;
    exact.allocator = Allocator::Exhaustive;
    llvm::Expected<NetworkResult> g = mapNetwork(w, hw);
    llvm::Expected<NetworkResult> e = mapNetwork(w, hw, exact);
    ASSERT_EQ(static_cast<bool>(g), static_cast<bool>(e));
    if (!g) {
      llvm::consumeError(g.takeError());
      llvm::consumeError(e.takeError());
      continue;
    }
    ++compared;
    // The exhaustive allocator is optimal over the same allocations.
    EXPECT_LE(e->cycles, g->cycles);
    equal += e->cycles == g->cycles;
    if (g->cycles > e->cycles * 1.1) {
      std::string text;
      for (size_t i = 0; i < w.layers.size(); ++i)
        text += w.layers[i].name + ": greedy res" +
                std::to_string(g->mappings[i].resident) + " rho" +
                std::to_string(g->mappings[i].replication) + " T" +
                std::to_string(g->mappings[i].tiles) + " cyc" +
                std::to_string(g->layers[i].cycles) + " | exact res" +
                std::to_string(e->mappings[i].resident) + " rho" +
                std::to_string(e->mappings[i].replication) + " cyc" +
                std::to_string(e->layers[i].cycles) + "\n";
      ADD_FAILURE() << "A=" << hw.totalArrays() << "\n" << text;
    }
    worst = std::max(worst, static_cast<double>(g->cycles) /
                                static_cast<double>(e->cycles));
  }
  EXPECT_GE(compared, 40);
  // The greedy finds the optimum in most cases and is never far off.
  EXPECT_GE(equal * 10, compared * 8);
  EXPECT_LE(worst, 1.25);
  RecordProperty("greedy_compared", compared);
  RecordProperty("greedy_equal", equal);
  RecordProperty("greedy_worst_ratio_x1000", static_cast<int>(worst * 1000));
}

TEST(Network, ExhaustiveRejectsLargeNetworks) {
  HardwareConfig hw = smallConfig();
  hw.arraysPerCore = 64;
  Workload w;
  w.name = "seven";
  for (int i = 0; i < 7; ++i)
    w.layers.push_back(makeMatmul("fc" + std::to_string(i), 2, 8, 8));
  NetworkOptions exact;
  exact.allocator = Allocator::Exhaustive;
  EXPECT_EQ(llvm::toString(mapNetwork(w, hw, exact).takeError()),
            "workload 'seven': the exhaustive allocator handles at most 6 "
            "weight layers, found 7");
}

TEST(Network, AttentionOperandIsProgrammedEveryInference) {
  HardwareConfig hw = smallConfig();
  hw.arraysPerCore = 8;
  Workload w;
  w.name = "attn";
  Layer qk = makeBatchMatmul("qk", 2, 4, 8, 4);
  w.layers = {qk};
  llvm::Expected<NetworkResult> r = mapNetwork(w, hw);
  ASSERT_TRUE(static_cast<bool>(r)) << llvm::toString(r.takeError());
  EXPECT_FALSE(r->mappings[0].resident);
  EXPECT_EQ(r->modelLoadCycles, 0);
  EXPECT_GT(r->layers[0].program, 0);
}

TEST(Network, CacheGivesIdenticalResults) {
  HardwareConfig hw = smallConfig();
  hw.cores = 2;
  hw.arraysPerCore = 4;
  Workload w = smallNetwork();
  LayerCostCache cache;
  NetworkOptions cached;
  cached.cache = &cache;
  llvm::Expected<NetworkResult> a = mapNetwork(w, hw, cached);
  ASSERT_TRUE(static_cast<bool>(a));
  int64_t misses = cache.misses();
  EXPECT_GT(cache.size(), 0u);
  llvm::Expected<NetworkResult> b = mapNetwork(w, hw, cached);
  ASSERT_TRUE(static_cast<bool>(b));
  EXPECT_EQ(cache.misses(), misses); // second run: hits only, failures too
  EXPECT_GT(cache.hits(), 0);
  llvm::Expected<NetworkResult> c = mapNetwork(w, hw);
  ASSERT_TRUE(static_cast<bool>(c));
  EXPECT_EQ(a->cycles, b->cycles);
  EXPECT_EQ(a->cycles, c->cycles);
  EXPECT_EQ(a->mappings, c->mappings);
  cache.setEnabled(false);
  EXPECT_EQ(cache.lookup(w.layers[0], hw, LayerContext()), nullptr);
}

} // namespace

namespace {

// Depthwise convolution runs on whichever unit is cheaper, and the choice
// is the cheaper of the two forced alternatives.
TEST(Network, DepthwiseTakesTheCheaperUnit) {
  Layer dw = makeConv("dw", 1, 16, 8, 8, 16, 3, 1, 1, 16);
  auto costs = [&](const HardwareConfig &hw, int64_t &best, int64_t &arrays,
                   ExecUnit &unit) {
    LayerContext ctx;
    ctx.arraysAvailable = hw.totalArrays();
    llvm::Expected<LayerChoice> any = mapLayer(dw, hw, ctx);
    ASSERT_TRUE(static_cast<bool>(any)) << llvm::toString(any.takeError());
    ctx.allowVectorUnit = false;
    llvm::Expected<LayerChoice> onArrays = mapLayer(dw, hw, ctx);
    ASSERT_TRUE(static_cast<bool>(onArrays));
    best = any->cost.cycles;
    arrays = onArrays->cost.cycles;
    unit = any->mapping.unit;
  };
  int64_t best = 0, arrays = 0;
  ExecUnit unit = ExecUnit::Arrays;
  // Many lanes, slow arrays: the vector units win.
  HardwareConfig lanes = smallConfig();
  lanes.vectorLanesPerCore = 64;
  lanes.adcCycles = 16;
  costs(lanes, best, arrays, unit);
  EXPECT_EQ(unit, ExecUnit::Vector);
  EXPECT_LT(best, arrays);
  // One lane, fast arrays: the arrays win.
  HardwareConfig fast = smallConfig();
  fast.vectorLanesPerCore = 1;
  fast.computeMode = ComputeMode::BitlineFree;
  fast.arraysPerCore = 8;
  costs(fast, best, arrays, unit);
  EXPECT_EQ(unit, ExecUnit::Arrays);
  EXPECT_EQ(best, arrays);
}

} // namespace
