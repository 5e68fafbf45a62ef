//===- ErrorTest.cpp - Bad layers, mappings and configurations ------------===//

#include "TestUtil.h"

#include "gtest/gtest.h"

using namespace cim;
using namespace cim::test;

namespace {

std::string planError(const Layer &layer, const HardwareConfig &hw,
                      const LayerMapping &m) {
  llvm::Expected<LayerPlan> plan = planLayer(layer, hw, m);
  if (plan)
    return "";
  return llvm::toString(plan.takeError());
}

std::string mapError(const Layer &layer, const HardwareConfig &hw,
                     const LayerContext &ctx) {
  llvm::Expected<LayerChoice> c = mapLayer(layer, hw, ctx);
  if (c)
    return "";
  return llvm::toString(c.takeError());
}

TEST(Errors, ZeroSizedLayer) {
  HardwareConfig hw = smallConfig();
  LayerContext ctx;
  ctx.arraysAvailable = 2;
  Layer fc = makeMatmul("fc0", 4, 0, 6);
  EXPECT_EQ(mapError(fc, hw, ctx),
            "layer 'fc0' (matmul): k must be positive, found 0");
  Layer conv = makeConv("c", 1, 4, 6, 6, 8, 3, 1, 1);
  conv.out_w = 0;
  EXPECT_EQ(mapError(conv, hw, ctx),
            "layer 'c' (conv): out_w must be positive, found 0");
}

TEST(Errors, InconsistentConvGeometry) {
  HardwareConfig hw = smallConfig();
  LayerContext ctx;
  ctx.arraysAvailable = 2;
  Layer conv = makeConv("c", 1, 4, 6, 6, 8, 3, 1, 1);
  conv.k = 35;
  EXPECT_EQ(mapError(conv, hw, ctx),
            "layer 'c' (conv): k must equal (in_channels/groups)*kernel_h*"
            "kernel_w = 36, found 35");
  conv = makeConv("c", 1, 4, 6, 6, 8, 3, 1, 1);
  conv.m = 35;
  EXPECT_EQ(mapError(conv, hw, ctx),
            "layer 'c' (conv): m must equal images*out_h*out_w = 36, found 35");
  Layer vec = makeVector("v", 4, 3, 3, {});
  EXPECT_EQ(mapError(vec, hw, ctx),
            "layer 'v' (vector): a vector layer needs at least one "
            "vector_work entry");
}

TEST(Errors, ConfigurationCannotHoldOneStep) {
  HardwareConfig hw = smallConfig();
  hw.lbBytes = 16; // a single token of 20 inputs already needs 10 B + out
  Layer fc = makeMatmul("fc", 4, 20, 6);
  LayerContext ctx;
  ctx.arraysAvailable = 2;
  EXPECT_EQ(mapError(fc, hw, ctx),
            "layer 'fc': no mapping fits: the smallest step needs 19 "
            "local-buffer bytes per core, memory.lb_bytes is 16");
  LayerMapping m;
  m.arraysAvailable = 2;
  m.rowsPerStep = 1;
  llvm::Expected<LayerMapping> full = completeMapping(fc, hw, m);
  ASSERT_TRUE(static_cast<bool>(full));
  EXPECT_EQ(planError(fc, hw, *full),
            "layer 'fc': a step of 1 output rows needs 19 local-buffer bytes "
            "per core, the local buffer holds 16");
}

TEST(Errors, NoArrays) {
  HardwareConfig hw = smallConfig();
  Layer fc = makeMatmul("fc", 4, 20, 6);
  LayerContext ctx; // arrays_available = 0, a dense layer cannot use lanes
  EXPECT_EQ(mapError(fc, hw, ctx),
            "layer 'fc': no mapping: no arrays available and the layer "
            "cannot run on the vector units");
  LayerMapping m;
  m.rowsPerStep = 1;
  EXPECT_EQ(planError(fc, hw, m),
            "layer 'fc': no arrays available (arrays_available = 0)");
}

TEST(Errors, InvalidHardware) {
  HardwareConfig hw = smallConfig();
  hw.rowsActive = 32; // > rows
  Layer fc = makeMatmul("fc", 4, 20, 6);
  LayerContext ctx;
  ctx.arraysAvailable = 2;
  EXPECT_EQ(mapError(fc, hw, ctx),
            "invalid hardware configuration 'small': array.rows_active: must "
            "not exceed array.rows (32 > 16)");
}

TEST(Errors, MappingMismatchesAndInfeasibleChoices) {
  HardwareConfig hw = smallConfig();
  Layer fc = makeMatmul("fc", 4, 20, 6);
  LayerMapping m;
  m.arraysAvailable = 2;
  m.rowsPerStep = 2;
  llvm::Expected<LayerMapping> full = completeMapping(fc, hw, m);
  ASSERT_TRUE(static_cast<bool>(full));
  LayerMapping bad = *full;
  bad.rowTiles = 3;
  EXPECT_EQ(planError(fc, hw, bad),
            "layer 'fc': mapping field 'row_tiles' must be 2, found 3");
  bad = *full;
  bad.replication = 2;
  EXPECT_EQ(planError(fc, hw, bad),
            "layer 'fc': replication 2 needs 4 arrays, only 2 available");
  bad = *full;
  bad.rowsPerStep = 5;
  EXPECT_EQ(planError(fc, hw, bad),
            "layer 'fc': rows_per_step must be in [1, 4], found 5");
  bad = *full;
  bad.unit = ExecUnit::Vector;
  EXPECT_EQ(planError(fc, hw, bad),
            "layer 'fc': unit 'vector' runs only vector layers and grouped "
            "convolutions");
  bad = *full;
  bad.resident = true;
  bad.arraysAvailable = 1;
  bad.columnsPerRound = bad.rowTilesPerRound = 0;
  EXPECT_EQ(planError(fc, hw, bad),
            "layer 'fc': a resident layer needs all 2 tile copies at once, "
            "only 1 arrays granted");
  bad = *full;
  bad.columnsPerRound = 2;
  EXPECT_EQ(planError(fc, hw, bad),
            "layer 'fc': columns_per_round 2 needs 4 arrays, only 2 "
            "available");
  bad = *full;
  bad.columnsPerRound = 0;
  bad.rowTilesPerRound = 2;
  EXPECT_EQ(planError(fc, hw, bad),
            "layer 'fc': a split column needs 1 <= row_tiles_per_round < 2, "
            "<= 2 arrays and no replication, found 2 row tiles, "
            "replication 1");
  Layer qk = makeBatchMatmul("qk", 2, 4, 8, 4);
  LayerMapping r;
  r.arraysAvailable = 2;
  r.resident = true;
  r.rowsPerStep = 1;
  EXPECT_EQ(planError(qk, hw, r),
            "layer 'qk': a batch_matmul's second operand exists only at run "
            "time and cannot be resident");
}

TEST(Errors, BadWorkload) {
  HardwareConfig hw = smallConfig();
  Workload w;
  w.name = "net";
  EXPECT_EQ(llvm::toString(mapNetwork(w, hw).takeError()),
            "workload 'net': no layers");
  w.layers.push_back(makeMatmul("fc", 4, 20, 6));
  w.layers[0].operands = {0};
  EXPECT_EQ(llvm::toString(mapNetwork(w, hw).takeError()),
            "layer 'fc': operand 0 must name an earlier layer (or -1 for the "
            "network input)");
  w.layers[0].operands = {-1};
  std::vector<LayerMapping> none;
  EXPECT_EQ(llvm::toString(evaluateNetwork(w, hw, none).takeError()),
            "workload 'net': 0 mappings for 1 layers");
}

// Issue 14: every integer hardware field has a range, and the message names
// the field and the range (docs/hardware.md).
TEST(Errors, HardwareFieldRanges) {
  auto violation = [](void (*change)(HardwareConfig &)) {
    HardwareConfig hw = smallConfig();
    change(hw);
    return llvm::toString(hw.validate());
  };
  EXPECT_EQ(violation([](HardwareConfig &h) { h.cores = int64_t(1) << 31; }),
            "invalid hardware configuration 'small': array.cores: must lie "
            "in 1..65536, found 2147483648");
  EXPECT_EQ(
      violation([](HardwareConfig &h) { h.arraysPerCore = int64_t(1) << 40; }),
      "invalid hardware configuration 'small': array.arrays_per_core: must "
      "lie in 1..2^20, found 1099511627776");
  EXPECT_EQ(violation([](HardwareConfig &h) {
              h.stepOverheadCycles = 1000000000000000000;
            }),
            "invalid hardware configuration 'small': "
            "schedule.step_overhead_cycles: must lie in 0..2^20, found "
            "1000000000000000000");
  EXPECT_EQ(
      violation([](HardwareConfig &h) { h.adcCycles = int64_t(1) << 62; }),
      "invalid hardware configuration 'small': array.adc_cycles: must lie in "
      "1..65536, found 4611686018427387904");
  EXPECT_EQ(violation([](HardwareConfig &h) { h.outputBits = 65; }),
            "invalid hardware configuration 'small': array.output_bits: must "
            "lie in 1..64, found 65");
  // Each factor in range, the product past 2^20 arrays.
  EXPECT_EQ(violation([](HardwareConfig &h) {
              h.cores = 2048;
              h.arraysPerCore = 1024;
            }),
            "invalid hardware configuration 'small': array.arrays_per_core: "
            "cores * arrays_per_core must not exceed 2^20 arrays, found 2048 "
            "* 1024");
  // The bounds themselves are legal.
  EXPECT_EQ(violation([](HardwareConfig &h) {
              h.cores = 1 << 16;
              h.arraysPerCore = 16;
              h.stepOverheadCycles = 1 << 20;
              h.clockMhz = 100000;
            }),
            "");
}

// Issue 14: layer sizes past the documented limits are errors naming the
// layer, before any arithmetic on them (docs/reliability.md).
TEST(Errors, LayerSizeLimits) {
  HardwareConfig hw = smallConfig();
  LayerContext ctx;
  ctx.arraysAvailable = 2;
  // A Relu over 2^63 - 1 elements cost 32 cycles before (a wrapped count).
  Layer relu = makeVector("relu", 1, 1, 1, {{VectorOp::Relu, INT64_MAX}});
  EXPECT_EQ(mapError(relu, hw, ctx),
            "layer 'relu' (vector): vector work elements is "
            "9223372036854775807; the limit is 2^40");
  Layer conv = makeConv("c", 1, 4, 6, 6, 8, 3, 1, 1);
  conv.padTop = int64_t(1) << 40;
  EXPECT_EQ(mapError(conv, hw, ctx),
            "layer 'c' (conv): pad_top is 1099511627776; the limit is 2^12");
  Layer fc = makeMatmul("fc", 1 << 20, 1 << 20, 1 << 20);
  EXPECT_EQ(mapError(fc, hw, ctx),
            "layer 'fc' (matmul): macs (batch*groups*m*k*n) is "
            "1152921504606846976; the limit is 2^50");
  Layer wide = makeMatmul("wide", 1 << 25, 4, 4);
  EXPECT_EQ(mapError(wide, hw, ctx),
            "layer 'wide': 33554432 rows of temporal steps; the limit is 2^24 "
            "(the mapper tries every distinct step height)");
}

// A hardware configuration inside every range can still make a layer's
// cycles pass int64: one MVM of a 65536-row array read one row at a time
// through one slow ADC takes 2^54 cycles. The mapper reports it instead of
// wrapping (a huge adc_cycles made a network look faster, issue 14).
TEST(Errors, CycleOverflowIsAnError) {
  HardwareConfig hw = smallConfig();
  hw.rows = hw.cols = hw.colsPerAdc = 1 << 16;
  hw.rowsActive = 1;
  hw.adcCycles = 1 << 16;
  hw.weightBits = hw.inputBits = 64;
  hw.bitsPerCell = hw.inputBitsPerCycle = 1;
  hw.lbBytes = int64_t(1) << 36;
  hw.gbBytes = int64_t(1) << 40;
  ASSERT_EQ(llvm::toString(hw.validate()), "");
  // interval = 64 slices * 65536 row groups * 65536 columns * 65536 = 2^54.
  MvmTiming t = mvmTiming(hw, 1 << 16, 1 << 10, true);
  EXPECT_FALSE(t.overflowed);
  EXPECT_EQ(t.interval, int64_t(1) << 54);
  LayerContext ctx;
  ctx.arraysAvailable = 2;
  Layer fc = makeMatmul("fc", 1 << 10, 1 << 16, 1 << 10);
  EXPECT_EQ(mapError(fc, hw, ctx),
            "layer 'fc': a cycle, byte or operation count does not fit a "
            "64-bit integer (the layer or the hardware is too large for the "
            "cost model; docs/reliability.md)");
}

// costOfPlan on counts whose products pass int64 flags the breakdown; the
// same plan with smaller counts costs what the formula says by hand.
TEST(Errors, CostOfPlanFlagsOverflow) {
  HardwareConfig hw = smallConfig(); // hop 5, 4 lanes
  LayerPlan plan;
  PlanCase c;
  c.kind = CaseKind::Step;
  c.count = 1 << 20;
  c.vectorOps = 8; // ceil(8 / 4) = 2 cycles
  plan.cases.push_back(c);
  CostBreakdown ok = costOfPlan(plan, hw);
  EXPECT_FALSE(ok.overflowed);
  EXPECT_EQ(ok.cycles, (int64_t(1) << 20) * (5 + 2));
  EXPECT_EQ(llvm::toString(checkCost(ok, "layer 'x'")), "");
  plan.cases[0].count = int64_t(1) << 62;
  CostBreakdown bad = costOfPlan(plan, hw);
  EXPECT_TRUE(bad.overflowed);
  EXPECT_EQ(llvm::toString(checkCost(bad, "layer 'x'")).substr(0, 48),
            "layer 'x': a cycle, byte or operation count does");
  // Sums over layers are checked as well.
  CostBreakdown half;
  half.cycles = int64_t(1) << 62;
  EXPECT_FALSE(networkTotal({half}).overflowed);
  EXPECT_TRUE(networkTotal({half, half}).overflowed);
}

} // namespace
