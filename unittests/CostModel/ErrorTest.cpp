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

} // namespace
